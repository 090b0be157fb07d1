import * as aws from "@pulumi/aws";

// The platform team's key, found by its alias: offline, nobody can say which key that is.
const shared = aws.kms.getAliasOutput({ name: "alias/platform/shared-data" });
const caller = aws.getCallerIdentityOutput();

const bucket = new aws.s3.Bucket("shared-data");
new aws.s3.BucketServerSideEncryptionConfiguration("shared-data-sse", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: shared.targetKeyArn } }],
});
export const account = caller.accountId;
export const keyArn = shared.targetKeyArn;
