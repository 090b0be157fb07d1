/**
 * The stack as the S3 policies see it: its storage (each with the encryption and bucket policies
 * that apply to it), the writers that have S3 write into storage, keys, and objects. Built in one
 * pass with Maps (stacks have tens of thousands of resources); only resources of the types
 * involved have their properties read.
 */
import { PolicyResource } from "@pulumi/policy";
import { isSharedDecoding } from "../decode-once";
import { Value, isUnknown, nonEmptyString, show, unwrapProxy, valuesAt } from "../known";
import { ENCRYPTION_CONFIG_TYPES, TYPES } from "../resource-types";
import {
    OBJECT_KINDS, Replication, STORAGE_KINDS, StorageKind, WRITER_KINDS, WriterKind, objectFields, storageFields, writerFields,
} from "./bucket-kinds";
import { EncryptionSource, splitConfigurationReader } from "./encryption";
import { ALIAS_KINDS, KEY_KINDS, aliasFields, keyFields } from "./key-kinds";
import { KeyIndex, KeyRef } from "./keys";
import { LOG_CONFIG_KINDS, LogConfigKind } from "./log-services";
import { INLINE_OWNERSHIP, OWNERSHIP_CONTROLS } from "./object-ownership";
import { BUCKET_POLICY_KINDS, POLICY_BUCKET_FIELD, PolicySource, bucketPolicyFields, readBucketPolicy, readInlinePolicy } from "./policies";
import { Resource, depsOf, readResource } from "./resource";
import { addTo } from "../multimap";

/** A resource that holds data under an encryption setting of its own (see `StorageKind`). */
export interface Storage {
    resource: Resource;
    kind: StorageKind;
    name?: string;
    /** The known ARN or, when only the name is known, its ARN in each partition. */
    arns: string[];
    /** Separate configuration resources win over the inline block, which is then a read-back. */
    encryption: EncryptionSource[];
    /** What it has S3 write elsewhere under an encryption it names, declared inline (see `StorageKind.inlineWrites`). */
    inlineWrites: EncryptionSource[];
    policies: PolicySource[];
    /**
     * For a kind that takes its container's encryption when it declares none (a table): the
     * container, when the stack declares it; `null` when nothing known says which it is.
     */
    container?: Storage | null;
    /** For a kind that replicates tables (see `Replication`): what this stack does not declare. */
    replication?: ReplicationGaps;
    /** The Object Ownership settings declared for it (see object-ownership.ts); empty when none is. */
    ownership: Value[];
}

/** A resource that has S3 write data into storage under an encryption it names (see `WriterKind`). */
export interface Writer {
    resource: Resource;
    kind: WriterKind;
    /** The encryption it names for what it writes; empty when it names none (its destinations' defaults apply). */
    encryption: EncryptionSource[];
    replication?: ReplicationGaps;
}

export interface ReplicationGaps {
    /** Destinations that are not a table bucket of this stack: their known references, or `undefined` for one unknown until apply. */
    destinations: Array<string | undefined>;
    /** Set when the source is not one of this stack's: its known reference, or `undefined` when unknown until apply. */
    source?: { ref?: string };
}

/** One delivery of logs into a bucket that a log configuration of this stack sets up (see log-services.ts). */
export interface LogDelivery {
    config: Resource;
    kind: LogConfigKind;
    /** The bucket of this stack it names, when exactly one. */
    destination?: Storage;
    prefix?: string;
    /** The ARNs the delivering service names as `aws:SourceArn`: its source bucket's, when known. */
    sourceArns: string[];
    /** The key the service encrypts with, where the configuration names one (CloudTrail's `kmsKeyId`). */
    key?: KeyRef;
}

/** A split encryption configuration, or a bucket policy, that no known fact ties to one bucket of this stack. */
export interface Unlinked {
    urn: string;
    name: string;
    kind: "encryption" | "policy";
}

/**
 * A split encryption configuration whose `bucket` is known and names no single bucket of this
 * stack: no bucket (it sets the default encryption of a bucket declared elsewhere), or several that
 * share the name (`sharedBy`, their URNs). Either way it is judged on its own.
 */
export interface UnattachedEncryption {
    bucket: string;
    sharedBy: string[];
    source: EncryptionSource;
}

const SPLIT_CONFIGURATION = { bucket: "bucket", encryption: splitConfigurationReader("rules") };

// A bucket policy can only name its own bucket (S3 refuses others), so any partition will do.
const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/**
 * The properties read of each type this model uses; other types are skipped unread. Exported for
 * the stack fuzz, which fuzzes every type and property listed here.
 */
export const MODEL_FIELDS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
    ...[...LOG_CONFIG_KINDS].filter(([, kind]) => kind.targets).map(([t, kind]): [string, string[]] => [t, [...kind.fields]]),
    ...[...STORAGE_KINDS].map(([t, kind]): [string, string[]] => [t, [...new Set([
        ...storageFields(kind), ...(LOG_CONFIG_KINDS.get(t)?.fields ?? []), ...[INLINE_OWNERSHIP.get(t)?.field ?? []].flat(),
    ])]]),
    [OWNERSHIP_CONTROLS.type, [...OWNERSHIP_CONTROLS.fields]],
    ...[...WRITER_KINDS].map(([t, kind]): [string, string[]] => [t, writerFields(kind)]),
    ...[...OBJECT_KINDS].map(([t, kind]): [string, string[]] => [t, objectFields(kind)]),
    ...[...ENCRYPTION_CONFIG_TYPES].map((t): [string, string[]] => [t, [SPLIT_CONFIGURATION.bucket, SPLIT_CONFIGURATION.encryption.property]]),
    ...[...BUCKET_POLICY_KINDS].map(([t, kind]): [string, string[]] => [t, bucketPolicyFields(kind)]),
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
    readonly storage: Storage[] = [];
    readonly writers: Writer[] = [];
    readonly objects: Resource[] = [];
    readonly deliveries: LogDelivery[] = [];
    /**
     * Encryption configurations and bucket policies whose `bucket` is unknown and computed from no
     * bucket or from several: nothing known says which bucket they configure.
     */
    readonly unlinked: Unlinked[] = [];
    /** Whether an Object Ownership resource of the stack names no known bucket: it may be any bucket's. */
    ownershipUnlinked = false;
    /** Encryption configurations whose known `bucket` names no single bucket of this stack. */
    readonly unattachedEncryption: UnattachedEncryption[] = [];
    private readonly byUrn = new Map<string, Storage>();
    /** Names are unique only within a kind (a table may share a bucket's name): several per value. */
    private readonly byValue = new Map<string, Storage[]>();

    constructor(resources: PolicyResource[]) {
        const configs: Resource[] = [];
        const policies: Resource[] = [];
        const writers: Array<{ r: Resource; kind: WriterKind }> = [];
        const logConfigs: Resource[] = [];
        const ownershipControls: Resource[] = [];
        const declaredDocuments = new Map<string, Value>();
        for (const pr of resources) {
            const fields = MODEL_FIELDS.get(pr.type);
            if (!fields) {
                continue;
            }
            const r = readResource(pr, fields);
            const storageKind = STORAGE_KINDS.get(r.type);
            const writerKind = WRITER_KINDS.get(r.type);
            if (LOG_CONFIG_KINDS.get(r.type)?.targets) {
                logConfigs.push(r);
            }
            if (storageKind) {
                this.addStorage(r, storageKind);
            } else if (writerKind) {
                writers.push({ r, kind: writerKind });
            } else if (ENCRYPTION_CONFIG_TYPES.has(r.type)) {
                configs.push(r);
            } else if (BUCKET_POLICY_KINDS.has(r.type)) {
                policies.push(r);
            } else if (OBJECT_KINDS.has(r.type)) {
                this.objects.push(r);
            } else if (r.type === OWNERSHIP_CONTROLS.type) {
                ownershipControls.push(r);
            } else if (r.type === TYPES.encryptedBucket) {
                declaredDocuments.set(r.urn, r.props.bucketPolicyDocument);
            } else if (!LOG_CONFIG_KINDS.has(r.type)) {
                this.keys.add(r);
            }
        }
        // Keys first: every reference is resolved against the complete key index.
        for (const c of configs) {
            const source = SPLIT_CONFIGURATION.encryption.read(c, this.keys)!;
            const ref = c.props[SPLIT_CONFIGURATION.bucket];
            const candidates = this.candidatesFor(ref, depsOf(c, SPLIT_CONFIGURATION.bucket), (b) => b.kind.splitEncryption);
            if (candidates.length === 1) {
                candidates[0].encryption.push(source);
            } else if (isUnknown(ref)) {
                this.unlinked.push({ urn: c.urn, name: c.name, kind: "encryption" });
            } else {
                this.unattachedEncryption.push({ bucket: typeof ref === "string" ? ref : show(ref), sharedBy: candidates.map((b) => b.resource.urn), source });
            }
        }
        for (const p of policies) {
            const declared = p.parent === undefined ? undefined : declaredDocuments.get(p.parent);
            const source = readBucketPolicy(p, declared);
            const bucket = this.bucketFor(p.props[POLICY_BUCKET_FIELD], depsOf(p, POLICY_BUCKET_FIELD), holdsObjects);
            if (bucket) {
                bucket.policies.push(source);
            } else if (isUnknown(p.props[POLICY_BUCKET_FIELD])) {
                this.unlinked.push({ urn: p.urn, name: p.name, kind: "policy" });
            }
        }
        for (const b of this.storage) {
            const inlineEncryption = b.encryption.length === 0 ? b.kind.encryption?.read(b.resource, this.keys) : undefined;
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
            for (const w of b.kind.inlineWrites ?? []) {
                const source = w.read(b.resource, this.keys);
                if (source) {
                    b.inlineWrites.push(source);
                }
            }
            if (b.kind.replicates) {
                b.replication = this.replicationGaps(b.resource, b.kind.replicates);
            }
        }
        for (const o of ownershipControls) {
            const bucket = this.bucketFor(o.props[OWNERSHIP_CONTROLS.bucket], depsOf(o, OWNERSHIP_CONTROLS.bucket));
            if (bucket) {
                bucket.ownership.push(...OWNERSHIP_CONTROLS.read(o));
            } else if (isUnknown(o.props[OWNERSHIP_CONTROLS.bucket])) {
                this.ownershipUnlinked = true;
            }
        }
        for (const r of logConfigs) {
            this.addDeliveries(r);
        }
        for (const { r, kind } of writers) {
            const source = kind.encryption?.read(r, this.keys);
            this.writers.push({
                resource: r,
                kind,
                encryption: source ? [source] : [],
                ...(kind.replicates ? { replication: this.replicationGaps(r, kind.replicates) } : {}),
            });
        }
    }

    private addDeliveries(r: Resource): void {
        const kind = LOG_CONFIG_KINDS.get(r.type)!;
        for (const t of kind.targets!(r)) {
            const source = t.sourceIsSelf ? this.byUrn.get(r.urn) : this.bucketFor(r.props.bucket, depsOf(r, "bucket"));
            this.deliveries.push({
                config: r,
                kind: t.service ? { ...kind, service: t.service } : kind,
                destination: this.bucketFor(t.ref, t.deps),
                prefix: t.prefix,
                sourceArns: t.sourceArn ? [t.sourceArn] : source?.arns ?? [],
                ...(t.key ? { key: this.keys.resolve(t.key.ref, t.key.deps) } : {}),
            });
        }
    }

    private replicationGaps(r: Resource, spec: Replication): ReplicationGaps {
        const deps = depsOf(r, spec.property);
        const into = spec.destinations.label;
        const destinations = valuesAt(r.props[spec.property], spec.destinations.path)
            .filter((ref) => !this.declares(ref, deps, (b) => b.kind.label === into))
            .map((ref) => (isUnknown(ref) ? undefined : show(ref)));
        const source = spec.source;
        if (!source) {
            return { destinations };
        }
        const ref = r.props[source.field];
        const declared = this.declares(ref, depsOf(r, source.field), (b) => b.kind.label === source.label);
        return declared ? { destinations } : { destinations, source: isUnknown(ref) ? {} : { ref: show(ref) } };
    }

    /**
     * Whether `ref` is storage of this stack that `accept` takes: by value when known; when unknown,
     * when everything it was computed from is one (anything else could have supplied another ARN),
     * as unknown key ids are resolved.
     */
    private declares(ref: Value, deps: string[], accept: (b: Storage) => boolean): boolean {
        if (isUnknown(ref)) {
            return deps.length > 0 && deps.every((d) => {
                const b = this.byUrn.get(d);
                return b !== undefined && accept(b);
            });
        }
        return typeof ref === "string" && (this.byValue.get(ref) ?? []).some(accept);
    }

    /**
     * The storage of this stack a `bucket` reference may name, of the kinds `accept` takes: by value
     * (name, id or ARN) when known; when unknown, those it was computed from.
     */
    private candidatesFor(ref: Value, deps: string[], accept: (b: Storage) => boolean): Storage[] {
        const candidates = isUnknown(ref)
            ? deps.flatMap((d) => this.byUrn.get(d) ?? [])
            : typeof ref === "string" ? this.byValue.get(ref) ?? this.byValue.get(nameFromArn(ref) ?? "") ?? [] : [];
        return candidates.filter(accept);
    }

    /**
     * The bucket a `bucket` reference names: by value (name, id or ARN) when known; when unknown,
     * the one bucket it was computed from. Several candidate buckets prove nothing: none is chosen,
     * and the caller records the resource as unlinked. `accept` says which kinds the reference can
     * name (an object goes into a bucket, never into a table).
     */
    bucketFor(ref: Value, deps: string[], accept: (b: Storage) => boolean = holdsObjects): Storage | undefined {
        const accepted = this.candidatesFor(ref, deps, accept);
        return accepted.length === 1 ? accepted[0] : undefined;
    }

    private addStorage(r: Resource, kind: StorageKind): void {
        const name = kind.nameFields.map((f) => nonEmptyString(r.props[f])).find((n) => n !== undefined);
        const arn = kind.arnField === undefined ? undefined : nonEmptyString(r.props[kind.arnField]);
        const storage: Storage = {
            resource: r,
            kind,
            name,
            arns: arn ? [arn] : name && kind.arnFromName ? arnsForName(name) : [],
            encryption: [],
            inlineWrites: [],
            policies: [],
            ownership: INLINE_OWNERSHIP.get(r.type)?.read(r) ?? [],
        };
        this.storage.push(storage);
        this.byUrn.set(r.urn, storage);
        for (const v of new Set([name, arn, nonEmptyString(r.props.id)])) {
            if (v) {
                addTo(this.byValue, v, storage);
            }
        }
    }
}

/** Kinds that hold objects written with S3's object API, and so take bucket policies and objects. */
export function holdsObjects(b: Storage): boolean {
    return b.kind.policyDialect !== undefined;
}

/** A bucket's possible ARNs when only its name is known. */
export function arnsForName(name: string): string[] {
    return PARTITIONS.map((p) => `arn:${p}:s3:::${name}`);
}

function nameFromArn(ref: string): string | undefined {
    return /^arn:[a-z-]+:s3:::([^/]+)$/.exec(ref)?.[1];
}
