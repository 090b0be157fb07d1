import { Diagnostic, PolicyAnalyzer } from "./analyzer";
import { CapturedStack } from "./captured";

/**
 * Resource analyses in flight at once, as the engine's step executor runs up to `--parallel`
 * (16 by default) steps at a time, each calling the analyzers: the pack still judges one at a
 * time (one process), but no call waits for the previous one's round trip.
 */
const IN_FLIGHT = 16;

/**
 * A captured stack through a policy pack in the engine's order: every resource policy on each
 * resource's inputs (as registered), then every stack policy on the outputs. Diagnostics are in
 * the resources' order, whatever order the answers came in.
 */
export async function analyzeCaptured(analyzer: PolicyAnalyzer, captured: CapturedStack): Promise<Diagnostic[]> {
    const perResource: Diagnostic[][] = new Array(captured.resources.length);
    let next = 0;
    const worker = async () => {
        while (next < captured.resources.length) {
            const i = next++;
            const r = captured.resources[i];
            perResource[i] = await analyzer.analyze({ ...r, properties: r.inputs });
        }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, captured.resources.length) }, worker));
    return [...perResource.flat(), ...(await analyzer.analyzeStack(captured.resources))];
}
