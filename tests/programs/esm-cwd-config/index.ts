// ESM, top-level await, and a data file read relative to the working directory: the CLI runs a
// program in its own folder, so `process.cwd()` is this folder.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const { archives } = JSON.parse(await fs.promises.readFile("buckets.json", "utf8")) as { archives: string[] };

export const buckets: Record<string, pulumi.Output<string>> = {};
for (const name of archives) {
    const key = new aws.kms.Key(`${name}-key`, { enableKeyRotation: true, deletionWindowInDays: 30 });
    const bucket = new aws.s3.Bucket(name);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    new aws.s3.BucketPolicy(`${name}-policy`, {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Tls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                { Sid: "NoHeader", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucket.arn}/*`, Condition: { Null: { "s3:x-amz-server-side-encryption": "true" } } },
                { Sid: "NotKms", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucket.arn}/*`, Condition: { Null: { "s3:x-amz-server-side-encryption": "false" }, StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } } },
                { Sid: "NoKeyId", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucket.arn}/*`, Condition: { Null: { "s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } } },
                { Sid: "OtherKey", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucket.arn}/*`, Condition: { Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" }, StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": key.arn } } },
                { Sid: "NoSseC", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucket.arn}/*`, Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } } },
            ],
        }),
    });
    buckets[name] = bucket.bucket;
}
