import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket } from "../../components";

// A strict bucket (the default) refuses every upload that does not name its algorithm and its
// key. The provider sends no encryption header for an object that asks for nothing, so every
// object written into the bucket takes the bucket's uploadArgs: bucket, serverSideEncryption
// and kmsKeyId.
const reports = new EncryptedBucket("reports", {});

const readme = new aws.s3.BucketObjectv2("reports-readme", {
    ...reports.uploadArgs,
    key: "README.txt",
    content: "Monthly reports, one folder per month.",
});

// A copy is an upload too (s3:PutObject on the destination), with the copy request's headers.
new aws.s3.ObjectCopy("reports-readme-archived", {
    ...reports.uploadArgs,
    key: "archive/README.txt",
    source: pulumi.interpolate`${readme.bucket}/${readme.key}`,
});

export const bucketName = reports.bucketName;
