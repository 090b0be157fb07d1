// Older SDKs, the style of a public example: one media bucket with SSE-KMS, but under the
// AWS-managed aws/s3 key, which the pack must refuse.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const media = new aws.s3.Bucket("media");
new aws.s3.BucketServerSideEncryptionConfiguration("media-sse", {
    bucket: media.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } }],
});

// Which SDKs ran this program: its own, not the ones of the repository that checks it.
export const sdkVersions = {
    pulumi: require("@pulumi/pulumi/package.json").version as string,
    aws: require("@pulumi/aws/package.json").version as string,
};
export const bucketName = media.bucket;
export const region = pulumi.output(aws.getRegionOutput().name);
