/**
 * AWS services that deliver logs into S3, as AWS documents them, and the resource types (with
 * their properties) through which a Pulumi program points them at a bucket. The one table the
 * log-destination checks read; docs/log-destinations.md is its prose.
 *
 * A service is `judged` when the pack reads its configurations: it then passes an SSE-S3
 * destination under the narrowest design its page documents, and refuses a configuration whose
 * deliveries its destination would refuse. Services not judged are listed so that the inventory
 * test keeps the table complete; their destinations are judged as any other bucket (fail closed).
 */
import { Value, isObject, nonEmptyString } from "../known";
import { Resource, depsOf } from "./resource";

export interface LogService {
    label: string;
    /** The service principal that writes the log objects. */
    principal: string;
    /**
     * The destination encryption AWS documents for the service: `sse-s3-only` where SSE-S3 is the
     * only default encryption it supports; `cmk` where SSE-KMS with a customer-managed key works
     * once its key policy grants `keyGrant`.
     */
    encryption: "sse-s3-only" | "cmk";
    /** For `cmk`: the KMS actions the key policy must allow the principal. */
    keyGrant?: string[];
    /** Condition keys AWS documents for confining the principal to the source's account or resource. */
    confinedBy: string[];
    /** Whether its writes carry encryption headers (`x-amz-server-side-encryption`). */
    sendsEncryptionHeaders: boolean;
    /** The AWS pages this entry is taken from. */
    pages: string[];
    judged: boolean;
}

export const LOG_SERVICES = {
    s3ServerAccess: {
        label: "S3 server access logging",
        principal: "logging.s3.amazonaws.com",
        // "You can use default bucket encryption on the target bucket only if you use AES256
        // (SSE-S3). Default encryption with AWS KMS keys (SSE-KMS) is not supported", as quoted from
        // enable-server-access-logging.html in aws-cloudformation/cloudformation-cli#986.
        encryption: "sse-s3-only",
        confinedBy: ["aws:SourceAccount", "aws:SourceArn"],
        sendsEncryptionHeaders: false,
        pages: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
        ],
        judged: true,
    },
    vpcFlowLogs: {
        label: "VPC flow logs (CloudWatch vended logs)",
        principal: "delivery.logs.amazonaws.com",
        encryption: "cmk",
        keyGrant: ["kms:GenerateDataKey*"],
        confinedBy: ["aws:SourceAccount", "aws:SourceArn"],
        sendsEncryptionHeaders: false,
        pages: [
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html",
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-create-flow-log.html",
        ],
        judged: false,
    },
    cloudTrail: {
        label: "CloudTrail",
        principal: "cloudtrail.amazonaws.com",
        encryption: "cmk",
        keyGrant: ["kms:GenerateDataKey*", "kms:DescribeKey"],
        confinedBy: ["aws:SourceArn", "aws:SourceAccount"],
        sendsEncryptionHeaders: true,
        pages: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html"],
        judged: false,
    },
    elbAccessLogs: {
        label: "Elastic Load Balancing access logs",
        // The Network Load Balancer page's principal; Application and Classic Load Balancers use the
        // Region's ELB account or logdelivery.elasticloadbalancing.amazonaws.com (pages not found).
        principal: "delivery.logs.amazonaws.com",
        encryption: "sse-s3-only",
        confinedBy: ["aws:SourceAccount", "aws:SourceArn"],
        sendsEncryptionHeaders: false,
        pages: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html"],
        judged: false,
    },
    cloudFrontLegacy: {
        label: "CloudFront standard logging (legacy)",
        principal: "awslogsdelivery account (bucket ACL)",
        encryption: "sse-s3-only",
        confinedBy: [],
        sendsEncryptionHeaders: false,
        pages: ["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html"],
        judged: false,
    },
} as const satisfies Record<string, LogService>;

/** One delivery a configuration sets up: the bucket reference it names, and what that was computed from. */
export interface DeliveryTarget {
    ref: Value;
    deps: string[];
    prefix?: string;
    /** The delivery's source bucket, when it is the resource itself (inline logging). */
    sourceIsSelf: boolean;
}

export interface LogConfigKind {
    service: LogService;
    /** Properties read: where the destination (and prefix) is. */
    fields: readonly string[];
    /** The deliveries it configures; none when logging is off. Absent for services not judged. */
    targets?: (r: Resource) => DeliveryTarget[];
}

function splitLogging(r: Resource): DeliveryTarget[] {
    return [{ ref: r.props.targetBucket, deps: depsOf(r, "targetBucket"), prefix: nonEmptyString(r.props.targetPrefix), sourceIsSelf: false }];
}

function inlineLogging(property: string): (r: Resource) => DeliveryTarget[] {
    return (r) => {
        const v = r.props[property];
        const blocks = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
        return blocks.map((b) => ({
            ref: isObject(b) ? b.targetBucket : b,
            deps: depsOf(r, property),
            prefix: isObject(b) ? nonEmptyString(b.targetPrefix) : undefined,
            sourceIsSelf: true,
        }));
    };
}

/** CloudFormation's LoggingConfiguration: with no DestinationBucketName, the bucket logs into itself. */
function nativeLogging(r: Resource): DeliveryTarget[] {
    const v = r.props.loggingConfiguration;
    if (v === undefined || v === null) {
        return [];
    }
    const named = isObject(v) ? v.destinationBucketName : v;
    const self = named === undefined || named === null;
    const deps = self ? [r.urn] : depsOf(r, "loggingConfiguration");
    return [{ ref: self ? r.props.bucketName : named, deps, prefix: isObject(v) ? nonEmptyString(v.logFilePrefix) : undefined, sourceIsSelf: true }];
}

const S3 = LOG_SERVICES.s3ServerAccess;

/** Resource type -> the log service it configures and how to read its deliveries. */
export const LOG_CONFIG_KINDS: ReadonlyMap<string, LogConfigKind> = new Map<string, LogConfigKind>([
    ["aws:s3/bucketLogging:BucketLogging", { service: S3, fields: ["bucket", "targetBucket", "targetPrefix"], targets: splitLogging }],
    ["aws:s3/bucketLoggingV2:BucketLoggingV2", { service: S3, fields: ["bucket", "targetBucket", "targetPrefix"], targets: splitLogging }],
    ["aws:s3/bucket:Bucket", { service: S3, fields: ["logging"], targets: inlineLogging("logging") }],
    ["aws:s3/bucketV2:BucketV2", { service: S3, fields: ["loggings"], targets: inlineLogging("loggings") }],
    ["aws-native:s3:Bucket", { service: S3, fields: ["loggingConfiguration", "bucketName"], targets: nativeLogging }],
    ["aws:ec2/flowLog:FlowLog", { service: LOG_SERVICES.vpcFlowLogs, fields: ["logDestination", "logDestinationType"] }],
    ["aws-native:ec2:FlowLog", { service: LOG_SERVICES.vpcFlowLogs, fields: ["logDestination", "logDestinationType"] }],
    ["aws:cloudtrail/trail:Trail", { service: LOG_SERVICES.cloudTrail, fields: ["s3BucketName", "s3KeyPrefix", "kmsKeyId"] }],
    ["aws-native:cloudtrail:Trail", { service: LOG_SERVICES.cloudTrail, fields: ["s3BucketName", "s3KeyPrefix", "kmsKeyId"] }],
    ["aws:lb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["accessLogs"] }],
    ["aws:alb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["accessLogs"] }],
    ["aws:elb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["accessLogs"] }],
    ["aws-native:elasticloadbalancingv2:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["loadBalancerAttributes"] }],
    ["aws:cloudfront/distribution:Distribution", { service: LOG_SERVICES.cloudFrontLegacy, fields: ["loggingConfig"] }],
    ["aws-native:cloudfront:Distribution", { service: LOG_SERVICES.cloudFrontLegacy, fields: ["distributionConfig"] }],
]);
