/**
 * The policy pack's verdicts as findings: each distinct finding once, whichever runs (preview,
 * update) reported it. The text report counts these, and the JSON report and the SARIF log list
 * them. A finding's rule is its finding code, the prefix of the policy's message matched by
 * `FINDING_CODE` ("EB-ENC-001: ..."), or the policy's name for a message without one.
 */
import * as path from "path";
import { fileURLToPath } from "url";
import { Diagnostic, EnforcementLevel, PolicyInfo } from "./analyzer";
import { CapturedResource } from "./captured";
import { SourcePosition } from "./registration";
import { SynthDocument, SynthRun } from "./synth";

/** A stable finding code at the start of a policy's message, followed by ": ". */
export const FINDING_CODE = /^([A-Z]+(?:-[A-Z0-9]+)+): /;

/** A URL a message ends with (trailing punctuation and a closing bracket aside). */
const TRAILING_URL = /(https?:\/\/[^\s()<>]+[^\s()<>.,;:!?'"])[)\].,;:!?'"]*\s*$/;

export type RunMode = SynthRun["mode"];

/** Where in the program a resource was registered, relative to the program's folder. */
export interface ProgramLocation {
    /** Relative to the program folder, with `/` separators. */
    file: string;
    line: number;
    column: number;
}

export interface FindingResource {
    urn: string;
    type: string;
    name: string;
}

export interface Finding {
    /** The finding code, or the policy's name when its message has none. */
    ruleId: string;
    /** The finding code the message starts with; absent when it has none. */
    code?: string;
    policyName: string;
    policyPackName: string;
    enforcementLevel: EnforcementLevel;
    /** The policy's own message: the diagnostic's message without the policy description the SDK puts before it. */
    message: string;
    /** The URL the message ends with, if it ends with one. */
    messageUrl?: string;
    /** The resource it is about; absent for a finding about the stack as a whole. */
    resource?: FindingResource;
    /** Where the program registered that resource, when the SDK said and it lies in the program's folder. */
    location?: ProgramLocation;
    /** The runs that reported it, in run order. */
    runs: RunMode[];
}

/**
 * The policy's own message. `@pulumi/policy` sends `<description>\n<message>` for a violation
 * reported as a string, and the message alone for one reported as an object.
 */
export function ownMessage(d: Diagnostic): string {
    return d.description && d.message.startsWith(`${d.description}\n`) ? d.message.slice(d.description.length + 1) : d.message;
}

export function findingCode(message: string): string | undefined {
    return FINDING_CODE.exec(message)?.[1];
}

export function trailingUrl(message: string): string | undefined {
    return TRAILING_URL.exec(message)?.[1];
}

/** Type and name from a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`); a name may hold `::`. */
export function urnParts(urn: string): { qualifiedType: string; type: string; name: string } {
    const [, , qualifiedType = "", ...name] = urn.split("::");
    return { qualifiedType, type: qualifiedType.split("$").pop() ?? "", name: name.join("::") };
}

/**
 * The innermost frame of the registration's source that lies in the program's folder (outside its
 * node_modules), relative to that folder; none when the SDK sent no source position.
 */
export function programLocation(source: SourcePosition[] | undefined, programDir: string): ProgramLocation | undefined {
    for (const position of source ?? []) {
        let file: string;
        try {
            file = fileURLToPath(position.uri);
        } catch {
            continue;
        }
        const relative = path.relative(programDir, file);
        if (relative && !relative.startsWith("..") && !path.isAbsolute(relative) && !relative.split(path.sep).includes("node_modules")) {
            return { file: relative.split(path.sep).join("/"), line: position.line, column: position.column };
        }
    }
    return undefined;
}

/**
 * Every distinct finding of the document's runs, once, in the order first reported: the same
 * rule, policy, level, resource and message in two runs is one finding seen in both. A message
 * that differs between the runs (an unknown in preview, a placeholder ARN in update) is two.
 */
export function distinctFindings(doc: SynthDocument): Finding[] {
    const byKey = new Map<string, Finding>();
    const resources = new Map<string, CapturedResource>();
    for (const run of doc.runs) {
        for (const r of run.resources) {
            if (!resources.has(r.urn)) {
                resources.set(r.urn, r);
            }
        }
    }
    for (const run of doc.runs) {
        for (const d of run.diagnostics) {
            const message = ownMessage(d);
            const code = findingCode(message);
            const ruleId = code ?? d.policyName;
            const key = JSON.stringify([ruleId, d.policyPackName, d.policyName, d.enforcementLevel, d.urn, message]);
            const seen = byKey.get(key);
            if (seen) {
                if (!seen.runs.includes(run.mode)) {
                    seen.runs.push(run.mode);
                }
                continue;
            }
            const { type, name } = urnParts(d.urn);
            const location = d.urn ? programLocation(resources.get(d.urn)?.source, doc.programDir) : undefined;
            const messageUrl = trailingUrl(message);
            byKey.set(key, {
                ruleId,
                ...(code ? { code } : {}),
                policyName: d.policyName,
                policyPackName: d.policyPackName,
                enforcementLevel: d.enforcementLevel,
                message,
                ...(messageUrl ? { messageUrl } : {}),
                ...(d.urn ? { resource: { urn: d.urn, type, name } } : {}),
                ...(location ? { location } : {}),
                runs: [run.mode],
            });
        }
    }
    return [...byKey.values()];
}

/** How many distinct findings there are at each enforcement level. */
export function countByLevel(findings: Finding[]): Record<EnforcementLevel, number> {
    const counts: Record<EnforcementLevel, number> = { mandatory: 0, advisory: 0, remediate: 0, disabled: 0 };
    for (const f of findings) {
        counts[f.enforcementLevel] += 1;
    }
    return counts;
}

/** A rule as both outputs describe it. */
export interface RuleDescription {
    id: string;
    policyName: string;
    description: string;
    remediationSteps?: string;
    helpUri?: string;
}

/**
 * One rule per rule id of the findings, in order of first finding: the policy's description and
 * remediation steps, and as help URL the URL the rule's messages end with, else the policy's `url`.
 */
export function describeRules(findings: Finding[], policies: PolicyInfo[]): RuleDescription[] {
    const groups = new Map<string, Finding[]>();
    for (const f of findings) {
        groups.set(f.ruleId, [...(groups.get(f.ruleId) ?? []), f]);
    }
    return [...groups].map(([id, group]) => {
        const policy = policies.find((p) => p.name === group[0].policyName);
        const helpUri = group.find((f) => f.messageUrl)?.messageUrl ?? policy?.url;
        return {
            id,
            policyName: group[0].policyName,
            description: policy?.description || group[0].policyName,
            ...(policy?.remediationSteps ? { remediationSteps: policy.remediationSteps } : {}),
            ...(helpUri ? { helpUri } : {}),
        };
    });
}
