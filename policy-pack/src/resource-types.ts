/**
 * Resource type tokens this pack reads, and how to read the bucket policy types. Strings, not
 * `@pulumi/aws` classes: loading the provider SDK costs the pack about 1.7 s of start-up on every preview.
 */
import type { PolicyDialect } from "./model/bucket-kinds";

export const TYPES = {
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    nativeBucket: "aws-native:s3:Bucket",
    encryptionConfig: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    encryptionConfigV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    nativeBucketPolicy: "aws-native:s3:BucketPolicy",
    nativeDirectoryBucketPolicy: "aws-native:s3express:BucketPolicy",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    /** The component of this project: it declares its bucket policy's statements among its outputs. */
    encryptedBucket: "encrypted-bucket:index:EncryptedBucket",
} as const;

export const ENCRYPTION_CONFIG_TYPES: ReadonlySet<string> = new Set([TYPES.encryptionConfig, TYPES.encryptionConfigV2]);
export interface BucketPolicyKind {
    /** The property holding the document: aws-native keeps CloudFormation's name for it. */
    document: "policy" | "policyDocument";
    /** Set where the type alone fixes the dialect; otherwise its bucket says, or the bucket's name when judged alone. */
    dialect?: PolicyDialect;
}

/** Bucket policy resources, type token -> how to read one. */
export const BUCKET_POLICY_KINDS: ReadonlyMap<string, BucketPolicyKind> = new Map<string, BucketPolicyKind>([
    [TYPES.bucketPolicy, { document: "policy" }],
    [TYPES.nativeBucketPolicy, { document: "policyDocument" }],
    [TYPES.nativeDirectoryBucketPolicy, { document: "policyDocument", dialect: "s3express" }],
]);
export const BUCKET_POLICY_TYPES: ReadonlySet<string> = new Set(BUCKET_POLICY_KINDS.keys());
