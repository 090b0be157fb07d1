/**
 * Judges a bucket policy by what it does to uploads: every upload that would end up encrypted
 * other than with the bucket's customer-managed key must be explicitly denied, whatever the
 * statements' order, Sids or spelling. Uploads are enumerated by the three headers that decide
 * their encryption; a key id is the bucket's key, absent, or any other key the uploader picks.
 */
import { ValueObject, asList, isObject } from "../known";
import { DeniableRequest, KeyFacts, UploadGaps, header, request, undeniedRequests } from "./requests";
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

function upload(description: string, sse: string | undefined, keyId: "absent" | "cmk" | "other-key", sseC?: string): DeniableRequest {
    return request(description, { [SSE]: header(sse), [KEY_ID]: keyId === "absent" ? { kind: "absent" } : { kind: keyId }, [SSE_C]: header(sseC) });
}

function badUploadsFor(rules: UploadRules): DeniableRequest[] {
    const uploads: DeniableRequest[] = [upload("that name SSE-S3 (AES256)", "AES256", "absent")];
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
const badUploadsByRules = new Map<string, readonly DeniableRequest[]>();

function badUploads(rules: UploadRules): readonly DeniableRequest[] {
    const id = `${rules.requireEncryptionHeaders}/${rules.allowDsse}/${rules.sseCBlockedElsewhere}`;
    let uploads = badUploadsByRules.get(id);
    if (uploads === undefined) {
        uploads = badUploadsFor(rules);
        badUploadsByRules.set(id, uploads);
    }
    return uploads;
}

export function undeniedUploads(statements: ValueObject[], target: UploadTarget, keys: KeyFacts, rules: UploadRules): UploadGaps {
    return undeniedRequests(statements, (s) => deniesAllUploads(s, target), badUploads(rules), keys);
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
