import { PolicyPack } from "@pulumi/policy";
import { installDecodeOnce } from "./decode-once";
import { kmsKeyOutlivesItsBuckets } from "./policies/kms-key-outlives-its-buckets";
import { kmsKeyPolicyLeastPrivilege } from "./policies/kms-key-policy-least-privilege";
import { kmsKeyRotationEnabled } from "./policies/kms-key-rotation-enabled";
import { s3BucketEncryptedWithCmk } from "./policies/s3-bucket-encrypted-with-cmk";
import { s3BucketPolicyEnforcesCmk } from "./policies/s3-bucket-policy-enforces-cmk";
import { s3ObjectEncryptedWithCmk } from "./policies/s3-object-encrypted-with-cmk";

installDecodeOnce();

new PolicyPack("encrypted-buckets", {
    policies: [
        s3BucketEncryptedWithCmk,
        s3BucketPolicyEnforcesCmk,
        kmsKeyRotationEnabled,
        kmsKeyPolicyLeastPrivilege,
        s3ObjectEncryptedWithCmk,
        kmsKeyOutlivesItsBuckets,
    ],
});
