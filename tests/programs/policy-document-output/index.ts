// The way Terraform users write Pulumi: a key, a bucket, its settings, and a policy document
// assembled with getPolicyDocumentOutput from the outputs of the other resources.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const reportsKey = new aws.kms.Key("reports-key", {
    description: "Encrypts the monthly reports",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});

const reports = new aws.s3.Bucket("reports", { forceDestroy: false });

new aws.s3.BucketServerSideEncryptionConfiguration("reports-sse", {
    bucket: reports.id,
    rules: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: reportsKey.arn },
        bucketKeyEnabled: true,
    }],
});

new aws.s3.BucketPublicAccessBlock("reports-pab", {
    bucket: reports.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

const everyone = [{ type: "*", identifiers: ["*"] }];
const objects = pulumi.interpolate`${reports.arn}/*`;

const policy = aws.iam.getPolicyDocumentOutput({
    statements: [
        {
            sid: "DenyPlainHttp",
            effect: "Deny",
            principals: everyone,
            actions: ["s3:*"],
            resources: [reports.arn, objects],
            conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
            sid: "DenyUnencrypted",
            effect: "Deny",
            principals: everyone,
            actions: ["s3:PutObject"],
            resources: [objects],
            conditions: [{ test: "Null", variable: "s3:x-amz-server-side-encryption", values: ["true"] }],
        },
        {
            sid: "DenyOtherAlgorithms",
            effect: "Deny",
            principals: everyone,
            actions: ["s3:PutObject"],
            resources: [objects],
            conditions: [
                { test: "Null", variable: "s3:x-amz-server-side-encryption", values: ["false"] },
                { test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] },
            ],
        },
        {
            sid: "DenyKmsWithoutKey",
            effect: "Deny",
            principals: everyone,
            actions: ["s3:PutObject"],
            resources: [objects],
            conditions: [
                { test: "Null", variable: "s3:x-amz-server-side-encryption", values: ["false"] },
                { test: "Null", variable: "s3:x-amz-server-side-encryption-aws-kms-key-id", values: ["true"] },
            ],
        },
        {
            sid: "DenyOtherKeys",
            effect: "Deny",
            principals: everyone,
            actions: ["s3:PutObject"],
            resources: [objects],
            conditions: [
                { test: "Null", variable: "s3:x-amz-server-side-encryption-aws-kms-key-id", values: ["false"] },
                { test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption-aws-kms-key-id", values: [reportsKey.arn] },
            ],
        },
        {
            sid: "DenySseC",
            effect: "Deny",
            principals: everyone,
            actions: ["s3:PutObject"],
            resources: [objects],
            conditions: [{ test: "Null", variable: "s3:x-amz-server-side-encryption-customer-algorithm", values: ["false"] }],
        },
    ],
});

new aws.s3.BucketPolicy("reports-policy", { bucket: reports.id, policy: policy.json });

export const bucketName = reports.bucket;
export const keyArn = reportsKey.arn;
