/**
 * Four buckets, each encrypted wrongly in one of the ways the `encrypted-buckets` policy pack
 * exists to stop. Used to show the pack blocks them, offline; never deploy it.
 */
import * as aws from "@pulumi/aws";

// No default encryption declared: S3 applies SSE-S3.
export const unencrypted = new aws.s3.Bucket("unencrypted").bucket;

// SSE-S3: a key AWS owns, no key policy, no audit trail of its use.
const sseS3 = new aws.s3.Bucket("sse-s3");
new aws.s3.BucketServerSideEncryptionConfiguration("sse-s3-encryption", {
    bucket: sseS3.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

// SSE-KMS under the AWS-managed aws/s3 key: anyone in the account with S3 access can decrypt.
const awsManaged = new aws.s3.Bucket("aws-managed-key");
new aws.s3.BucketServerSideEncryptionConfiguration("aws-managed-key-encryption", {
    bucket: awsManaged.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } }],
});

// SSE-KMS under a customer-managed key of another account: not a key this organisation controls.
const wrongKey = new aws.s3.Bucket("wrong-key");
new aws.s3.BucketServerSideEncryptionConfiguration("wrong-key-encryption", {
    bucket: wrongKey.id,
    rules: [{
        applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: "arn:aws:kms:us-east-1:444455556666:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
        },
    }],
});
