/**
 * The stack as the S3 policies see it: each bucket with the encryption and bucket policies that
 * apply to it, keys, and objects. Built in one pass with Maps (stacks have tens of thousands of
 * resources); only resources of the types involved have their properties read.
 */
import { PolicyResource } from "@pulumi/policy";
import { Value, isUnknown, nonEmptyString } from "../known";
import { BUCKET_POLICY_TYPES, BUCKET_TYPES, ENCRYPTION_CONFIG_TYPES, OBJECT_TYPES, TYPES } from "../resource-types";
import { EncryptionSource, readEncryptionConfig, readInlineEncryption } from "./encryption";
import { ALIAS_KINDS, KEY_KINDS, aliasFields, keyFields } from "./key-kinds";
import { KeyIndex } from "./keys";
import { PolicySource, readBucketPolicy, readInlinePolicy } from "./policies";
import { Resource, depsOf, readResource } from "./resource";

export interface Bucket {
    resource: Resource;
    /** Names the bucket in messages. */
    label: string;
    /** The known ARN or, when only the name is known, its ARN in each partition. */
    arns: string[];
    /** Separate configuration resources win over the inline block, which is then a read-back. */
    encryption: EncryptionSource[];
    policies: PolicySource[];
}

// A bucket policy can only name its own bucket (S3 refuses others), so any partition will do.
const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

const BUCKET_FIELDS = ["bucket", "bucketName", "arn", "id", "serverSideEncryptionConfiguration", "serverSideEncryptionConfigurations", "bucketEncryption", "policy"];

/** The properties read of each type this model uses; other types are skipped unread. */
const FIELDS = new Map<string, readonly string[]>([
    ...[...BUCKET_TYPES].map((t): [string, string[]] => [t, BUCKET_FIELDS]),
    ...[...ENCRYPTION_CONFIG_TYPES].map((t): [string, string[]] => [t, ["bucket", "rules"]]),
    ...[...BUCKET_POLICY_TYPES].map((t): [string, string[]] => [t, ["bucket", "policy", "policyDocument"]]),
    ...[...OBJECT_TYPES].map((t): [string, string[]] => [t, ["bucket", "serverSideEncryption", "kmsKeyId"]]),
    ...KEY_KINDS.map((k): [string, string[]] => [k.type, keyFields(k)]),
    ...ALIAS_KINDS.map((a): [string, string[]] => [a.type, aliasFields(a)]),
    [TYPES.encryptedBucket, ["bucketPolicyDocument"]],
]);

export class StackModel {
    readonly keys = new KeyIndex();
    readonly buckets: Bucket[] = [];
    readonly objects: Resource[] = [];
    /**
     * Encryption configurations and bucket policies whose `bucket` is unknown and computed from no
     * bucket or from several: nothing known says which bucket they configure.
     */
    readonly unlinked: Array<{ urn: string; what: string; kind: "encryption" | "policy" }> = [];
    private readonly byUrn = new Map<string, Bucket>();
    private readonly byValue = new Map<string, Bucket>();

    constructor(resources: PolicyResource[]) {
        const configs: Resource[] = [];
        const policies: Resource[] = [];
        const declaredDocuments = new Map<string, Value>();
        for (const pr of resources) {
            const fields = FIELDS.get(pr.type);
            if (!fields) {
                continue;
            }
            const r = readResource(pr, fields);
            if (BUCKET_TYPES.has(r.type)) {
                this.addBucket(r);
            } else if (ENCRYPTION_CONFIG_TYPES.has(r.type)) {
                configs.push(r);
            } else if (BUCKET_POLICY_TYPES.has(r.type)) {
                policies.push(r);
            } else if (OBJECT_TYPES.has(r.type)) {
                this.objects.push(r);
            } else if (r.type === TYPES.encryptedBucket) {
                declaredDocuments.set(r.urn, r.props.bucketPolicyDocument);
            } else {
                this.keys.add(r);
            }
        }
        // Keys first: every reference is resolved against the complete key index.
        for (const c of configs) {
            const source = readEncryptionConfig(c, this.keys);
            const bucket = this.bucketFor(c.props.bucket, depsOf(c, "bucket"));
            if (bucket) {
                bucket.encryption.push(source);
            } else if (isUnknown(c.props.bucket)) {
                this.unlinked.push({ urn: c.urn, what: source.what, kind: "encryption" });
            }
        }
        for (const p of policies) {
            const declared = p.parent === undefined ? undefined : declaredDocuments.get(p.parent);
            const source = readBucketPolicy(p, declared);
            const bucket = this.bucketFor(p.props.bucket, depsOf(p, "bucket"));
            if (bucket) {
                bucket.policies.push(source);
            } else if (isUnknown(p.props.bucket)) {
                this.unlinked.push({ urn: p.urn, what: source.what, kind: "policy" });
            }
        }
        for (const b of this.buckets) {
            const inlineEncryption = b.encryption.length === 0 ? readInlineEncryption(b.resource, this.keys) : undefined;
            if (inlineEncryption) {
                b.encryption.push(inlineEncryption);
            }
            const inlinePolicy = b.policies.length === 0 ? readInlinePolicy(b.resource) : undefined;
            if (inlinePolicy) {
                b.policies.push(inlinePolicy);
            }
        }
    }

    /**
     * The bucket a `bucket` reference names: by value (name, id or ARN) when known; when unknown,
     * the one bucket it was computed from. Several candidate buckets prove nothing: none is chosen,
     * and the caller records the resource as unlinked.
     */
    bucketFor(ref: Value, deps: string[]): Bucket | undefined {
        if (isUnknown(ref)) {
            const candidates = deps.flatMap((d) => this.byUrn.get(d) ?? []);
            return candidates.length === 1 ? candidates[0] : undefined;
        }
        return typeof ref === "string" ? this.byValue.get(ref) ?? this.byValue.get(nameFromArn(ref) ?? "") : undefined;
    }

    private addBucket(r: Resource): void {
        const name = nonEmptyString(r.props.bucket) ?? nonEmptyString(r.props.bucketName);
        const arn = nonEmptyString(r.props.arn);
        const bucket: Bucket = {
            resource: r,
            label: name ? `bucket "${name}" (${r.name})` : `bucket ${r.name}`,
            arns: arn ? [arn] : name ? arnsForName(name) : [],
            encryption: [],
            policies: [],
        };
        this.buckets.push(bucket);
        this.byUrn.set(r.urn, bucket);
        for (const v of [name, arn, nonEmptyString(r.props.id)]) {
            if (v) {
                this.byValue.set(v, bucket);
            }
        }
    }
}

/** A bucket's possible ARNs when only its name is known. */
export function arnsForName(name: string): string[] {
    return PARTITIONS.map((p) => `arn:${p}:s3:::${name}`);
}

function nameFromArn(ref: string): string | undefined {
    return /^arn:[a-z-]+:s3:::([^/]+)$/.exec(ref)?.[1];
}
