import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const keys = new pulumi.StackReference(config.require("keyStack"));
const keyArn = keys.getOutput("dataKeyArn") as pulumi.Output<string>;

const bucket = new aws.s3.Bucket("app-data");
new aws.s3.BucketServerSideEncryptionConfiguration("app-data-sse", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn } }],
});
export const bucketName = bucket.bucket;
