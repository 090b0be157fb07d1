import { Policy } from "@pulumi/policy";
import { withExceptions, utcToday } from "../exceptions/apply";
import { codesOf } from "../findings/policy-codes";
import { kmsKeyOutlivesItsBuckets } from "./kms-key-outlives-its-buckets";
import { kmsKeyPolicyLeastPrivilege } from "./kms-key-policy-least-privilege";
import { kmsKeyRotationEnabled } from "./kms-key-rotation-enabled";
import { s3BucketEncryptedWithCmk } from "./s3-bucket-encrypted-with-cmk";
import { s3BucketPolicyEnforcesCmk } from "./s3-bucket-policy-enforces-cmk";
import { s3LogDeliveriesArrive } from "./s3-log-deliveries-arrive";
import { s3ObjectEncryptedWithCmk } from "./s3-object-encrypted-with-cmk";

/** The pack's checks as written, in the order the pack declares them (tests load this list too). */
export const POLICIES: Policy[] = [
    s3BucketEncryptedWithCmk,
    s3BucketPolicyEnforcesCmk,
    kmsKeyRotationEnabled,
    kmsKeyPolicyLeastPrivilege,
    s3ObjectEncryptedWithCmk,
    kmsKeyOutlivesItsBuckets,
    s3LogDeliveriesArrive,
];

/**
 * The policies the pack runs: its checks with their owner's exceptions applied, expiry judged on
 * `today()`. The pack passes the real date; only tests pass another (tests/policy-pack/dated-pack).
 */
export function packPolicies(today: () => string = utcToday): Policy[] {
    return POLICIES.map((p) => withExceptions(p, codesOf(p.name), today));
}
