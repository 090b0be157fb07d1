/**
 * Judges a bucket policy by what it does to uploads: every upload that would end up encrypted
 * other than with the bucket's customer-managed key must be explicitly denied, whatever the
 * statements' order, Sids or spelling. Uploads are enumerated by the three headers that decide
 * their encryption; a key id is the bucket's key, absent, or any other key the uploader picks.
 */
import { ValueObject, asList, isObject } from "../known";
import { DeniableRequest, KeyFacts, UploadGaps, WriteRequest, denyingStatements, header, request, undeniedRequests } from "./requests";
import { UploadTarget, deniesAllUploads } from "./statement";
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

/** An upload asking for `asks`, with the headers that say so (SSE-C sends its algorithm, AES256). */
function upload(asks: WriteRequest): DeniableRequest {
    const key = asks.key === "absent" ? { kind: "absent" as const } : { kind: asks.key };
    return request(asks, { [SSE]: header(asks.algorithm), [KEY_ID]: key, [SSE_C]: header(asks.customerKey ? "AES256" : undefined) });
}

/** The uploads a bucket policy must deny under `rules`, as data: findings word them and what is expected from this one list. */
export function uploadsToDeny(rules: UploadRules): WriteRequest[] {
    const uploads: WriteRequest[] = [{ algorithm: "AES256", key: "absent" }];
    if (rules.requireEncryptionHeaders) {
        uploads.push({ key: "absent" });
    }
    if (!rules.sseCBlockedElsewhere) {
        uploads.push({ key: "absent", customerKey: true });
    }
    for (const algorithm of ["aws:kms", "aws:kms:dsse"] as const) {
        if (algorithm === "aws:kms:dsse" && !rules.allowDsse) {
            uploads.push({ algorithm, key: "cmk" });
        }
        uploads.push({ algorithm, key: "absent" }, { algorithm, key: "other-key" });
    }
    return uploads;
}

// Eight combinations of rules, judged against thousands of buckets: each list is made once.
const badUploadsByRules = new Map<string, readonly DeniableRequest[]>();

function badUploads(rules: UploadRules): readonly DeniableRequest[] {
    const id = `${rules.requireEncryptionHeaders}/${rules.allowDsse}/${rules.sseCBlockedElsewhere}`;
    let uploads = badUploadsByRules.get(id);
    if (uploads === undefined) {
        uploads = uploadsToDeny(rules).map(upload);
        badUploadsByRules.set(id, uploads);
    }
    return uploads;
}

export function undeniedUploads(statements: ValueObject[], target: UploadTarget, keys: KeyFacts, rules: UploadRules): UploadGaps {
    return undeniedRequests(statements, (s) => deniesAllUploads(s, target), badUploads(rules), keys);
}

/**
 * The statements that refuse one upload, asking for `asks`, to every principal (so to whoever
 * deploys the stack, whose identity the pack is not told); empty when none provably does.
 */
export function refusingStatements(statements: ValueObject[], target: UploadTarget, keys: KeyFacts, asks: WriteRequest): string[] {
    return denyingStatements(statements, (s) => deniesAllUploads(s, target), upload(asks), keys);
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
