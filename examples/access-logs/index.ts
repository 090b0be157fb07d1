import { EncryptedBucket } from "../../components";

// The data bucket: SSE-KMS under its own customer-managed key, strict bucket policy. Its server
// access logs go to a destination the component creates: SSE-S3 (the only default encryption AWS
// documents for server access logs), whose policy lets only logging.s3.amazonaws.com write, for
// this account.
const data = new EncryptedBucket("data", {
    bucketName: "encrypted-bucket-example-data",
    accessLogs: { targetPrefix: "data/" },
});

export const dataBucket = data.bucketName;
export const accessLogsBucket = data.accessLogsBucketName;
