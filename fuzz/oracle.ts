/**
 * The independent judge: `@cloud-copilot/iam-simulate` (dev dependency only) decides each upload
 * that must never succeed, for callers of this account and another, to several object keys. Every
 * caller's own IAM policy allows any upload, so only the bucket policy stands in the way.
 */
import { PolicyDocument } from "../tests/iam/policy";
import { Call, evaluate } from "../tests/iam/simulate";
import { ACCOUNT, CALLERS, CMK, Case, Doc, FOREIGN_KEY, KEY_ID, OBJECT_KEYS, OTHER_KEY, PARTNER, SSE, SSE_C, WRITER, forBucket } from "./world";

export const ORACLE_BUCKET = "fuzz-oracle";

export interface Upload {
    label: string;
    headers: Record<string, string>;
}

/** Every upload the bucket must refuse under the case's config and SSE-C setting. */
export function forbiddenUploads(c: Pick<Case, "config" | "sseCBlocked">): Upload[] {
    const kms = (alg: string, key?: string): Record<string, string> => ({ [SSE]: alg, ...(key ? { [KEY_ID]: key } : {}) });
    const uploads: Upload[] = [
        { label: "SSE-S3 (AES256)", headers: { [SSE]: "AES256" } },
        { label: "aws:kms without a key id", headers: kms("aws:kms") },
        { label: "aws:kms with another key of this account", headers: kms("aws:kms", OTHER_KEY) },
        { label: "aws:kms with a key of another account", headers: kms("aws:kms", FOREIGN_KEY) },
        { label: "aws:kms:dsse without a key id", headers: kms("aws:kms:dsse") },
        { label: "aws:kms:dsse with another key of this account", headers: kms("aws:kms:dsse", OTHER_KEY) },
        { label: "aws:kms:dsse with a key of another account", headers: kms("aws:kms:dsse", FOREIGN_KEY) },
    ];
    if (c.config.requireEncryptionHeaders) {
        uploads.unshift({ label: "no encryption header", headers: {} });
    }
    if (!c.config.allowDsse) {
        uploads.push({ label: "aws:kms:dsse with the bucket's key (dsse not allowed)", headers: kms("aws:kms:dsse", CMK) });
    }
    if (!c.sseCBlocked) {
        uploads.push({ label: "SSE-C", headers: { [SSE_C]: "AES256" } });
    }
    return uploads;
}

export const CMK_UPLOAD: Upload = { label: "aws:kms with the bucket's key", headers: { [SSE]: "aws:kms", [KEY_ID]: CMK } };

const allowAnyUpload: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] };

export interface Attempt {
    upload: string;
    caller: string;
    objectKey: string;
}

export interface OracleVerdict {
    /** A forbidden upload the evaluator allows: the policy is insecure. */
    witness?: Attempt & { problems: string[] };
    /** No forbidden upload allowed, and the writer's upload with the bucket's key allowed. */
    safeAndWorking: boolean;
    /** What the evaluator could not evaluate (unknown operators, non-ARN values...): the answer is unproven. */
    problems: string[];
    simulations: number;
}

function call(doc: Doc, caller: string, objectKey: string, upload: Upload): Call {
    return {
        principal: caller,
        action: "s3:PutObject",
        resource: `arn:aws:s3:::${ORACLE_BUCKET}/${objectKey}`,
        resourceAccount: ACCOUNT,
        secureTransport: true,
        context: upload.headers,
        identityPolicies: [allowAnyUpload],
        resourcePolicy: doc as PolicyDocument,
    };
}

/**
 * Tries every forbidden upload, stopping at the first allowed one; then whether the writer can
 * still upload with the bucket's key.
 */
export async function judgeByEvaluator(c: Case): Promise<OracleVerdict> {
    const doc = forBucket(c.doc, ORACLE_BUCKET);
    const problems = new Set<string>();
    let simulations = 0;
    const attempt = async (caller: string, objectKey: string, upload: Upload) => {
        simulations++;
        const r = await evaluate(call(doc, caller, objectKey, upload));
        r.problems.forEach((p) => problems.add(p));
        return r;
    };
    const callers = CALLERS.filter((caller) => callerMatters(doc, caller));
    const objectKeys = OBJECT_KEYS.filter((k, i) => i === 0 || resourcesTellApart(doc, OBJECT_KEYS[0], k));
    for (const upload of forbiddenUploads(c)) {
        for (const caller of callers) {
            for (const objectKey of objectKeys) {
                const r = await attempt(caller, objectKey, upload);
                if (r.outcome.decision === "Allowed") {
                    return { witness: { upload: upload.label, caller, objectKey, problems: r.problems }, safeAndWorking: false, problems: [...problems], simulations };
                }
            }
        }
    }
    let working = true;
    for (const objectKey of objectKeys) {
        working = working && (await attempt(WRITER, objectKey, CMK_UPLOAD)).outcome.decision === "Allowed";
    }
    return { safeAndWorking: working, problems: [...problems], simulations };
}

/*
 * Requests that cannot change the answer are skipped, by rules of IAM rather than of the pack:
 * another account's caller is refused unless some resource-policy statement allows it ("Cross-
 * account policy evaluation logic" in the IAM User Guide), and a caller of this account differs
 * from the writer only where some statement names principals other than everyone.
 */
function callerMatters(doc: Doc, caller: string): boolean {
    if (caller === WRITER) {
        return true;
    }
    if (caller === PARTNER) {
        return doc.Statement.some((s) => typeof s.Effect !== "string" || s.Effect.toLowerCase() !== "deny");
    }
    const everyone = (p: unknown) => p === "*" || (typeof p === "object" && p !== null && JSON.stringify(p) === JSON.stringify({ AWS: "*" }));
    return doc.Statement.some((s) => s.NotPrincipal !== undefined || !everyone(s.Principal));
}

/** Whether some Resource or NotResource pattern matches one object ARN and not the other. */
function resourcesTellApart(doc: Doc, a: string, b: string): boolean {
    const arn = (k: string) => `arn:aws:s3:::${ORACLE_BUCKET}/${k}`;
    const patterns = doc.Statement.flatMap((s) => [s.Resource, s.NotResource].flat()).filter((p): p is string => typeof p === "string");
    return patterns.some((p) => globMatches(p, arn(a)) !== globMatches(p, arn(b)));
}

function globMatches(pattern: string, value: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`, "s").test(value);
}
