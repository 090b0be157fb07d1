export { EncryptedBucket, ENCRYPTED_BUCKET_TYPE } from "./encrypted-bucket";
export {
    AccessLogsArgs,
    BucketPolicyStatementArgs,
    EncryptedBucketArgs,
    EnforcementMode,
    PolicyConditionArgs,
    PolicyPrincipalArgs,
    SseAlgorithm,
    UploadArgs,
} from "./args";
export { EncryptedBucketArgsError } from "./settings";
export { buildBucketPolicy, BucketPolicyInputs, BUCKET_POLICY_SIDS } from "./bucket-policy";
export { buildKeyPolicy, KeyPolicyInputs, KEY_POLICY_SIDS } from "./key-policy";
export { buildLogBucketPolicy, LogBucketPolicyInputs, LOG_BUCKET_POLICY_SIDS } from "./log-bucket-policy";
