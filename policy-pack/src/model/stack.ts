/**
 * The stack as the S3 policies see it: each bucket with the encryption and bucket policies that
 * apply to it, keys, and objects. Built in one pass with Maps (stacks have tens of thousands of
 * resources); only resources of the types involved have their properties read.
 */
import { PolicyResource } from "@pulumi/policy";
import { isSharedDecoding } from "../decode-once";
import { Value, isUnknown, nonEmptyString, show, unwrapProxy, valuesAt } from "../known";
import { BUCKET_POLICY_KINDS, BUCKET_POLICY_TYPES, ENCRYPTION_CONFIG_TYPES, TYPES } from "../resource-types";
import { BUCKET_KINDS, BucketKind, Replication, WRITER_FIELDS, WRITER_KINDS, kindFields } from "./bucket-kinds";
import { EncryptionSource, readEncryptionConfig } from "./encryption";
import { ALIAS_KINDS, KEY_KINDS, aliasFields, keyFields } from "./key-kinds";
import { KeyIndex } from "./keys";
import { PolicySource, readBucketPolicy, readInlinePolicy } from "./policies";
import { Resource, depsOf, readResource } from "./resource";
import { addTo } from "../multimap";

export interface Bucket {
    resource: Resource;
    kind: BucketKind;
    /** Names the bucket, and its kind, in messages. */
    label: string;
    name?: string;
    /** The known ARN or, when only the name is known, its ARN in each partition. */
    arns: string[];
    /** Separate configuration resources win over the inline block, which is then a read-back. */
    encryption: EncryptionSource[];
    /** What it has S3 write elsewhere under an encryption it names (see `WriteSpec`). */
    writes: EncryptionSource[];
    policies: PolicySource[];
    /**
     * For a kind that takes its container's encryption when it declares none (a table): the
     * container, when the stack declares it; `null` when nothing known says which it is.
     */
    container?: Bucket | null;
    /** For a kind that replicates tables (see `Replication`): what this stack does not declare. */
    replication?: ReplicationGaps;
}

export interface ReplicationGaps {
    /** Destinations that are not a table bucket of this stack, as messages show them. */
    destinations: string[];
    /** The source, as shown, when it is not one of this stack's. */
    source?: string;
}

// A bucket policy can only name its own bucket (S3 refuses others), so any partition will do.
const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/**
 * The properties read of each type this model uses; other types are skipped unread. Exported for
 * the stack fuzz, which fuzzes every type and property listed here.
 */
export const MODEL_FIELDS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
    ...[...BUCKET_KINDS].map(([t, kind]): [string, string[]] => [t, kindFields(kind)]),
    ...[...ENCRYPTION_CONFIG_TYPES].map((t): [string, string[]] => [t, ["bucket", "rules"]]),
    ...[...BUCKET_POLICY_KINDS].map(([t, kind]): [string, string[]] => [t, ["bucket", kind.document]]),
    ...[...WRITER_KINDS.keys()].map((t): [string, readonly string[]] => [t, WRITER_FIELDS]),
    ...KEY_KINDS.map((k): [string, string[]] => [k.type, keyFields(k)]),
    ...ALIAS_KINDS.map((a): [string, string[]] => [a.type, aliasFields(a)]),
    [TYPES.encryptedBucket, ["bucketPolicyDocument"]],
]);

/** The model last built from each shared decoding, keyed by its first resource's properties. */
const built = new WeakMap<object, { sources: readonly unknown[]; model: StackModel }>();

export class StackModel {
    /**
     * The model of `resources`, built once per AnalyzeStack request: every stack policy of a request
     * is handed the same decoded properties (see decode-once.ts), and the model reads nothing else
     * that could differ between them, so one build serves all of them. Anything not decoded that
     * way (direct calls, tests, the hook not installed) gets a model of its own.
     */
    static of(resources: PolicyResource[]): StackModel {
        const sources = resources.map((r) => unwrapProxy(r.props));
        if (sources.length === 0 || !sources.every(isSharedDecoding)) {
            return new StackModel(resources);
        }
        const first = sources[0] as object;
        const hit = built.get(first);
        if (hit && hit.sources.length === sources.length && hit.sources.every((s, i) => s === sources[i])) {
            return hit.model;
        }
        const model = new StackModel(resources);
        built.set(first, { sources, model });
        return model;
    }

    readonly keys = new KeyIndex();
    readonly buckets: Bucket[] = [];
    readonly objects: Resource[] = [];
    /**
     * Encryption configurations and bucket policies whose `bucket` is unknown and computed from no
     * bucket or from several: nothing known says which bucket they configure.
     */
    readonly unlinked: Array<{ urn: string; what: string; kind: "encryption" | "policy" }> = [];
    /**
     * Encryption configurations whose `bucket` is known and names no bucket of this stack: they set
     * the default encryption of a bucket declared elsewhere, and are judged on their own.
     */
    readonly externalEncryption: Array<{ bucket: string; source: EncryptionSource }> = [];
    private readonly byUrn = new Map<string, Bucket>();
    /** Names are unique only within a kind (a table may share a bucket's name): several buckets per value. */
    private readonly byValue = new Map<string, Bucket[]>();

    constructor(resources: PolicyResource[]) {
        const configs: Resource[] = [];
        const policies: Resource[] = [];
        const declaredDocuments = new Map<string, Value>();
        for (const pr of resources) {
            const fields = MODEL_FIELDS.get(pr.type);
            if (!fields) {
                continue;
            }
            const r = readResource(pr, fields);
            const kind = BUCKET_KINDS.get(r.type);
            if (kind) {
                this.addBucket(r, kind);
            } else if (ENCRYPTION_CONFIG_TYPES.has(r.type)) {
                configs.push(r);
            } else if (BUCKET_POLICY_TYPES.has(r.type)) {
                policies.push(r);
            } else if (WRITER_KINDS.has(r.type)) {
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
            const bucket = this.bucketFor(c.props.bucket, depsOf(c, "bucket"), (b) => b.kind.splitEncryption);
            if (bucket) {
                bucket.encryption.push(source);
            } else if (isUnknown(c.props.bucket)) {
                this.unlinked.push({ urn: c.urn, what: source.what, kind: "encryption" });
            } else {
                this.externalEncryption.push({ bucket: typeof c.props.bucket === "string" ? c.props.bucket : show(c.props.bucket), source });
            }
        }
        for (const p of policies) {
            const declared = p.parent === undefined ? undefined : declaredDocuments.get(p.parent);
            const source = readBucketPolicy(p, declared);
            const bucket = this.bucketFor(p.props.bucket, depsOf(p, "bucket"), holdsObjects);
            if (bucket) {
                bucket.policies.push(source);
            } else if (isUnknown(p.props.bucket)) {
                this.unlinked.push({ urn: p.urn, what: source.what, kind: "policy" });
            }
        }
        for (const b of this.buckets) {
            const inlineEncryption = b.encryption.length === 0 ? b.kind.readEncryption?.(b.resource, this.keys) : undefined;
            if (inlineEncryption) {
                b.encryption.push(inlineEncryption);
            }
            const inlinePolicy = b.policies.length === 0 ? readInlinePolicy(b.resource, b.kind.inlinePolicy) : undefined;
            if (inlinePolicy) {
                b.policies.push(inlinePolicy);
            }
            const inherits = b.kind.inheritsFrom;
            if (inherits && b.encryption.length === 0) {
                const r = b.resource;
                b.container = this.bucketFor(r.props[inherits.field], depsOf(r, inherits.field), (c) => c.kind.label === inherits.label) ?? null;
            }
            for (const w of b.kind.writes ?? []) {
                const source = w.read(b.resource, this.keys);
                if (source) {
                    b.writes.push(source);
                }
            }
            if (b.kind.replicates) {
                b.replication = this.replicationGaps(b.resource, b.kind.replicates);
            }
        }
    }

    private replicationGaps(r: Resource, spec: Replication): ReplicationGaps {
        const deps = depsOf(r, spec.property);
        const into = spec.destinations.label;
        const destinations = valuesAt(r.props[spec.property], spec.destinations.path)
            .filter((ref) => !this.declares(ref, deps, (b) => b.kind.label === into))
            .map((ref) => (isUnknown(ref) ? `a destination unknown until apply and not computed only from ${into}s of this stack` : show(ref)));
        const source = spec.source;
        if (!source) {
            return { destinations };
        }
        const ref = r.props[source.field];
        const declared = this.declares(ref, depsOf(r, source.field), (b) => b.kind.label === source.label);
        return declared ? { destinations } : { destinations, source: isUnknown(ref) ? "a source unknown until apply" : show(ref) };
    }

    /**
     * Whether `ref` is a bucket of this stack that `accept` takes: by value when known; when unknown,
     * when everything it was computed from is one (anything else could have supplied another ARN),
     * as unknown key ids are resolved.
     */
    private declares(ref: Value, deps: string[], accept: (b: Bucket) => boolean): boolean {
        if (isUnknown(ref)) {
            return deps.length > 0 && deps.every((d) => {
                const b = this.byUrn.get(d);
                return b !== undefined && accept(b);
            });
        }
        return typeof ref === "string" && (this.byValue.get(ref) ?? []).some(accept);
    }

    /**
     * The bucket a `bucket` reference names: by value (name, id or ARN) when known; when unknown,
     * the one bucket it was computed from. Several candidate buckets prove nothing: none is chosen,
     * and the caller records the resource as unlinked. `accept` says which kinds the reference can
     * name (an object goes into a bucket, never into a table).
     */
    bucketFor(ref: Value, deps: string[], accept: (b: Bucket) => boolean = holdsObjects): Bucket | undefined {
        const candidates = isUnknown(ref)
            ? deps.flatMap((d) => this.byUrn.get(d) ?? [])
            : typeof ref === "string" ? this.byValue.get(ref) ?? this.byValue.get(nameFromArn(ref) ?? "") ?? [] : [];
        const accepted = candidates.filter(accept);
        return accepted.length === 1 ? accepted[0] : undefined;
    }

    private addBucket(r: Resource, kind: BucketKind): void {
        const name = kind.nameFields.map((f) => nonEmptyString(r.props[f])).find((n) => n !== undefined);
        const arn = kind.arnField === undefined ? undefined : nonEmptyString(r.props[kind.arnField]);
        const bucket: Bucket = {
            resource: r,
            kind,
            label: name ? `${kind.label} "${name}" (${r.name})` : `${kind.label} ${r.name}`,
            name,
            arns: arn ? [arn] : name && kind.arnFromName ? arnsForName(name) : [],
            encryption: [],
            writes: [],
            policies: [],
        };
        this.buckets.push(bucket);
        this.byUrn.set(r.urn, bucket);
        for (const v of new Set([name, arn, nonEmptyString(r.props.id)])) {
            if (v) {
                addTo(this.byValue, v, bucket);
            }
        }
    }
}

/** Kinds that hold objects written with S3's object API, and so take bucket policies and objects. */
export function holdsObjects(b: Bucket): boolean {
    return b.kind.policyDialect !== undefined;
}

/** A bucket's possible ARNs when only its name is known. */
export function arnsForName(name: string): string[] {
    return PARTITIONS.map((p) => `arn:${p}:s3:::${name}`);
}

function nameFromArn(ref: string): string | undefined {
    return /^arn:[a-z-]+:s3:::([^/]+)$/.exec(ref)?.[1];
}
