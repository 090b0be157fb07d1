import * as aws from "@pulumi/aws";

// S3 Tables maintenance also uses the key: its key policy must let the maintenance principal in
// (AWS: "Permissions requirements for S3 Tables SSE-KMS encryption").
const key = new aws.kms.Key("tables-key", { description: "table bucket analytics", enableKeyRotation: true });

const tableBucket = new aws.s3tables.TableBucket("analytics", {
    name: "analytics",
    encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: key.arn },
});

const namespace = new aws.s3tables.Namespace("events", { namespace: "events", tableBucketArn: tableBucket.arn });

// A table takes its bucket's encryption unless it declares its own; declaring it keeps the table
// compliant even where its table bucket is managed elsewhere.
new aws.s3tables.Table("clicks", {
    name: "clicks",
    namespace: namespace.namespace,
    tableBucketArn: tableBucket.arn,
    format: "ICEBERG",
    encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: key.arn },
});

export const tableBucketName = tableBucket.name;
