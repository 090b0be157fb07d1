import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logAccess } from "./access-logs";
import { bucketBaseline } from "./bucket-baseline";
import { EncryptedBucketArgs, UploadArgs } from "./args";
import { parseKmsKeyArn } from "./arn";
import { awsContextFor } from "./aws-context";
import { buildBucketPolicy } from "./bucket-policy";
import { buildKeyPolicy } from "./key-policy";
import { DEFAULT_ENFORCEMENT, DEFAULT_SSE_ALGORITHM, assertValidArgs, resolveSettings } from "./settings";

/** Part of the public API: renaming it replaces every deployed EncryptedBucket. */
export const ENCRYPTED_BUCKET_TYPE = "encrypted-bucket:index:EncryptedBucket";

/**
 * An S3 bucket encrypted by default with a customer-managed KMS key, whose bucket policy refuses
 * plain HTTP, TLS below 1.2, SSE-C, and every upload encrypted other than with that key.
 */
export class EncryptedBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    /** The created key's alias; empty when an existing key is used. */
    public readonly aliasName: pulumi.Output<string>;
    /** The rendered bucket policy (JSON). */
    public readonly bucketPolicy: pulumi.Output<string>;
    /** The rendered key policy (JSON); empty when an existing key is used. */
    public readonly keyPolicy: pulumi.Output<string>;
    /** Whether the bucket's default encryption uses an S3 Bucket Key. */
    public readonly bucketKeyEnabled: pulumi.Output<boolean>;
    /**
     * The arguments an object written into the bucket needs for its bucket policy to accept it:
     * `{ ...bucket.uploadArgs, key, source }`. Without them a strict bucket refuses the upload.
     */
    public readonly uploadArgs: UploadArgs;
    /** The bucket its server access logs go to; empty when `accessLogs` is not set. */
    public readonly accessLogsBucketName: pulumi.Output<string>;

    constructor(name: string, args: EncryptedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        // Before super(): bad input must fail before anything, the component included, is registered.
        assertValidArgs(name, args ?? {}, { retainOnDelete: opts?.retainOnDelete });
        super(ENCRYPTED_BUCKET_TYPE, name, {}, opts);

        const settings = pulumi.output(args ?? {}).apply((resolved) => resolveSettings(name, resolved));
        const context = awsContextFor(this);
        // protect is inherited from the parent, retainOnDelete is not: pass both so that a caller's
        // choice reaches every stateful child alike.
        const childOpts: pulumi.CustomResourceOptions = { parent: this, protect: opts?.protect, retainOnDelete: opts?.retainOnDelete };
        const tags = settings.tags;

        let keyArn: pulumi.Output<string>;
        let keyId: pulumi.Output<string>;
        let aliasName: pulumi.Output<string>;
        let keyPolicy: pulumi.Output<string>;
        /** What the bucket must outlive: deleting it first keeps every object readable. */
        let keyResources: pulumi.Input<pulumi.Resource[]>;
        if (args?.existingKeyArn !== undefined) {
            // dependsOn takes an Output and adds the resources it was computed from: an ARN taken
            // from a key declared in the same program orders the deletes the same way as ours.
            keyResources = pulumi.output(args.existingKeyArn).apply((): pulumi.Resource[] => []);
            keyArn = pulumi.output(args.existingKeyArn);
            keyId = keyArn.apply((arn) => parseKmsKeyArn(arn)?.keyId ?? "");
            aliasName = pulumi.output("");
            keyPolicy = pulumi.output("");
        } else {
            keyPolicy = pulumi.all([settings, context]).apply(([s, ctx]) =>
                JSON.stringify(buildKeyPolicy({ ...ctx, keyAdministrators: s.keyAdministrators, keyUsers: s.keyUsers })),
            );
            const key = new aws.kms.Key(`${name}-key`, {
                description: `Encrypts S3 bucket ${name} (encrypted-bucket)`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: settings.enableKeyRotation,
                rotationPeriodInDays: settings.apply((s) => (s.enableKeyRotation ? s.keyRotationPeriodDays : undefined)),
                deletionWindowInDays: settings.keyDeletionWindowDays,
                policy: keyPolicy,
                tags,
            }, {
                ...childOpts,
                // Objects written under the key are unreadable once it is deleted: it stays in AWS
                // when it leaves the stack unless the caller opts out (docs/key-lifecycle.md).
                retainOnDelete: opts?.retainOnDelete === true || args.deleteKeyOnRemoval !== true,
            });
            keyResources = [key];
            // Not kept like the key: deleting an alias loses no data, and a kept alias would make
            // re-adding a bucket of the same name fail (alias names are unique per account and region).
            const alias = new aws.kms.Alias(`${name}-alias`, {
                name: settings.apply((s) => s.keyAlias ?? defaultAlias(name)),
                targetKeyId: key.keyId,
            }, childOpts);
            keyArn = key.arn;
            keyId = key.keyId;
            aliasName = alias.name;
        }

        const sseAlgorithm = args.sseAlgorithm ?? DEFAULT_SSE_ALGORITHM;
        const bucket = new aws.s3.Bucket(name, {
            bucket: settings.bucketName,
            forceDestroy: settings.forceDestroy,
            tags,
        }, {
            ...childOpts,
            // The engine deletes a resource only after everything that depends on it, and stops at
            // the first failure: the bucket goes first, and a bucket that still holds objects (its
            // delete fails) keeps the key from ever being reached.
            dependsOn: keyResources,
        });
        const { publicAccessBlock, ownership } = bucketBaseline(name, bucket.id, childOpts);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{
                applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: keyArn },
                bucketKeyEnabled: settings.bucketKeyEnabled,
                blockedEncryptionTypes: ["SSE-C"],
            }],
        }, childOpts);
        // A document with Output leaves, not a JSON string rendered in an apply. The provider turns
        // a document with unknowns into one unknown string, so in a preview the BucketPolicy itself
        // shows nothing; registered among the component's outputs (below), the same document stays
        // visible to policy packs with only the ARNs unknown.
        const policyDocument = buildBucketPolicy({
            bucketArn: bucket.arn,
            objectsArn: pulumi.interpolate`${bucket.arn}/*`,
            keyArn,
            enforcement: args.enforcement ?? DEFAULT_ENFORCEMENT,
            sseAlgorithm,
            extraStatements: args.bucketPolicyStatements ?? [],
        });
        const bucketPolicy = pulumi.jsonStringify(policyDocument);
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: policyDocument }, { ...childOpts, dependsOn: [publicAccessBlock, ownership] });

        this.accessLogsBucketName = args.accessLogs === undefined
            ? pulumi.output("")
            : logAccess({
                name,
                accessLogs: args.accessLogs,
                bucketName: args.bucketName,
                source: bucket,
                context,
                forceDestroy: settings.forceDestroy,
                tags,
                opts: childOpts,
            });

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.keyArn = keyArn;
        this.keyId = keyId;
        this.aliasName = aliasName;
        this.bucketPolicy = bucketPolicy;
        this.keyPolicy = keyPolicy;
        this.bucketKeyEnabled = settings.bucketKeyEnabled;
        // The same algorithm and key ARN the bucket policy narrows uploads to, from the same values.
        this.uploadArgs = { bucket: bucket.id, serverSideEncryption: pulumi.output(sseAlgorithm), kmsKeyId: keyArn };
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            keyArn: this.keyArn,
            keyId: this.keyId,
            aliasName: this.aliasName,
            bucketPolicy: this.bucketPolicy,
            keyPolicy: this.keyPolicy,
            bucketKeyEnabled: this.bucketKeyEnabled,
            uploadArgs: this.uploadArgs,
            accessLogsBucketName: this.accessLogsBucketName,
            bucketPolicyDocument: policyDocument,
        });
    }
}

/** Alias names are account-and-region wide: project and stack keep two stacks from colliding. */
function defaultAlias(name: string): string {
    const raw = `${pulumi.getProject()}-${pulumi.getStack()}-${name}`;
    return `alias/${raw.replace(/[^a-zA-Z0-9/_-]/g, "-")}`.slice(0, 256);
}
