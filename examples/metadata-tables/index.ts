import * as aws from "@pulumi/aws";
import { EncryptedBucket } from "../../components"; // from a published package: "encrypted-bucket"

const data = new EncryptedBucket("data", {});

// S3 Metadata writes a journal table and an inventory table into an AWS-managed table bucket:
// each enabled table names its key, or S3 encrypts it with SSE-S3.
new aws.s3.BucketMetadataConfiguration("data-metadata", {
    bucket: data.bucketName,
    metadataConfiguration: {
        journalTableConfiguration: {
            recordExpiration: { expiration: "ENABLED", days: 30 },
            encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: data.keyArn },
        },
        inventoryTableConfiguration: {
            configurationState: "ENABLED",
            encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: data.keyArn },
        },
    },
});

export const bucketName = data.bucketName;
