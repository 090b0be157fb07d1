/**
 * The fixed world every fuzz case lives in: one account, its bucket and customer-managed key,
 * other keys an uploader may name, and the callers the oracle tries. Placeholder accounts only.
 */
import { ACCOUNT, OTHER_KEY_ARN, REGION, keyArnOf } from "../tests/policy-pack/fixtures";

export { ACCOUNT };
export const PARTNER_ACCOUNT = OTHER_KEY_ARN.split(":")[4];

/** Stands for the bucket's ARN in generated documents; each stack and the oracle put in their own. */
export const BUCKET_ARN = "arn:aws:s3:::__BUCKET__";
export const KEY_NAME = "fuzz-key";
export const CMK = keyArnOf(KEY_NAME);
/** Another key of the same account, and one of another account. */
export const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0badc0de-1111-4222-8333-444444444444`;
export const FOREIGN_KEY = OTHER_KEY_ARN;

export const SSE = "s3:x-amz-server-side-encryption";
export const KEY_ID = "s3:x-amz-server-side-encryption-aws-kms-key-id";
export const SSE_C = "s3:x-amz-server-side-encryption-customer-algorithm";

/** The bucket's writer; a caller of the same account a `NotPrincipal` may exempt; a caller of another account. */
export const WRITER = `arn:aws:iam::${ACCOUNT}:role/app`;
export const EXEMPT = `arn:aws:iam::${ACCOUNT}:role/exempt`;
export const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;
export const CALLERS = [WRITER, EXEMPT, PARTNER];

/** Object keys uploads go to: one under the prefix mutations narrow denies to, one outside it. */
export const OBJECT_KEYS = ["reports/q1.csv", "x.bin"];

export interface FuzzConfig {
    requireEncryptionHeaders: boolean;
    allowDsse: boolean;
}

export const CONFIGS: FuzzConfig[] = [
    { requireEncryptionHeaders: true, allowDsse: true },
    { requireEncryptionHeaders: true, allowDsse: false },
    { requireEncryptionHeaders: false, allowDsse: true },
    { requireEncryptionHeaders: false, allowDsse: false },
];

export interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export interface Doc {
    Version: string;
    Statement: Statement[];
}

/** One case: a bucket policy (with `BUCKET_ARN` standing for the bucket), the pack's config, and the bucket's SSE-C block. */
export interface Case {
    origin: "random" | "mutation";
    config: FuzzConfig;
    sseCBlocked: boolean;
    doc: Doc;
}

export function forBucket(doc: Doc, bucketName: string): Doc {
    return JSON.parse(JSON.stringify(doc).split("__BUCKET__").join(bucketName)) as Doc;
}
