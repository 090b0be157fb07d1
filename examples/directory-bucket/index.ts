import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// Directory buckets take one customer-managed key for their whole life: create it first.
const key = new aws.kms.Key("express-key", { description: "directory bucket express-data", enableKeyRotation: true });

const bucket = new aws.s3.DirectoryBucket("express-data", {
    bucket: "express-data--use1-az4--x-s3",
    location: { name: "use1-az4" },
});

new aws.s3.BucketServerSideEncryptionConfiguration("express-data-encryption", {
    bucket: bucket.bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
});

// Every write to a directory bucket runs in a CreateSession session: deny sessions that name no
// KMS key (AWS's documented way to require SSE-KMS) or another key.
const partition = aws.getPartitionOutput().partition;
const region = aws.getRegionOutput().region;
const account = aws.getCallerIdentityOutput().accountId;
const bucketArn = pulumi.interpolate`arn:${partition}:s3express:${region}:${account}:bucket/${bucket.bucket}`;

new aws.s3.BucketPolicy("express-data-policy", {
    bucket: bucket.bucket,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenySessionsWithoutKmsKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3express:CreateSession",
                Resource: bucketArn,
                Condition: { Null: { "s3express:x-amz-server-side-encryption-aws-kms-key-id": "true" } },
            },
            {
                Sid: "DenySessionsWithAnotherKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3express:CreateSession",
                Resource: bucketArn,
                Condition: { StringNotEquals: { "s3express:x-amz-server-side-encryption-aws-kms-key-id": key.arn } },
            },
        ],
    }),
});

export const bucketName = bucket.bucket;
