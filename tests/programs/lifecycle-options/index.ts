// The key outlives the bucket (protected, retained); the bucket waits for the key, keeps
// its tags as edited in the console, and is deleted before a replacement is created.
import * as aws from "@pulumi/aws";

const key = new aws.kms.Key("ledger-key", { enableKeyRotation: true }, { protect: true, retainOnDelete: true });
const bucket = new aws.s3.Bucket("ledger", { tags: { owner: "finance" } }, {
    dependsOn: [key],
    ignoreChanges: ["tags"],
    deleteBeforeReplace: true,
});
new aws.s3.BucketServerSideEncryptionConfiguration("ledger-sse", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
});
export const bucketName = bucket.bucket;
