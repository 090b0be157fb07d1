import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket } from "../../components"; // from a published package: "encrypted-bucket"

const data = new EncryptedBucket("shared-data", {});

// The role S3 Files assumes to reach the bucket, created with the trust policy AWS documents for it.
const roleArn = new pulumi.Config().require("filesRoleArn");

// Without kmsKeyId an S3 Files file system is encrypted with a key AWS owns: name the bucket's key.
new aws.s3.FilesFileSystem("shared", { bucket: data.bucketArn, roleArn, kmsKeyId: data.keyArn });

export const bucketName = data.bucketName;
