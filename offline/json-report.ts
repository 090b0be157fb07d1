/**
 * The JSON report `npm start -- --json <file>` writes: the verdict and the distinct findings, each
 * once with the runs that reported it, its rule id and code, in the shape
 * `offline/report.schema.json` documents. The synthesized stack (`--out`) holds the rest.
 */
import { EnforcementLevel, PolicyInfo } from "./analyzer";
import { Finding, RuleDescription, countByLevel, describeRules, distinctFindings } from "./findings";
import { verdict } from "./report";
import { OFFLINE_NOTICE, SynthDocument } from "./synth";

/** What the report says of its stack as the synthesized stack says it. */
type StackHeader = Pick<SynthDocument, "generatedAt" | "project" | "stack" | "programDir" | "policyPack" | "notModelled">;

export interface JsonReport extends StackHeader {
    schemaVersion: 1;
    kind: "encrypted-bucket/offline-preview-report";
    notice: string;
    runs: Array<SynthDocument["runs"][number]["mode"]>;
    /** `npm start`'s exit code and the report's last line. */
    verdict: { exitCode: 0 | 1 | 3; summary: string };
    /** Distinct findings at each enforcement level. */
    counts: Record<EnforcementLevel, number>;
    rules: RuleDescription[];
    findings: Finding[];
}

export function jsonReport(doc: SynthDocument, policies: PolicyInfo[]): JsonReport {
    const findings = distinctFindings(doc);
    const { code, line } = verdict(doc, findings);
    return {
        schemaVersion: 1,
        kind: "encrypted-bucket/offline-preview-report",
        notice: OFFLINE_NOTICE,
        generatedAt: doc.generatedAt, project: doc.project, stack: doc.stack, programDir: doc.programDir, policyPack: doc.policyPack,
        runs: doc.runs.map((r) => r.mode),
        verdict: { exitCode: code, summary: line },
        counts: countByLevel(findings),
        rules: describeRules(findings, policies),
        findings,
        notModelled: doc.notModelled,
    };
}
