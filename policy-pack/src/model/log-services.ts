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
import { Value, isObject, isUnknown, nonEmptyString } from "../known";
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
    /** The configuration names the key the service encrypts with (CloudTrail's `kmsKeyId`): it must be the destination's. */
    keyOfTrail?: boolean;
    /** Log objects go under `<prefix>AWSLogs/<account>/` (vended logs, CloudTrail), not right under the prefix. */
    underAccountFolder?: boolean;
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
        underAccountFolder: true,
        judged: true,
    },
    cloudTrail: {
        label: "CloudTrail",
        principal: "cloudtrail.amazonaws.com",
        encryption: "cmk",
        keyGrant: ["kms:GenerateDataKey*", "kms:DescribeKey"],
        confinedBy: ["aws:SourceArn", "aws:SourceAccount"],
        // The trail encrypts its log files with its own kmsKeyId; whether its PutObject carries
        // SSE-KMS headers is not documented. Judged as sending none (a deny of header-less uploads
        // must exempt it), and the trail's key must be the destination's key (so that headers, if
        // sent, name the key the bucket policy requires).
        sendsEncryptionHeaders: false,
        keyOfTrail: true,
        pages: [
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
        ],
        underAccountFolder: true,
        judged: true,
    },
    nlbAccessLogs: {
        label: "Network Load Balancer access logs",
        principal: "delivery.logs.amazonaws.com",
        encryption: "cmk",
        keyGrant: ["kms:GenerateDataKey*"],
        confinedBy: ["aws:SourceAccount", "aws:SourceArn"],
        sendsEncryptionHeaders: false,
        pages: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html"],
        underAccountFolder: true,
        judged: true,
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
    /** The service, where the resource's type alone does not say (a load balancer's type). */
    service?: LogService;
    /** The key the service encrypts with, where the configuration names one (CloudTrail's `kmsKeyId`). */
    key?: { ref: Value; deps: string[] };
    /** The ARN the service names as `aws:SourceArn`, where it is the resource's own (a trail). */
    sourceArn?: string;
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

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/;

/** Objects go under `prefix/`, however the prefix is written. */
function asPrefix(p: Value): string | undefined {
    const s = nonEmptyString(p)?.replace(/^\/+|\/+$/g, "");
    return s ? `${s}/` : undefined;
}

/** A flow log into S3: `logDestination` is the bucket's ARN, optionally followed by a folder. */
function flowLog(r: Resource): DeliveryTarget[] {
    const type = r.props.logDestinationType;
    // An unknown type may be s3: judged as one (a CloudWatch log group names no bucket of the stack).
    if (type !== "s3" && !isUnknown(type)) {
        return [];
    }
    const ref = r.props.logDestination;
    const m = typeof ref === "string" ? S3_ARN.exec(ref) : null;
    const deps = depsOf(r, "logDestination");
    return m ? [{ ref: `arn:aws:s3:::${m[1]}`, deps, prefix: asPrefix(m[2]), sourceIsSelf: false }] : [{ ref, deps, sourceIsSelf: false }];
}

function trail(r: Resource): DeliveryTarget[] {
    return [{
        ref: r.props.s3BucketName,
        deps: depsOf(r, "s3BucketName"),
        prefix: asPrefix(r.props.s3KeyPrefix),
        sourceIsSelf: false,
        key: { ref: r.props.kmsKeyId, deps: depsOf(r, "kmsKeyId") },
        sourceArn: nonEmptyString(r.props.arn),
    }];
}

/**
 * A load balancer's `accessLogs`: judged for Network Load Balancers only (the type is known and
 * "network"); other types are left to the ELB rows, judged as any other bucket until then.
 */
function loadBalancer(r: Resource): DeliveryTarget[] {
    const logs = r.props.accessLogs;
    if (r.props.loadBalancerType !== "network" || !isObject(logs) || logs.enabled === false) {
        return [];
    }
    return [{ ref: logs.bucket, deps: depsOf(r, "accessLogs"), prefix: asPrefix(logs.prefix), sourceIsSelf: false, service: LOG_SERVICES.nlbAccessLogs }];
}

const S3 = LOG_SERVICES.s3ServerAccess;

/** Resource type -> the log service it configures and how to read its deliveries. */
export const LOG_CONFIG_KINDS: ReadonlyMap<string, LogConfigKind> = new Map<string, LogConfigKind>([
    ["aws:s3/bucketLogging:BucketLogging", { service: S3, fields: ["bucket", "targetBucket", "targetPrefix"], targets: splitLogging }],
    ["aws:s3/bucketLoggingV2:BucketLoggingV2", { service: S3, fields: ["bucket", "targetBucket", "targetPrefix"], targets: splitLogging }],
    ["aws:s3/bucket:Bucket", { service: S3, fields: ["logging"], targets: inlineLogging("logging") }],
    ["aws:s3/bucketV2:BucketV2", { service: S3, fields: ["loggings"], targets: inlineLogging("loggings") }],
    ["aws-native:s3:Bucket", { service: S3, fields: ["loggingConfiguration", "bucketName"], targets: nativeLogging }],
    ["aws:ec2/flowLog:FlowLog", { service: LOG_SERVICES.vpcFlowLogs, fields: ["logDestination", "logDestinationType"], targets: flowLog }],
    ["aws-native:ec2:FlowLog", { service: LOG_SERVICES.vpcFlowLogs, fields: ["logDestination", "logDestinationType"], targets: flowLog }],
    ["aws:cloudtrail/trail:Trail", { service: LOG_SERVICES.cloudTrail, fields: ["s3BucketName", "s3KeyPrefix", "kmsKeyId", "arn"], targets: trail }],
    ["aws-native:cloudtrail:Trail", { service: LOG_SERVICES.cloudTrail, fields: ["s3BucketName", "s3KeyPrefix", "kmsKeyId", "arn"], targets: trail }],
    ["aws:lb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["accessLogs", "loadBalancerType"], targets: loadBalancer }],
    ["aws:alb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["accessLogs", "loadBalancerType"], targets: loadBalancer }],
    ["aws:elb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["accessLogs"] }],
    ["aws-native:elasticloadbalancingv2:LoadBalancer", { service: LOG_SERVICES.elbAccessLogs, fields: ["loadBalancerAttributes"] }],
    ["aws:cloudfront/distribution:Distribution", { service: LOG_SERVICES.cloudFrontLegacy, fields: ["loggingConfig"] }],
    ["aws-native:cloudfront:Distribution", { service: LOG_SERVICES.cloudFrontLegacy, fields: ["distributionConfig"] }],
]);
