/**
 * Exceptions owned by the policy's owner: entries of a policy's own config (`exceptions`), never
 * anything the checked program declares. Each names one resource by URN (a `*` allowed only in
 * the stack part), the finding codes it covers, a reason, an approver and an expiry date. The
 * JSON schema lets the engine refuse a malformed one before anything runs; the reader checks
 * everything again, because `@pulumi/policy` validates nothing, and an exception it cannot read
 * in full does not apply (it is reported instead): nothing here can make more pass than the
 * policy alone, only turn a covered finding advisory. docs/exceptions.md is the user's side.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Code } from "../findings/codes";
import { Facts, Finding, MalformedParts, finding } from "../findings/finding";
import { wildcardMatch } from "../iam/wildcard";

/** A resource's URN with `*` allowed only in the stack part: one named resource, in the stacks the pattern names. */
const URN_PATTERN = "^urn:pulumi:[A-Za-z0-9_.*-]+::[A-Za-z0-9_.-]+::[^*:]+(:[^*:]+)*::[^*]+$";
const DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const STACK_PART = /^[A-Za-z0-9_.*-]+$/;
const FIELDS = ["urn", "codes", "reason", "approvedBy", "expires"] as const;

/** An exception that applies (well formed, narrow, its codes its policy's, not expired). */
export interface PolicyException {
    /** Where it sits in its policy's config, for reports: `exceptions[0] of <policy>`. */
    where: string;
    urn: string;
    codes: readonly string[];
    reason: string;
    approvedBy: string;
    /** The last day (UTC, YYYY-MM-DD) it applies. */
    expires: string;
}

/** The schema of a policy's `exceptions`, for a policy that reports `codes`. */
export function exceptionsSchema(codes: readonly Code[]): PolicyConfigJSONSchema {
    const text = (description: string): PolicyConfigJSONSchema => ({ type: "string", pattern: "\\S", description });
    return {
        type: "array",
        default: [],
        description: "Findings of this policy its owner accepts for a while, each turned into an advisory naming the reason (docs/exceptions.md).",
        items: {
            type: "object",
            additionalProperties: false,
            required: [...FIELDS],
            properties: {
                urn: {
                    type: "string",
                    pattern: URN_PATTERN,
                    description: "the resource's URN, urn:pulumi:<stack>::<project>::<type>::<name>; `*` is allowed only in the stack part",
                },
                codes: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", enum: [...codes] }, description: "the finding codes it covers, of this policy" },
                reason: text("why the finding is accepted"),
                approvedBy: text("who approved the exception"),
                expires: { type: "string", pattern: DATE_PATTERN, description: "the last day it applies, YYYY-MM-DD (UTC)" },
            },
        },
    };
}

/** The URN's parts; `name` may itself hold `::`. Undefined when it is no URN. */
function urnParts(urn: string): { stack: string; project: string; type: string; name: string } | undefined {
    const prefix = "urn:pulumi:";
    if (!urn.startsWith(prefix)) {
        return undefined;
    }
    const [stack, project, type, ...name] = urn.slice(prefix.length).split("::");
    if (!stack || !project || !type || name.length === 0 || name.join("::") === "") {
        return undefined;
    }
    return { stack, project, type, name: name.join("::") };
}

/** Whether the exception names the resource `urn`: the stack by its pattern, all else exactly. */
function namesResource(pattern: string, urn: string): boolean {
    const p = urnParts(pattern);
    const r = urnParts(urn);
    return p !== undefined && r !== undefined && wildcardMatch(p.stack, r.stack)
        && p.project === r.project && p.type === r.type && p.name === r.name;
}

/**
 * Whether an exception that does not apply meant `urn`: its `urn` read with `*` as a wildcard in
 * every part, as its author wrote it. For reporting it on that resource only, never for covering.
 */
export function meantResource(pattern: string | undefined, urn: string): boolean {
    const p = pattern === undefined ? undefined : urnParts(pattern);
    const r = urnParts(urn);
    return p !== undefined && r !== undefined && (["stack", "project", "type", "name"] as const).every((k) => wildcardMatch(p[k], r[k]));
}

/** The first exception that covers `f`, if any. */
export function coverOf(exceptions: readonly PolicyException[], f: Finding): PolicyException | undefined {
    return exceptions.find((e) => e.codes.includes(f.code) && namesResource(e.urn, f.urn));
}

function isRealDate(s: string): boolean {
    if (!new RegExp(DATE_PATTERN).test(s)) {
        return false;
    }
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function nonBlank(v: unknown): v is string {
    return typeof v === "string" && /\S/.test(v);
}

/** What in `raw` cannot be read, or undefined when every field can. */
function malformedParts(raw: Record<string, unknown>): MalformedParts | undefined {
    const missing = FIELDS.filter((f) => raw[f] === undefined);
    const invalid: string[] = [];
    if (raw.urn !== undefined && (typeof raw.urn !== "string" || urnParts(raw.urn) === undefined || !STACK_PART.test(urnParts(raw.urn)!.stack))) {
        invalid.push("urn");
    }
    if (raw.codes !== undefined && (!Array.isArray(raw.codes) || raw.codes.length === 0 || raw.codes.some((c) => typeof c !== "string"))) {
        invalid.push("codes");
    }
    for (const f of ["reason", "approvedBy"] as const) {
        if (raw[f] !== undefined && !nonBlank(raw[f])) {
            invalid.push(f);
        }
    }
    if (raw.expires !== undefined && (typeof raw.expires !== "string" || !isRealDate(raw.expires))) {
        invalid.push("expires");
    }
    const unknown = Object.keys(raw).filter((k) => !(FIELDS as readonly string[]).includes(k));
    return missing.length + invalid.length + unknown.length > 0 ? { missing, invalid, unknown } : undefined;
}

/** Why the exception `raw` does not apply on `today`, or undefined when it does. */
function problemOf(raw: unknown, codes: readonly Code[], today: string): Facts | undefined {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return { code: "EB-EXC-002", parts: { missing: [], invalid: ["the exception (not an object)"], unknown: [] } };
    }
    const e = raw as Record<string, unknown>;
    const parts = malformedParts(e);
    if (parts) {
        return { code: "EB-EXC-002", parts };
    }
    const urn = urnParts(e.urn as string)!;
    const wildcardIn = (["project", "type", "name"] as const).filter((p) => urn[p].includes("*"));
    if (wildcardIn.length > 0) {
        return { code: "EB-EXC-003", wildcardIn };
    }
    const foreign = (e.codes as string[]).filter((c) => !(codes as readonly string[]).includes(c));
    if (foreign.length > 0) {
        return { code: "EB-EXC-004", codes: foreign };
    }
    return today > (e.expires as string) ? { code: "EB-EXC-001", expires: e.expires as string, today } : undefined;
}

/**
 * The exceptions of `policy`'s config that apply on `today` (YYYY-MM-DD, UTC), and a finding for
 * each that does not. A config whose `exceptions` is not a list applies none and is one finding.
 */
export function readExceptions(policy: string, raw: unknown, codes: readonly Code[], today: string): { valid: PolicyException[]; problems: Finding[] } {
    if (raw === undefined) {
        return { valid: [], problems: [] };
    }
    if (!Array.isArray(raw)) {
        const facts: Facts = { code: "EB-EXC-002", parts: { missing: [], invalid: ["exceptions (not a list)"], unknown: [] } };
        return { valid: [], problems: [problemFinding(policy, `exceptions of ${policy}`, undefined, facts)] };
    }
    const valid: PolicyException[] = [];
    const problems: Finding[] = [];
    raw.forEach((entry: unknown, i) => {
        const where = `exceptions[${i}] of ${policy}`;
        const facts = problemOf(entry, codes, today);
        if (facts) {
            const urn = (entry as { urn?: unknown } | null)?.urn;
            problems.push(problemFinding(policy, where, typeof urn === "string" ? urn : undefined, facts));
        } else {
            const e = entry as Omit<PolicyException, "where">;
            valid.push({ where, urn: e.urn, codes: e.codes, reason: e.reason, approvedBy: e.approvedBy, expires: e.expires });
        }
    });
    return { valid, problems };
}

/** A finding about the stack as a whole (no URN): the exception is config, not a resource. */
function problemFinding(policy: string, where: string, urn: string | undefined, facts: Facts): Finding {
    const subject = { label: "policy exception", ...(urn !== undefined ? { name: urn } : {}), resource: where };
    return finding(policy, "", subject, facts, { kind: facts.code === "EB-EXC-001" ? "exception-renewed" : "exception-valid" });
}
