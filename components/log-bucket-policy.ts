/**
 * The bucket policy of a server access log destination, as AWS documents the grant
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html:
 * principal logging.s3.amazonaws.com, confined with aws:SourceAccount), and denies that leave the
 * service's deliveries for this account the only writes: the destination is SSE-S3, the only
 * encryption AWS documents for these logs, and the service sends no encryption headers, so no
 * header rule can keep other writers out. The encrypted-buckets pack accepts such a destination
 * (docs/log-destinations.md).
 */
import type * as aws from "@pulumi/aws";

export const S3_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";

export const LOG_BUCKET_POLICY_SIDS = {
    allowDeliveries: "EncryptedBucketAllowServerAccessLogs",
    denyOtherWriters: "EncryptedBucketDenyOtherLogWriters",
    denyOtherSources: "EncryptedBucketDenyOtherLogSources",
    insecureTransport: "EncryptedBucketDenyInsecureTransport",
} as const;

export interface LogBucketPolicyInputs {
    /** `arn:<partition>:s3:::<name>`: built from the name, so that a preview knows the whole document. */
    bucketArn: string;
    /** The account whose buckets log into it: the only source the service may deliver for. */
    accountId: string;
}

export function buildLogBucketPolicy(inputs: LogBucketPolicyInputs): aws.iam.PolicyDocument {
    const objects = `${inputs.bucketArn}/*`;
    const sourceAccount = { "aws:SourceAccount": inputs.accountId };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: LOG_BUCKET_POLICY_SIDS.allowDeliveries,
                Effect: "Allow",
                Principal: { Service: S3_LOG_DELIVERY_PRINCIPAL },
                Action: "s3:PutObject",
                Resource: objects,
                Condition: { StringEquals: sourceAccount },
            },
            {
                Sid: LOG_BUCKET_POLICY_SIDS.denyOtherWriters,
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: { StringNotEquals: { "aws:PrincipalServiceName": S3_LOG_DELIVERY_PRINCIPAL } },
            },
            {
                Sid: LOG_BUCKET_POLICY_SIDS.denyOtherSources,
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: { StringNotEquals: sourceAccount },
            },
            {
                Sid: LOG_BUCKET_POLICY_SIDS.insecureTransport,
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [inputs.bucketArn, objects],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
