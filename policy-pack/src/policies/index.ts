import { Policy } from "@pulumi/policy";
import { kmsKeyOutlivesItsBuckets } from "./kms-key-outlives-its-buckets";
import { kmsKeyPolicyLeastPrivilege } from "./kms-key-policy-least-privilege";
import { kmsKeyRotationEnabled } from "./kms-key-rotation-enabled";
import { s3BucketEncryptedWithCmk } from "./s3-bucket-encrypted-with-cmk";
import { s3BucketPolicyEnforcesCmk } from "./s3-bucket-policy-enforces-cmk";
import { s3LogDeliveriesArrive } from "./s3-log-deliveries-arrive";
import { s3ObjectEncryptedWithCmk } from "./s3-object-encrypted-with-cmk";

/** The pack's policies, in the order the pack declares them (the bench and tests load this list too). */
export const POLICIES: Policy[] = [
    s3BucketEncryptedWithCmk,
    s3BucketPolicyEnforcesCmk,
    kmsKeyRotationEnabled,
    kmsKeyPolicyLeastPrivilege,
    s3ObjectEncryptedWithCmk,
    kmsKeyOutlivesItsBuckets,
    s3LogDeliveriesArrive,
];
