/**
 * Resource type tokens this pack names (how to read each is in `model/`). Strings, not
 * `@pulumi/aws` classes: loading the provider SDK costs the pack about 1.7 s of start-up on every preview.
 */

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
