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
     * `not-documented` where the pages found say nothing either way (no encryption finding then).
     */
    encryption: "sse-s3-only" | "cmk" | "not-documented";
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
    /**
     * Who makes a delivery request: `service`, the service principal (the request carries
     * `aws:PrincipalServiceName`); `account`, an account of AWS's (the Region's Elastic Load
     * Balancing account, CloudFront's awslogsdelivery account), whose request carries no service
     * name. A deny is reported only when it refuses every one of them. Absent: `service`.
     */
    deliversAs?: ReadonlyArray<"service" | "account">;
    /**
     * What grants the writes: the bucket policy (default), or a bucket ACL that the pack does not
     * model (then a missing grant is never reported, and the pack cannot prove who else writes,
     * so a destination of the service is never accepted as SSE-S3).
     */
    grantedBy?: "bucket-policy" | "bucket-acl";
    /**
     * The documented grant confines the service by object key (`.../AWSLogs/<account>/...`) instead
     * of condition keys: the proof that no other account's deliveries can be written asks every
     * Allow that may grant the service to name one account's `AWSLogs/<account>/` keys.
     */
    confinedByKeyPath?: boolean;
    /** The AWS pages this entry is taken from. */
    pages: string[];
    judged: boolean;
}

/**
 * How Application and Classic Load Balancers deliver: into SSE-S3 only, written by the service
 * principal or (Regions available before August 2022) the Region's Elastic Load Balancing account,
 * granted on `<bucket>/<prefix>/AWSLogs/<account>/*` with no condition keys, no encryption headers.
 */
const ELB_DELIVERY = {
    principal: "logdelivery.elasticloadbalancing.amazonaws.com",
    encryption: "sse-s3-only",
    confinedBy: [],
    confinedByKeyPath: true,
    deliversAs: ["service", "account"],
    sendsEncryptionHeaders: false,
} as const satisfies Partial<LogService>;

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
    albAccessLogs: {
        label: "Application Load Balancer access logs",
        // "The only server-side encryption option that's supported is Amazon S3-managed keys
        // (SSE-S3)" (enable-access-logging.html).
        ...ELB_DELIVERY,
        pages: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"],
        judged: true,
    },
    classicElbAccessLogs: {
        label: "Classic Load Balancer access logs",
        // "Each access log file is automatically encrypted using SSE-S3 before it is stored in your
        // S3 bucket" (access-log-collection.html); the same principals as Application Load Balancers.
        ...ELB_DELIVERY,
        pages: [
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html",
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html",
        ],
        judged: true,
    },
    cloudFrontLegacy: {
        label: "CloudFront standard logging (legacy)",
        // "Your bucket must have access control list (ACL) enabled"; "Don't choose an Amazon S3
        // bucket with S3 Object Ownership set to bucket owner enforced. That setting disables ACLs
        // [...], which prevents CloudFront from delivering log files" (standard-logging-legacy-s3.html).
        // The awslogsdelivery account writes through the ACL grant CloudFront adds; the pages found
        // say nothing about SSE-KMS destinations.
        principal: "awslogsdelivery account (bucket ACL)",
        encryption: "not-documented",
        confinedBy: [],
        deliversAs: ["account"],
        grantedBy: "bucket-acl",
        sendsEncryptionHeaders: false,
        pages: [
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html",
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html",
        ],
        judged: true,
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

/** A delivery switch: on when `true` or unknown (the unknown could be `true`), or absent where the default is on. */
function switchedOn(v: Value, byDefault: boolean): boolean {
    return v === undefined || v === null ? byDefault : v !== false && v !== "false";
}

/**
 * `accessLogs` of a load balancer: `prefix` (aws:lb, aws:alb; off unless `enabled`) or
 * `bucketPrefix` (aws:elb; on unless disabled).
 */
function accessLogs(prefixField: string, onByDefault: boolean): (r: Resource) => DeliveryTarget[] {
    return (r) => {
        const v = r.props.accessLogs;
        if (!isObject(v) || !switchedOn(v.enabled, onByDefault)) {
            return [];
        }
        return [{ ref: v.bucket, deps: depsOf(r, "accessLogs"), prefix: nonEmptyString(v[prefixField]), sourceIsSelf: false }];
    };
}

/** The provider's default type is `application`; another type, or one unknown until apply, is not this service's. */
function isApplication(type: Value): boolean {
    return type === undefined || type === null || type === "application";
}

const applicationAccessLogs = accessLogs("prefix", false);

/** aws-native's ELBv2 load balancer: the `access_logs.s3.*` attributes of an application load balancer. */
function nativeAlbAccessLogs(r: Resource): DeliveryTarget[] {
    const attrs = Array.isArray(r.props.loadBalancerAttributes) ? r.props.loadBalancerAttributes.filter(isObject) : [];
    const attr = (key: string): Value => attrs.find((a) => a.key === key)?.value;
    if (!isApplication(r.props.type) || !switchedOn(attr("access_logs.s3.enabled") ?? false, false)) {
        return [];
    }
    return [{ ref: attr("access_logs.s3.bucket"), deps: depsOf(r, "loadBalancerAttributes"), prefix: nonEmptyString(attr("access_logs.s3.prefix")), sourceIsSelf: false }];
}

/** CloudFront names the bucket by its domain name (`<bucket>.s3.amazonaws.com`). */
function bucketOfDomain(v: Value): Value {
    const m = typeof v === "string" ? /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(v) : null;
    return m ? m[1] : v;
}

function cloudFrontLogging(read: (r: Resource) => Value, property: string): (r: Resource) => DeliveryTarget[] {
    return (r) => {
        const v = read(r);
        if (!isObject(v) || !switchedOn(v.enabled, true)) {
            return [];
        }
        return [{ ref: bucketOfDomain(v.bucket), deps: depsOf(r, property), prefix: nonEmptyString(v.prefix), sourceIsSelf: false }];
    };
}

/**
 * `accessLogs` of `aws:lb`/`aws:alb`: an Application Load Balancer's (the provider's default type)
 * or a Network Load Balancer's, a service of its own (it delivers under a customer-managed key,
 * its objects under `<prefix>/AWSLogs/<account>/`). Another type, or one unknown until apply, is
 * neither's.
 */
function lbAccessLogs(r: Resource): DeliveryTarget[] {
    if (r.props.loadBalancerType === "network") {
        return applicationAccessLogs(r).map((d) => ({ ...d, prefix: asPrefix(d.prefix), service: LOG_SERVICES.nlbAccessLogs }));
    }
    return isApplication(r.props.loadBalancerType) ? applicationAccessLogs(r) : [];
}

const S3 = LOG_SERVICES.s3ServerAccess;
const ALB = LOG_SERVICES.albAccessLogs;

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
    ["aws:lb/loadBalancer:LoadBalancer", { service: ALB, fields: ["accessLogs", "loadBalancerType"], targets: lbAccessLogs }],
    ["aws:alb/loadBalancer:LoadBalancer", { service: ALB, fields: ["accessLogs", "loadBalancerType"], targets: lbAccessLogs }],
    ["aws:elb/loadBalancer:LoadBalancer", { service: LOG_SERVICES.classicElbAccessLogs, fields: ["accessLogs"], targets: accessLogs("bucketPrefix", true) }],
    ["aws-native:elasticloadbalancingv2:LoadBalancer", { service: ALB, fields: ["loadBalancerAttributes", "type"], targets: nativeAlbAccessLogs }],
    ["aws:cloudfront/distribution:Distribution", {
        service: LOG_SERVICES.cloudFrontLegacy, fields: ["loggingConfig"], targets: cloudFrontLogging((r) => r.props.loggingConfig, "loggingConfig"),
    }],
    ["aws-native:cloudfront:Distribution", {
        service: LOG_SERVICES.cloudFrontLegacy,
        fields: ["distributionConfig"],
        targets: cloudFrontLogging((r) => (isObject(r.props.distributionConfig) ? r.props.distributionConfig.logging : undefined), "distributionConfig"),
    }],
]);
