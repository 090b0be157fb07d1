"use strict";
const aws = require("@pulumi/aws");

// SSE-S3 is S3's default: AWS owns the key. The pack must refuse it.
const logs = new aws.s3.Bucket("site-logs", { bucket: "example-site-logs" });
new aws.s3.BucketServerSideEncryptionConfiguration("site-logs-sse", {
    bucket: logs.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
exports.bucket = logs.bucket;
