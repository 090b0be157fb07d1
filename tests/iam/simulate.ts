/**
 * The one door to the evaluator (`@cloud-copilot/iam-simulate`, AGPL-3.0: a dev dependency only,
 * never imported outside tests/). It makes every case honest about what the evaluator does not do:
 *
 * - `aws:SecureTransport` and `aws:PrincipalAccount` are always passed (the evaluator derives
 *   neither, and `Bool aws:SecureTransport false` does not match a missing key), and
 *   `kms:CallerAccount` on every KMS call. It is not passed on S3 calls: it does not apply to
 *   them, the evaluator would drop it, and a dropped key fails the case (next point).
 * - A case FAILS (throws) when the evaluator reports ignored context keys (a key that does not
 *   apply to the action is dropped silently and the case would prove nothing about it), when a
 *   condition has an operator it does not know (it would just not match), when a condition value
 *   or a resource could not be evaluated, or when the simulation does not run at all.
 */
import { getDenialReasons, getGrantReasons, runSimulation } from "@cloud-copilot/iam-simulate";
import { ACCOUNT, accountOf } from "./fixtures";
import { PolicyDocument } from "./policy";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Call {
    principal: string;
    /** `s3:PutObject`, `kms:Decrypt`, ... */
    action: string;
    resource: string;
    /** The account owning the resource; defaults to the deployment account. */
    resourceAccount?: string;
    /** False: plain HTTP. */
    secureTransport: boolean;
    /** `s3:TlsVersion`, S3 calls over TLS only (absent on plain HTTP, as in AWS). */
    tlsVersion?: string;
    /** Further request context: S3 headers, `kms:ViaService`, ... */
    context?: Record<string, string | string[]>;
    identityPolicies: PolicyDocument[];
    /** The bucket policy or the key policy. */
    resourcePolicy?: PolicyDocument;
}

export interface Outcome {
    decision: Decision;
    /** Sids of the explicit denies (resource and identity policies), sorted. */
    deniedBy: string[];
    /** Sids of the resource-policy statements that matched as allows, sorted. */
    grantedBy: string[];
}

/** Thrown when a case cannot prove anything: it must fail, never pass quietly. */
export class DishonestCaseError extends Error {}

interface ConditionExplainLike {
    operator?: string;
    conditionKeyValue?: string;
    missingOperator?: boolean;
    failedBecauseArray?: boolean;
    values?: { errors?: string[] } | Array<{ errors?: string[] }>;
}

/** The evaluator's non-invertible resource mismatch reasons: invalid input, not a real mismatch. */
const UNEVALUATED_RESOURCE = new Set(["invalidPolicyResourceArn", "requestMissingResource", "unresolvablePolicyVariable", "shortArnExpandedMismatch"]);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every problem the evaluator recorded in a statement explain, anywhere in the analysis. */
function explainProblems(analysis: unknown): string[] {
    const problems: string[] = [];
    const seen = new Set<unknown>();
    const walk = (node: unknown): void => {
        if (node === null || typeof node !== "object" || seen.has(node)) {
            return;
        }
        seen.add(node);
        const obj = node as Record<string, unknown>;
        if (typeof obj.operator === "string" && "conditionKeyValue" in obj) {
            const c = obj as ConditionExplainLike;
            if (c.missingOperator) {
                problems.push(`unknown condition operator ${c.operator} on ${c.conditionKeyValue}`);
            }
            if (c.failedBecauseArray) {
                problems.push(`${c.operator} on multi-valued ${c.conditionKeyValue} without a set operator`);
            }
            for (const v of Array.isArray(c.values) ? c.values : c.values ? [c.values] : []) {
                for (const e of v.errors ?? []) {
                    problems.push(`condition ${c.operator} ${c.conditionKeyValue}: ${e}`);
                }
            }
        }
        // A resource that simply does not match is an answer; one that could not be evaluated is not.
        if ("resource" in obj && typeof obj.mismatchReason === "string" && UNEVALUATED_RESOURCE.has(obj.mismatchReason)) {
            problems.push(`resource ${String(obj.resource)} not evaluated (${obj.mismatchReason}): ${asArray(obj.errors).join("; ")}`);
        }
        for (const value of Array.isArray(node) ? node : Object.values(obj)) {
            walk(value);
        }
    };
    walk(analysis);
    return [...new Set(problems)];
}

export function describeCall(call: Call): string {
    const ctx = { ...(call.tlsVersion ? { "s3:TlsVersion": call.tlsVersion } : {}), ...call.context };
    const tls = call.secureTransport ? `TLS ${call.tlsVersion ?? "(version not set)"}` : "plain HTTP";
    return `${call.principal} ${call.action} ${call.resource} over ${tls} with ${JSON.stringify(ctx)}`;
}

export function contextOf(call: Call): Record<string, string | string[]> {
    const callerAccount = accountOf(call.principal);
    const context: Record<string, string | string[]> = {
        "aws:SecureTransport": call.secureTransport ? "true" : "false",
        "aws:PrincipalAccount": callerAccount,
    };
    if (call.action.startsWith("kms:")) {
        context["kms:CallerAccount"] = callerAccount;
    }
    if (call.tlsVersion !== undefined) {
        if (!call.secureTransport) {
            throw new DishonestCaseError(`a plain HTTP request has no TLS version: ${describeCall(call)}`);
        }
        context["s3:TlsVersion"] = call.tlsVersion;
    }
    return { ...context, ...call.context };
}

export async function simulate(call: Call): Promise<Outcome> {
    const { outcome, problems } = await evaluate(call);
    if (problems.length > 0) {
        throw new DishonestCaseError(`${problems.join("; ")}: ${describeCall(call)}`);
    }
    return outcome;
}

/**
 * The evaluator's answer with what it could not evaluate beside it, for callers (the fuzzer) that
 * must see both rather than fail: every entry in `problems` makes the answer unproven.
 */
export async function evaluate(call: Call): Promise<{ outcome: Outcome; problems: string[] }> {
    const result = await runSimulation(
        {
            request: {
                principal: call.principal,
                action: call.action,
                resource: { resource: call.resource, accountId: call.resourceAccount ?? ACCOUNT },
                contextVariables: contextOf(call),
            },
            identityPolicies: call.identityPolicies.map((policy, i) => ({ name: `identity-${i + 1}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: call.resourcePolicy,
        },
        {},
    );
    if (result.resultType !== "single") {
        const detail = result.resultType === "error" ? JSON.stringify(result.errors) : `a ${result.resultType} result`;
        throw new DishonestCaseError(`the simulation did not run as one request (${detail}): ${describeCall(call)}`);
    }
    const problems: string[] = [];
    const ignored = result.result.ignoredContextKeys ?? [];
    if (ignored.length > 0) {
        problems.push(`the evaluator ignored context keys ${ignored.join(", ")} (they do not apply to ${call.action})`);
    }
    const unevaluated = explainProblems(result.result.analysis);
    if (unevaluated.length > 0) {
        problems.push(`the evaluator could not evaluate every statement: ${unevaluated.join("; ")}`);
    }
    const analysis = result.result.analysis;
    const deniedBy = getDenialReasons(analysis)
        .flatMap((d) => (d.denialType === "Explicit" ? [d.statementId ?? `${d.policyType}#${d.statementIndex}`] : []))
        .sort();
    const grantedBy = getGrantReasons(analysis)
        .flatMap((g) => (g.policyType === "resource" ? [g.statementId ?? `resource#${g.statementIndex}`] : []))
        .sort();
    return { outcome: { decision: result.overallResult, deniedBy: [...new Set(deniedBy)], grantedBy: [...new Set(grantedBy)] }, problems };
}
