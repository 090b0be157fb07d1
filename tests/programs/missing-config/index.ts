import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const keyArn = new pulumi.Config().require("kmsKeyArn");
const bucket = new aws.s3.Bucket("data");
new aws.s3.BucketServerSideEncryptionConfiguration("data-sse", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn } }],
});
