/**
 * Judges a bucket policy by what it does to uploads: every upload that would end up encrypted
 * other than with the bucket's customer-managed key must be explicitly denied, whatever the
 * statements' order, Sids or spelling. Uploads are enumerated by the three headers that decide
 * their encryption; a key id is the bucket's key, absent, or any other key the uploader picks.
 */
import { ValueObject, asList, isObject } from "../known";
import { RequestContext, RequestValue, evaluateCondition } from "./conditions";
import { UploadTarget, deniesAllUploads } from "./statement";
import { statementLabel } from "./document";
import { hasWildcard } from "./wildcard";

const SSE = "s3:x-amz-server-side-encryption";
const KEY_ID = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C = "s3:x-amz-server-side-encryption-customer-algorithm";

export interface UploadRules {
    requireEncryptionHeaders: boolean;
    allowDsse: boolean;
    /** SSE-C is refused by the bucket's encryption configuration, so the policy need not. */
    sseCBlockedElsewhere: boolean;
}

export interface KeyFacts {
    cmkArn?: string;
    unknownIsCmk: boolean;
}

interface Upload {
    /** Completes "the bucket policy does not deny uploads ...". */
    description: string;
    /** The request's value for each modelled condition key (lower case). */
    values: Readonly<Record<string, RequestValue>>;
}

function upload(description: string, sse: string | undefined, keyId: "absent" | "cmk" | "other-key", sseC?: string): Upload {
    const header = (v: string | undefined): RequestValue => (v === undefined ? { kind: "absent" } : { kind: "exact", value: v });
    // No prototype: a condition key such as "constructor" is simply not modelled.
    const values: Record<string, RequestValue> = Object.create(null);
    values[SSE] = header(sse);
    values[KEY_ID] = keyId === "absent" ? { kind: "absent" } : { kind: keyId };
    values[SSE_C] = header(sseC);
    return { description, values };
}

function badUploadsFor(rules: UploadRules): Upload[] {
    const uploads: Upload[] = [upload("that name SSE-S3 (AES256)", "AES256", "absent")];
    if (rules.requireEncryptionHeaders) {
        uploads.push(upload("that send no encryption header", undefined, "absent"));
    }
    if (!rules.sseCBlockedElsewhere) {
        uploads.push(upload("with a customer-provided key (SSE-C)", undefined, "absent", "AES256"));
    }
    for (const alg of ["aws:kms", "aws:kms:dsse"]) {
        if (alg === "aws:kms:dsse" && !rules.allowDsse) {
            uploads.push(
                upload("that name aws:kms:dsse, which is not allowed", alg, "cmk"),
                upload("that name aws:kms:dsse without a key id", alg, "absent"),
            );
        }
        uploads.push(
            upload(`that name ${alg} without a key id (they are encrypted under the AWS-managed aws/s3 key)`, alg, "absent"),
            upload(`that name ${alg} with a key other than the bucket's`, alg, "other-key"),
        );
    }
    return uploads;
}

// Eight combinations of rules, judged against thousands of buckets: each list is made once.
const badUploadsByRules = new Map<string, readonly Upload[]>();

function badUploads(rules: UploadRules): readonly Upload[] {
    const id = `${rules.requireEncryptionHeaders}/${rules.allowDsse}/${rules.sseCBlockedElsewhere}`;
    let uploads = badUploadsByRules.get(id);
    if (uploads === undefined) {
        uploads = badUploadsFor(rules);
        badUploadsByRules.set(id, uploads);
    }
    return uploads;
}

export interface UploadGaps {
    /** The uploads the statements do not provably deny, as message fragments; empty when it enforces. */
    uploads: string[];
    /** Conditions of deny statements not relied upon because AWS does not document what they do. */
    undocumented: string[];
}

export function undeniedUploads(statements: ValueObject[], target: UploadTarget, keys: KeyFacts, rules: UploadRules): UploadGaps {
    const undocumented = new Set<string>();
    // One context per denying statement, reading the upload under judgement.
    let current: Upload | undefined;
    const denials = statements
        .map((s, i) => ({ s, label: statementLabel(s, i) }))
        .filter(({ s }) => deniesAllUploads(s, target) === true)
        .map(({ s, label }): { s: ValueObject; ctx: RequestContext } => ({
            s,
            ctx: { value: (key) => current?.values[key], cmkArn: keys.cmkArn, unknownIsCmk: keys.unknownIsCmk, note: (why) => undocumented.add(`${label}: ${why}`) },
        }));
    const uploads = badUploads(rules)
        .filter((u) => {
            current = u;
            return !denials.some(({ s, ctx }) => evaluateCondition(s.Condition, ctx) === true);
        })
        .map((u) => u.description);
    return { uploads, undocumented: uploads.length > 0 ? [...undocumented] : [] };
}

/** A finding's tail that says which conditions were not relied upon, and why. */
export function describeUndocumented(gaps: UploadGaps): string {
    return gaps.undocumented.length === 0 ? "" : ` (conditions not relied upon, since AWS does not document what they do: ${gaps.undocumented.join("; ")})`;
}

/**
 * Key ARNs a policy's key-id conditions name: judged on its own (per-resource analysis, before
 * the stack is known), a policy enforces if it narrows uploads to one of them.
 */
export function namedKeyArns(statements: ValueObject[]): string[] {
    const arns = new Set<string>();
    for (const s of statements) {
        for (const block of isObject(s.Condition) ? Object.values(s.Condition) : []) {
            for (const [key, values] of isObject(block) ? Object.entries(block) : []) {
                if (key.toLowerCase() === KEY_ID) {
                    asList(values).forEach((v) => typeof v === "string" && !hasWildcard(v) && arns.add(v));
                }
            }
        }
    }
    return [...arns];
}
