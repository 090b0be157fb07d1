/**
 * Hand-made stacks in the engine's shape, for the policy pack tests. Each helper returns an
 * `EngineResource`; `form` says whether values a real preview would not know yet are unknown
 * (with the property dependencies the SDK records) or known.
 */
import * as path from "path";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { Diagnostic, PolicyAnalyzer } from "../../offline/analyzer";
import { CODES, CODE_PREFIX } from "../../policy-pack/src/findings/codes";

export const PACK_DIR = path.join(__dirname, "..", "..", "policy-pack");
/** The real pack's policies judging exception expiry on the date given as PACK_TODAY (dated-pack/index.js). */
export const DATED_PACK_DIR = path.join(__dirname, "dated-pack");
export type Form = "preview" | "update";
export const FORMS: Form[] = ["preview", "update"];

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:444455556666:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;

export function urnOf(type: string, name: string, parentType?: string): string {
    return `urn:pulumi:test::proj::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

export function res(type: string, name: string, properties: Record<string, unknown>, extra: Partial<EngineResource> = {}): EngineResource {
    const propertyDependencies = extra.propertyDependencies ?? {};
    return {
        urn: urnOf(type, name),
        type,
        name,
        properties,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
        ...extra,
    };
}

/** A value the program computed from `from`: known in an update, unknown in a preview. */
export interface Computed {
    value: unknown;
    deps: string[];
}

export function computed(form: Form, value: unknown, ...from: EngineResource[]): Computed {
    return { value: form === "preview" ? UNKNOWN.string : value, deps: from.map((r) => r.urn) };
}

export function keyArnOf(name: string): string {
    const hex = Buffer.from(name.padEnd(16, "x")).toString("hex").slice(0, 32);
    return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function key(form: Form, name: string, props: Record<string, unknown> = {}): EngineResource {
    const arn = keyArnOf(name);
    const known = { arn, keyId: arn.split("/")[1] };
    return res("aws:kms/key:Key", name, {
        enableKeyRotation: true,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        ...(form === "preview" ? { arn: UNKNOWN.string, keyId: UNKNOWN.string } : known),
        ...props,
    });
}

export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
export const NATIVE_BUCKET = "aws-native:s3:Bucket";
export const SSE_CONFIG = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const SSE_CONFIG_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const NATIVE_BUCKET_POLICY = "aws-native:s3:BucketPolicy";

/** A bucket whose name is known in both forms (given, or auto-named before the plan). */
export function bucket(form: Form, name: string, type: string = BUCKET, props: Record<string, unknown> = {}): EngineResource {
    const arn = `arn:aws:s3:::${name}`;
    const known = type === NATIVE_BUCKET ? { bucketName: name } : { bucket: name };
    return res(type, name, { ...known, arn: form === "preview" ? UNKNOWN.string : arn, ...props });
}

export function bucketArn(b: EngineResource): string {
    return `arn:aws:s3:::${b.name}`;
}

/** The bucket reference a split resource takes: `bucket.id`, unknown in preview. */
export function bucketRef(form: Form, b: EngineResource): Computed {
    return computed(form, b.name, b);
}

export interface ByDefault {
    sseAlgorithm?: unknown;
    kmsMasterKeyId?: Computed | string;
}

function keyValue(k: ByDefault["kmsMasterKeyId"]): { value: unknown; deps: string[] } {
    return k === undefined ? { value: undefined, deps: [] } : typeof k === "string" ? { value: k, deps: [] } : k;
}

/** `BucketServerSideEncryptionConfiguration` (or its V2 twin) for `b`. */
export function encryptionConfig(form: Form, b: EngineResource, byDefault: ByDefault, type = SSE_CONFIG, extraRule: Record<string, unknown> = {}): EngineResource {
    const ref = bucketRef(form, b);
    const k = keyValue(byDefault.kmsMasterKeyId);
    return res(type, `${b.name}-encryption`, {
        bucket: ref.value,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: byDefault.sseAlgorithm, kmsMasterKeyId: k.value }, ...extraRule }],
    }, { propertyDependencies: { bucket: ref.deps, rules: k.deps } });
}

/** The same encryption declared on the bucket itself, in each shape's own layout. */
export function inlineEncryption(b: EngineResource, byDefault: ByDefault): EngineResource {
    const k = keyValue(byDefault.kmsMasterKeyId);
    const rule = { sseAlgorithm: byDefault.sseAlgorithm, kmsMasterKeyId: k.value };
    switch (b.type) {
        case BUCKET:
            return withProp(b, "serverSideEncryptionConfiguration", { rule: { applyServerSideEncryptionByDefault: rule } }, k.deps);
        case BUCKET_V2:
            return withProp(b, "serverSideEncryptionConfigurations", [{ rules: [{ applyServerSideEncryptionByDefaults: [rule] }] }], k.deps);
        default:
            return withProp(b, "bucketEncryption", { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: rule }] }, k.deps);
    }
}

function withProp(r: EngineResource, prop: string, value: unknown, deps: string[]): EngineResource {
    const propertyDependencies = { ...r.propertyDependencies, [prop]: deps };
    return { ...r, properties: { ...r.properties, [prop]: value }, propertyDependencies, dependencies: [...new Set([...r.dependencies, ...deps])] };
}

export interface PolicyOptions {
    strict?: boolean;
    algorithm?: string;
    /** Statements to leave out, by the names below. */
    omit?: string[];
}

/** The component's bucket policy, as JSON data; `keyArn`/`arn` may be unknown sentinels. */
export function goodPolicy(arn: string, keyArn: string, opts: PolicyOptions = {}): { Version: string; Statement: Record<string, unknown>[] } {
    // Computed from an unknown ARN, the objects' ARN is unknown as a whole.
    const objects = arn === UNKNOWN.string ? arn : `${arn}/*`;
    const deny = (Sid: string, Condition: Record<string, unknown>) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects, Condition });
    const statements = [
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, objects], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ...(opts.strict === false ? [] : [deny("DenyUnencryptedUploads", { Null: { "s3:x-amz-server-side-encryption": "true" } })]),
        deny("DenyWrongAlgorithm", { StringNotEquals: { "s3:x-amz-server-side-encryption": opts.algorithm ?? "aws:kms" }, Null: { "s3:x-amz-server-side-encryption": "false" } }),
        deny("DenyKmsWithoutKeyId", { Null: { "s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } }),
        deny("DenyWrongKmsKey", { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn }, Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" } }),
        deny("DenySseC", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
    ];
    return { Version: "2012-10-17", Statement: statements.filter((s) => !(opts.omit ?? []).includes(s.Sid)) };
}

/**
 * A bucket policy for `b`. In preview, `aws.s3.BucketPolicy`'s document, computed from ARNs, is
 * one unknown string (the provider stores JSON text); aws-native keeps the structure, so pass
 * a document with unknown ARNs for it.
 */
export function bucketPolicy(form: Form, b: EngineResource, document: unknown, from: EngineResource[], type = BUCKET_POLICY): EngineResource {
    const ref = bucketRef(form, b);
    const doc = type === NATIVE_BUCKET_POLICY ? document : form === "preview" ? UNKNOWN.string : JSON.stringify(document);
    const property = type === NATIVE_BUCKET_POLICY ? "policyDocument" : "policy";
    return res(type, `${b.name}-policy`, { bucket: ref.value, [property]: doc }, {
        propertyDependencies: { bucket: ref.deps, [property]: [b.urn, ...from.map((r) => r.urn)] },
    });
}

/**
 * A compliant bucket in the component's layout: stack key, split encryption configuration, strict
 * policy (or as `policy` says: its algorithm is the default encryption's too), and the bucket
 * depending on its key (so the engine deletes it first).
 */
export function compliantBucket(form: Form, name: string, policy: PolicyOptions = {}): EngineResource[] {
    const k = key(form, `${name}-key`);
    const b = { ...bucket(form, name), dependencies: [k.urn] };
    const sseAlgorithm = policy.algorithm ?? "aws:kms";
    return [
        k,
        b,
        encryptionConfig(form, b, { sseAlgorithm, kmsMasterKeyId: computed(form, keyArnOf(k.name), k) }, SSE_CONFIG, { blockedEncryptionTypes: ["SSE-C"] }),
        bucketPolicy(form, b, goodPolicy(bucketArn(b), keyArnOf(k.name), policy), [k]),
    ];
}

export function mandatory(ds: Diagnostic[]): Diagnostic[] {
    return ds.filter((d) => d.enforcementLevel === "mandatory");
}

/**
 * Diagnostics as `policy [level] @ urn` strings, each once: the verdicts the assertions compare (a
 * resource with two findings of one policy fails that policy once).
 */
export function violations(ds: Diagnostic[]): string[] {
    return [...new Set(ds.map((d) => `${d.policyName} [${d.enforcementLevel}] @ ${d.urn}`))].sort();
}

/** The finding code a diagnostic starts with; fails the test when it starts with none, or an undocumented one. */
export function codeOf(d: Diagnostic): string {
    const code = CODE_PREFIX.exec(d.message)?.[1];
    if (code === undefined || !(code in CODES)) {
        throw new Error(`a diagnostic that does not start with a documented finding code: ${d.message}`);
    }
    return code;
}

/** The distinct finding codes of `ds`, sorted. */
export function codes(ds: Diagnostic[]): string[] {
    return [...new Set(ds.map(codeOf))].sort();
}

export function violation(policy: string, r: EngineResource | string, level = "mandatory"): string {
    return `${policy} [${level}] @ ${typeof r === "string" ? r : r.urn}`;
}

/**
 * One pack process for the calling `describe` block, configured as the engine would with no
 * policy config; returns a getter, valid inside its tests.
 */
export function usePack(): () => PolicyAnalyzer {
    let analyzer: PolicyAnalyzer | undefined;
    before(async () => {
        analyzer = await PolicyAnalyzer.start(PACK_DIR);
        await analyzer.configure({});
        // Every diagnostic of every stack these suites send must start with a documented finding code.
        const pack = analyzer;
        const coded = (ds: Diagnostic[]) => {
            ds.forEach(codeOf);
            return ds;
        };
        const [analyze, analyzeStack] = [pack.analyze.bind(pack), pack.analyzeStack.bind(pack)];
        pack.analyze = async (...args) => coded(await analyze(...args));
        pack.analyzeStack = async (...args) => coded(await analyzeStack(...args));
    });
    after(async () => {
        await analyzer?.close();
    });
    return () => analyzer!;
}
