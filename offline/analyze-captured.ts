import { Diagnostic, PolicyAnalyzer } from "./analyzer";
import { CapturedStack } from "./captured";

/**
 * A captured stack through a policy pack in the engine's order: every resource policy on each
 * resource's inputs (as registered), then every stack policy on the outputs.
 */
export async function analyzeCaptured(analyzer: PolicyAnalyzer, captured: CapturedStack): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const r of captured.resources) {
        diagnostics.push(...(await analyzer.analyze({ ...r, properties: r.inputs })));
    }
    diagnostics.push(...(await analyzer.analyzeStack(captured.resources)));
    return diagnostics;
}
