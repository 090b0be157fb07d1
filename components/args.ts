import * as pulumi from "@pulumi/pulumi";

/** How strictly the bucket policy judges uploads. */
export enum EnforcementMode {
    /**
     * The lab's rule: every upload must name SSE-KMS and the bucket's key. Safest, but tools
     * that never send encryption headers (many sync tools, some AWS services) are refused.
     */
    Strict = "strict",
    /**
     * Uploads without encryption headers are let through, because the bucket's default
     * encryption applies the key; any other algorithm or key is still denied.
     */
    DefaultEncryption = "default-encryption",
}

/** The server-side encryption the bucket applies by default. */
export enum SseAlgorithm {
    /** SSE-KMS. */
    Kms = "aws:kms",
    /** Dual-layer SSE-KMS. Twice the KMS cost; S3 Bucket Keys do not apply to it. */
    KmsDsse = "aws:kms:dsse",
}

/** A principal of a caller-supplied bucket policy statement, as in `aws.iam.getPolicyDocument`. */
export interface PolicyPrincipalArgs {
    /** `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`. */
    type: string;
    identifiers: string[];
}

/** A condition of a caller-supplied bucket policy statement, as in `aws.iam.getPolicyDocument`. */
export interface PolicyConditionArgs {
    /** The condition operator, e.g. `StringEquals`. */
    test: string;
    /** The context key, e.g. `aws:PrincipalOrgID`. */
    variable: string;
    values: string[];
}

/**
 * A statement the caller adds to the bucket policy. The component's own deny statements always
 * stay: in IAM an explicit deny wins over any allow, so an added statement cannot weaken them.
 */
export interface BucketPolicyStatementArgs {
    sid?: string;
    /** `Allow` or `Deny`. */
    effect: string;
    principals: PolicyPrincipalArgs[];
    actions: string[];
    /** Defaults to the bucket and every object in it. */
    resources?: string[];
    conditions?: PolicyConditionArgs[];
}

/**
 * What an upload into an `EncryptedBucket` must send for its bucket policy (strict mode refuses
 * uploads without encryption headers) and its key to accept it. Spread it into an object's
 * arguments: `new aws.s3.BucketObjectv2(name, { ...bucket.uploadArgs, key, source })`; it fits
 * `BucketObject` and `ObjectCopy` alike.
 */
export interface UploadArgs {
    /** The bucket's name (its `id`). */
    bucket: pulumi.Output<string>;
    /** The bucket's `sseAlgorithm`: `aws:kms` or `aws:kms:dsse`. */
    serverSideEncryption: pulumi.Output<string>;
    /** The full ARN of the bucket's key: the bucket policy compares the key-id header against it. */
    kmsKeyId: pulumi.Output<string>;
}

/**
 * Where the bucket's S3 server access logs go (Security Hub S3.9). AWS documents SSE-S3 as the
 * only default encryption of a destination, so the logs never go into an EncryptedBucket: into a
 * destination the component creates (SSE-S3, its policy letting only logging.s3.amazonaws.com
 * write, for this account), or into one given by name. See docs/log-destinations.md.
 */
export interface AccessLogsArgs {
    /**
     * Name of an existing destination bucket, in the same account and Region. Left out, the
     * component creates one.
     */
    targetBucket?: pulumi.Input<string>;
    /**
     * Name of the destination the component creates. Defaults to `<bucketName>-access-logs` when
     * `bucketName` is given, otherwise `<project>-<stack>-<name>-access-logs` (cut to 63
     * characters): known before deployment, so that a preview shows its whole policy.
     */
    logBucketName?: string;
    /** Key prefix of the log objects. Defaults to `<name>/`. */
    targetPrefix?: pulumi.Input<string>;
}

export interface EncryptedBucketArgs {
    /** The bucket's name. Left out, the provider auto-names it from the resource name. */
    bucketName?: pulumi.Input<string>;
    /**
     * Defaults to `strict`. Plain, not an Input, like `sseAlgorithm` and `bucketPolicyStatements`:
     * they decide which statements the bucket policy has, and a preview must be able to show those
     * statements (and a policy pack verify them) before any ARN is known.
     */
    enforcement?: EnforcementMode;
    /** Defaults to `aws:kms`. */
    sseAlgorithm?: SseAlgorithm;
    /** S3 Bucket Key. Defaults to on for `aws:kms`; not allowed with `aws:kms:dsse`. */
    bucketKeyEnabled?: pulumi.Input<boolean>;
    /**
     * Full ARN of an existing customer-managed key to use instead of creating one. The key's own
     * policy must then let the bucket's writers and readers use it through S3.
     */
    existingKeyArn?: pulumi.Input<string>;
    /** Alias of the created key, `alias/...`. Defaults to `alias/<project>-<stack>-<name>`. */
    keyAlias?: pulumi.Input<string>;
    /** IAM principal ARNs that may manage the created key (never use it for data). */
    keyAdministrators?: pulumi.Input<pulumi.Input<string>[]>;
    /** IAM principal ARNs that may use the created key, only through S3. */
    keyUsers?: pulumi.Input<pulumi.Input<string>[]>;
    /** Defaults to true. */
    enableKeyRotation?: pulumi.Input<boolean>;
    /** 90 to 2560 days; defaults to 365. */
    keyRotationPeriodDays?: pulumi.Input<number>;
    /** 7 to 30 days; defaults to 30. */
    keyDeletionWindowDays?: pulumi.Input<number>;
    /** Let `pulumi destroy` delete a bucket that still holds objects. Defaults to false. */
    forceDestroy?: pulumi.Input<boolean>;
    /**
     * Schedule the created key for deletion (after `keyDeletionWindowDays`) when it leaves the
     * stack: `pulumi destroy`, the component removed or renamed, or `existingKeyArn` set later.
     * Defaults to false: the key is kept in AWS (`retainOnDelete`), because every object written
     * under it is unreadable once the key is gone. A kept key costs about 1 USD a month; see
     * docs/key-lifecycle.md for deleting it by hand once no object needs it. Plain, not an Input:
     * it sets a resource option, which must be known when the key is registered.
     */
    deleteKeyOnRemoval?: boolean;
    /** Statements merged into the bucket policy after the component's own. */
    bucketPolicyStatements?: BucketPolicyStatementArgs[];
    /** Log the bucket's server access into a destination the encrypted-buckets pack accepts. Off by default. */
    accessLogs?: AccessLogsArgs;
    /** Tags for the key and the bucket. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
