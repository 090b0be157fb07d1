import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogsArgs } from "./args";
import { AwsContext } from "./aws-context";
import { bucketBaseline } from "./bucket-baseline";
import { bucketNameProblems } from "./bucket-name";
import { EncryptedBucketArgsError } from "./settings";
import { buildLogBucketPolicy } from "./log-bucket-policy";

/** The created destination's name: known before deployment, so that a preview shows its whole policy. */
export function defaultLogBucketName(name: string, bucketName: unknown): string {
    const base = typeof bucketName === "string" ? bucketName : `${pulumi.getProject()}-${pulumi.getStack()}-${name}`;
    const raw = `${base}-access-logs`.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
    // Cut from the front: the "-access-logs" suffix, and the bucket's own name, are what say what it is.
    return raw.slice(Math.max(0, raw.length - 63)).replace(/^[^a-z0-9]+/, "");
}

export interface AccessLogsInputs {
    /** The component's resource name. */
    name: string;
    accessLogs: AccessLogsArgs;
    /** The component's `bucketName` argument, as given. */
    bucketName: unknown;
    source: aws.s3.Bucket;
    context: pulumi.Output<AwsContext>;
    forceDestroy: pulumi.Input<boolean>;
    tags: pulumi.Input<Record<string, string>>;
    opts: pulumi.CustomResourceOptions;
}

/**
 * Turns on server access logging of `source`, into the given destination or into one created
 * here: SSE-S3 (the only default encryption AWS documents for these logs), ACLs off, public
 * access blocked, versioning on, and a policy letting only logging.s3.amazonaws.com write, for this account.
 * Returns the destination's name.
 */
export function logAccess(i: AccessLogsInputs): pulumi.Output<string> {
    const prefix = i.accessLogs.targetPrefix ?? `${i.name}/`;
    let destination: pulumi.Input<string>;
    let ready: pulumi.Resource[] = [];
    if (i.accessLogs.targetBucket !== undefined) {
        destination = i.accessLogs.targetBucket;
    } else {
        const logBucketName = i.accessLogs.logBucketName ?? defaultLogBucketName(i.name, i.bucketName);
        const problems = bucketNameProblems(logBucketName);
        if (problems.length > 0) {
            // Only a derived name can get here (a given one is checked with the other arguments).
            throw new EncryptedBucketArgsError(i.name, problems.map((p) => `args.accessLogs.logBucketName: unset, and the derived name ${JSON.stringify(logBucketName)} ${p}; set it`));
        }
        const logs = new aws.s3.Bucket(`${i.name}-access-logs`, { bucket: logBucketName, forceDestroy: i.forceDestroy, tags: i.tags }, i.opts);
        const { publicAccessBlock, ownership } = bucketBaseline(`${i.name}-access-logs`, logs.id, i.opts);
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${i.name}-access-logs-encryption`, {
            bucket: logs.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }],
        }, i.opts);
        const policy = new aws.s3.BucketPolicy(`${i.name}-access-logs-policy`, {
            bucket: logs.id,
            policy: i.context.apply((ctx) => JSON.stringify(buildLogBucketPolicy({ bucketArn: `arn:${ctx.partition}:s3:::${logBucketName}`, accountId: ctx.accountId }))),
        }, { ...i.opts, dependsOn: [publicAccessBlock, ownership] });
        destination = logs.id;
        ready = [policy, encryption];
    }
    // Logging is turned on once the destination grants the service, so no delivery is refused.
    new aws.s3.BucketLogging(`${i.name}-access-logging`, { bucket: i.source.id, targetBucket: destination, targetPrefix: prefix }, { ...i.opts, dependsOn: ready });
    return pulumi.output(destination);
}
