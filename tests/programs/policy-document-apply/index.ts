// The same bucket as policy-document-output, with the document rendered by the promise form of
// getPolicyDocument inside an apply over the ARNs it names: the apply keeps the key and the bucket
// as the policy's dependencies in preview, where getPolicyDocumentOutput loses them.
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

const policy = pulumi.all([reports.arn, reportsKey.arn]).apply(([bucketArn, keyArn]) => {
    const objects = `${bucketArn}/*`;
    return aws.iam.getPolicyDocument({
        statements: [
            {
                sid: "DenyPlainHttp",
                effect: "Deny",
                principals: everyone,
                actions: ["s3:*"],
                resources: [bucketArn, objects],
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
                    { test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption-aws-kms-key-id", values: [keyArn] },
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
});

new aws.s3.BucketPolicy("reports-policy", { bucket: reports.id, policy: policy.json });

export const bucketName = reports.bucket;
export const keyArn = reportsKey.arn;
