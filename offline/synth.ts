import { Diagnostic } from "./analyzer";
import { CapturedResource, CapturedStack, NotModelled } from "./captured";
import { InvokeRecord } from "./invokes";
import { AwsTarget } from "./target";
import { securePlaceholder } from "./project";

/** One run of the program, as preview or as update, with the policy pack's verdicts on it. */
export interface SynthRun {
    mode: "preview" | "update";
    resources: CapturedResource[];
    outputs: Record<string, unknown>;
    /** Every provider function the program invoked, and how the offline run answered it. */
    invokes: InvokeRecord[];
    diagnostics: Diagnostic[];
}

/** The synthesized stack, written by `npm start`: the shape `offline/synth.schema.json` documents. */
export interface SynthDocument {
    schemaVersion: 1;
    kind: "encrypted-bucket/offline-preview";
    /** Said in the file itself, so that nobody mistakes it for a deployment record. */
    notice: string;
    generatedAt: string;
    project: string;
    stack: string;
    programDir: string;
    policyPack: { name: string; version: string };
    target: AwsTarget & { placeholders: Array<"accountId" | "region"> };
    /** `secure:` config values, which reach the program as secrets holding these placeholders. */
    secretPlaceholders: Record<string, string>;
    /**
     * The completeness ledger: everything the offline engine could not model as the engine would,
     * once each, with the runs it happened in. Empty when the verdict covers the whole stack.
     */
    notModelled: Array<NotModelled & { runs: Array<SynthRun["mode"]> }>;
    runs: SynthRun[];
}

/** The ledger of both runs, each thing once (a component by URN, a function by token and plugin). */
function ledger(runs: CapturedStack[]): SynthDocument["notModelled"] {
    const byKey = new Map<string, SynthDocument["notModelled"][number]>();
    for (const run of runs) {
        const mode = run.preview ? "preview" : "update";
        for (const entry of run.notModelled) {
            const key = JSON.stringify([entry.kind, entry.urn ?? entry.token, entry.plugin.name, entry.plugin.version]);
            const seen = byKey.get(key);
            if (!seen) {
                byKey.set(key, { ...entry, runs: [mode] });
            } else if (!seen.runs.includes(mode)) {
                seen.runs.push(mode);
            }
        }
    }
    return [...byKey.values()];
}

export const OFFLINE_NOTICE =
    "Offline preview: the program ran against a local engine (npm start); nothing was deployed and no cloud API was called. " +
    "Ids and ARNs in the update run are deterministic placeholders; lookups that need AWS are unknown (preview) or placeholders (update).";

/** `configured`: the target values the stack's config set; the rest are placeholders. */
export function synthDocument(
    programDir: string,
    policyPack: { name: string; version: string },
    configured: Partial<AwsTarget>,
    runs: Array<{ captured: CapturedStack; diagnostics: Diagnostic[] }>,
    secretKeys: string[] = [],
): SynthDocument {
    const first = runs[0].captured;
    const placeholders = (["accountId", "region"] as const).filter((field) => configured[field] === undefined);
    return {
        schemaVersion: 1,
        kind: "encrypted-bucket/offline-preview",
        notice: OFFLINE_NOTICE,
        generatedAt: new Date().toISOString(),
        project: first.project,
        stack: first.stack,
        programDir,
        policyPack,
        target: { ...first.target, placeholders },
        secretPlaceholders: Object.fromEntries(secretKeys.map((k) => [k, securePlaceholder(k)])),
        notModelled: ledger(runs.map((r) => r.captured)),
        runs: runs.map(({ captured, diagnostics }) => ({
            mode: captured.preview ? "preview" : "update",
            resources: captured.resources,
            outputs: captured.outputs,
            invokes: captured.invokeAnswers,
            diagnostics,
        })),
    };
}
