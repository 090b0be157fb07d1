/**
 * Default encryption, from every shape that declares it: the split configuration resources of
 * @pulumi/aws v6/v7 and their V2 twin, the inline block of `aws:s3/bucket:Bucket` (v6 and
 * earlier), the lists of `aws:s3/bucketV2:BucketV2`, `bucketEncryption` of aws-native, and the
 * encryption objects of table and vector buckets. Which reader applies to which type is in
 * `bucket-kinds.ts`.
 */
import { Value, asList, field, isUnknown, valuesAt } from "../known";
import { KeyIndex, KeyRef } from "./keys";
import { Resource, depsOf } from "./resource";

export interface EncryptionRule {
    sseAlgorithm: Value;
    key: KeyRef;
    blockedEncryptionTypes: Value;
}

export interface EncryptionSource {
    urn: string;
    /** Names the source in messages. */
    what: string;
    rules: EncryptionRule[];
    /** Why the source cannot be judged rule by rule, if it cannot. */
    problem?: string;
}

/** A by-default block: `sseAlgorithm` and `kmsMasterKeyId`, with what the key id was computed from. */
function rule(byDefault: Value, blocked: Value, deps: string[], keys: KeyIndex): EncryptionRule {
    return {
        sseAlgorithm: field(byDefault, "sseAlgorithm"),
        key: keys.resolve(field(byDefault, "kmsMasterKeyId"), deps),
        blockedEncryptionTypes: blocked,
    };
}

function source(r: Resource, what: string, list: Value, toRules: (item: Value) => EncryptionRule[]): EncryptionSource {
    if (isUnknown(list)) {
        return { urn: r.urn, what, rules: [], problem: "its rules are unknown until apply" };
    }
    const items = asList(list);
    if (!Array.isArray(list) && items.length > 0) {
        return { urn: r.urn, what, rules: [], problem: "its rules are not a list" };
    }
    const rules = items.flatMap(toRules);
    return rules.length === 0 ? { urn: r.urn, what, rules, problem: "it has no rule with default encryption" } : { urn: r.urn, what, rules };
}

/** `BucketServerSideEncryptionConfiguration(V2)`: `rules[].applyServerSideEncryptionByDefault`. */
export function readEncryptionConfig(r: Resource, keys: KeyIndex): EncryptionSource {
    const deps = depsOf(r, "rules");
    return source(r, `encryption configuration ${r.name}`, r.props.rules, (item) => [
        rule(singleBlock(field(item, "applyServerSideEncryptionByDefault")), field(item, "blockedEncryptionTypes"), deps, keys),
    ]);
}

/** `Bucket`'s deprecated inline block (v6 and earlier): one `rule`. */
export function readBucketInlineEncryption(r: Resource, keys: KeyIndex): EncryptionSource | undefined {
    const block = r.props.serverSideEncryptionConfiguration;
    if (block === undefined || block === null) {
        return undefined;
    }
    const deps = depsOf(r, "serverSideEncryptionConfiguration");
    const rules = isUnknown(block) ? block : [field(block, "rule")];
    return source(r, "its inline serverSideEncryptionConfiguration", rules, (item) => [
        rule(singleBlock(field(item, "applyServerSideEncryptionByDefault")), field(item, "blockedEncryptionTypes"), deps, keys),
    ]);
}

/** `BucketV2`'s inline lists. */
export function readBucketV2InlineEncryption(r: Resource, keys: KeyIndex): EncryptionSource | undefined {
    const list = r.props.serverSideEncryptionConfigurations;
    if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
        return undefined;
    }
    const deps = depsOf(r, "serverSideEncryptionConfigurations");
    return source(r, "its inline serverSideEncryptionConfigurations", list, (config) =>
        asList(field(config, "rules")).flatMap((item) =>
            asList(field(item, "applyServerSideEncryptionByDefaults")).map((byDefault) =>
                rule(byDefault, field(item, "blockedEncryptionTypes"), deps, keys))));
}

/** aws-native's `bucketEncryption` (`AWS::S3::Bucket` and `AWS::S3Express::DirectoryBucket` share it). */
export function readNativeBucketEncryption(r: Resource, keys: KeyIndex): EncryptionSource | undefined {
    const block = r.props.bucketEncryption;
    if (block === undefined || block === null) {
        return undefined;
    }
    const deps = depsOf(r, "bucketEncryption");
    return source(r, "its bucketEncryption", field(block, "serverSideEncryptionConfiguration"), (item) => [
        rule(field(item, "serverSideEncryptionByDefault"), field(item, "blockedEncryptionTypes"), deps, keys),
    ]);
}

/**
 * One encryption object or a list of them, named by `algorithm` and `key` fields: S3 Tables'
 * `encryptionConfiguration {sseAlgorithm, kmsKeyArn}`, S3 Vectors' `encryptionConfigurations
 * [{sseType, kmsKeyArn}]`. An unknown value computed from nothing is the provider's read-back of
 * what S3 chose because the program declared nothing (the schema marks these outputs computed).
 */
export function encryptionObjectReader(property: string, algorithm: string, key: string) {
    return (r: Resource, keys: KeyIndex): EncryptionSource | undefined => {
        const value = r.props[property];
        const deps = depsOf(r, property);
        if (value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isUnknown(value) && deps.length === 0)) {
            return undefined;
        }
        const items = isUnknown(value) || Array.isArray(value) ? value : [value];
        return source(r, `its ${property}`, items, (item) => [{
            sseAlgorithm: field(item, algorithm),
            key: keys.resolve(field(item, key), deps),
            blockedEncryptionTypes: undefined,
        }]);
    };
}

/**
 * S3 Metadata's journal, inventory and annotation tables (`metadataConfiguration.<table>.encryptionConfiguration`),
 * each its own table in an AWS-managed table bucket. An enabled journal or inventory table that
 * declares no encryption gets SSE-S3, so it is a problem of the source rather than a missing
 * declaration; for annotation tables AWS says nothing either way, which is no better.
 */
export function readMetadataTablesEncryption(r: Resource, keys: KeyIndex): EncryptionSource | undefined {
    const config = r.props.metadataConfiguration;
    const deps = depsOf(r, "metadataConfiguration");
    const what = "its metadata tables";
    if (config === undefined || config === null) {
        return undefined;
    }
    if (isUnknown(config)) {
        return { urn: r.urn, what, rules: [], problem: "their configuration is unknown until apply" };
    }
    const rules: EncryptionRule[] = [];
    const problems: string[] = [];
    for (const [table, undeclared] of METADATA_TABLES) {
        const tableConfig = field(config, table);
        if (tableConfig === undefined || tableConfig === null || field(tableConfig, "configurationState") === "DISABLED") {
            continue;
        }
        const encryption = field(tableConfig, "encryptionConfiguration");
        if (encryption === undefined || encryption === null) {
            problems.push(`${table} declares no encryptionConfiguration, so ${undeclared}`);
            continue;
        }
        rules.push({ sseAlgorithm: field(encryption, "sseAlgorithm"), key: keys.resolve(field(encryption, "kmsKeyArn"), deps), blockedEncryptionTypes: undefined });
    }
    return { urn: r.urn, what, rules, ...(problems.length > 0 ? { problem: problems.join("; ") } : {}) };
}

/** Each metadata table, and what protects it when it declares no encryption. */
const METADATA_TABLES: ReadonlyArray<readonly [string, string]> = [
    ["journalTableConfiguration", "S3 applies SSE-S3 (AES256)"],
    ["inventoryTableConfiguration", "S3 applies SSE-S3 (AES256)"],
    ["annotationTableConfiguration", "nothing known says which key protects it"],
];

/** Where a writer's destination (and its `encryption` choice) sits inside `property`. */
export interface Destination {
    path: string[];
    what: string;
    /** When a destination with no encryption choice gets one nobody declared (an AWS-managed table), rather than its bucket's default. */
    needsChoice?: (destination: Value) => boolean;
}

/** How a provider spells the two choices of an `encryption` block: @pulumi/aws `sseKms`/`sseS3s`, aws-native `ssekms`/`sses3`. */
export interface ChoiceNames {
    kms: string;
    s3: readonly string[];
}

export const AWS_CHOICE_NAMES: ChoiceNames = { kms: "sseKms", s3: ["sseS3", "sseS3s"] };

/**
 * Writers that put data into a destination with an `encryption { sseKms { keyId } | sseS3 | sseS3s }`
 * choice (S3 Inventory reports, Storage Lens exports). A destination with no choice takes its
 * bucket's default encryption, and its bucket is judged as its kind: that is no finding here.
 */
export function encryptionChoiceReader(property: string, destinations: Destination[], names: ChoiceNames = AWS_CHOICE_NAMES) {
    return (r: Resource, keys: KeyIndex): EncryptionSource | undefined => {
        const root = r.props[property];
        const deps = depsOf(r, property);
        const what = `its ${property}`;
        if (isUnknown(root)) {
            return deps.length === 0 ? undefined : { urn: r.urn, what, rules: [], problem: "it is unknown until apply" };
        }
        const rules: EncryptionRule[] = [];
        const problems: string[] = [];
        for (const d of destinations) {
            const destination = d.path.reduce<Value>((v, step) => singleBlock(field(singleBlock(v), step)), root);
            if (destination === undefined || destination === null) {
                continue;
            }
            const choice = singleBlock(field(destination, "encryption"));
            if (isUnknown(destination) || isUnknown(choice)) {
                problems.push(`the encryption of its ${d.what} is unknown until apply`);
            } else if (choice === undefined || choice === null) {
                if (d.needsChoice?.(destination)) {
                    problems.push(`its ${d.what} declares no encryption, and nothing known says which key protects it`);
                }
            } else {
                const sseKms = singleBlock(field(choice, names.kms));
                const sseS3 = names.s3.flatMap((n) => asList(field(choice, n)));
                if (sseKms !== undefined && sseKms !== null) {
                    rules.push({ sseAlgorithm: "aws:kms", key: keys.resolve(field(sseKms, "keyId"), deps), blockedEncryptionTypes: undefined });
                }
                if (sseS3.length > 0) {
                    rules.push({ sseAlgorithm: "AES256", key: { kind: "none" }, blockedEncryptionTypes: undefined });
                }
            }
        }
        if (rules.length === 0 && problems.length === 0) {
            return undefined;
        }
        return { urn: r.urn, what, rules, ...(problems.length > 0 ? { problem: problems.join("; ") } : {}) };
    };
}

/**
 * Replication rules, wherever a provider keeps them: S3 encrypts replicas of SSE-KMS objects under
 * each rule's `replicaKmsKeyId`, found at `keyPath` inside `property`, and does not replicate
 * SSE-KMS objects under a rule without one (docs/bucket-kinds.md), so a rule naming no key is no finding.
 */
export function replicaKeysReader(property: string, keyPath: readonly string[], what: string) {
    return (r: Resource, keys: KeyIndex): EncryptionSource | undefined => {
        const root = r.props[property];
        const deps = depsOf(r, property);
        if (isUnknown(root)) {
            return deps.length === 0 ? undefined : { urn: r.urn, what, rules: [], problem: "they are unknown until apply" };
        }
        const rules = valuesAt(root, keyPath)
            .filter((keyId) => keyId !== "")
            .map((keyId): EncryptionRule => ({ sseAlgorithm: "aws:kms", key: keys.resolve(keyId, deps), blockedEncryptionTypes: undefined }));
        return rules.length === 0 ? undefined : { urn: r.urn, what, rules };
    };
}

/** A bare key property (no algorithm: naming a key means SSE-KMS with it), e.g. S3 Files' `kmsKeyId`. */
export function keyPropertyReader(property: string) {
    return (r: Resource, keys: KeyIndex): EncryptionSource | undefined => {
        const value = r.props[property];
        const deps = depsOf(r, property);
        if (value === undefined || value === null || value === "" || (isUnknown(value) && deps.length === 0)) {
            return undefined;
        }
        return { urn: r.urn, what: `its ${property}`, rules: [{ sseAlgorithm: "aws:kms", key: keys.resolve(value, deps), blockedEncryptionTypes: undefined }] };
    };
}

// Older bridged state sometimes holds a one-element list where the schema now has an object.
function singleBlock(v: Value): Value {
    return Array.isArray(v) && v.length === 1 ? v[0] : v;
}
