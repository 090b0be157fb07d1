/**
 * Default encryption, and the encryption a resource has S3 write data under, from every shape that
 * declares it: the split configuration resources of @pulumi/aws v6/v7 and their V2 twin, the inline
 * block of `aws:s3/bucket:Bucket` (v6 and earlier), the lists of `aws:s3/bucketV2:BucketV2`,
 * `bucketEncryption` of aws-native, the encryption objects of table and vector buckets, and the
 * encryption choices of the resources that write into storage. Each reader is made for one
 * property and says which: the kinds' field lists are derived from the readers
 * (`bucket-kinds.ts`), so a property is named once.
 */
import { Value, asList, field, isUnknown, valuesAt } from "../known";
import { KeyIndex, KeyRef } from "./keys";
import { Resource, depsOf } from "./resource";

export interface EncryptionRule {
    sseAlgorithm: Value;
    key: KeyRef;
    blockedEncryptionTypes: Value;
}

/** Where an encryption source is declared: a configuration resource of its own, or a property (path) of the resource. */
export type SourceRef =
    | { kind: "configuration"; name: string }
    | { kind: "property"; path: string };

/**
 * Why a source cannot be judged rule by rule: its value is unknown (`part`: which part of it), it is
 * not a list, it has no rule with default encryption, or one of its parts declares no encryption
 * and so gets SSE-S3 (`sse-s3`) or a key nothing known names (`unknown-key`).
 */
export type SourceProblem =
    | { kind: "unknown"; part?: string }
    | { kind: "not-a-list" }
    | { kind: "no-rule" }
    | { kind: "undeclared"; part: string; consequence: "sse-s3" | "unknown-key" };

export interface EncryptionSource {
    urn: string;
    where: SourceRef;
    rules: EncryptionRule[];
    problems: SourceProblem[];
}

/** Reads the encryption held in `property` of a resource; `undefined` when it declares none. */
export interface EncryptionReader {
    property: string;
    read(r: Resource, keys: KeyIndex): EncryptionSource | undefined;
}

function reader(property: string, read: (value: Value, deps: string[], r: Resource, keys: KeyIndex) => EncryptionSource | undefined): EncryptionReader {
    return { property, read: (r, keys) => read(r.props[property], depsOf(r, property), r, keys) };
}

const at = (path: string): SourceRef => ({ kind: "property", path });

/** A by-default block: `sseAlgorithm` and `kmsMasterKeyId`, with what the key id was computed from. */
function rule(byDefault: Value, blocked: Value, deps: string[], keys: KeyIndex): EncryptionRule {
    return {
        sseAlgorithm: field(byDefault, "sseAlgorithm"),
        key: keys.resolve(field(byDefault, "kmsMasterKeyId"), deps),
        blockedEncryptionTypes: blocked,
    };
}

function source(r: Resource, where: SourceRef, list: Value, toRules: (item: Value) => EncryptionRule[]): EncryptionSource {
    if (isUnknown(list)) {
        return { urn: r.urn, where, rules: [], problems: [{ kind: "unknown" }] };
    }
    const items = asList(list);
    if (!Array.isArray(list) && items.length > 0) {
        return { urn: r.urn, where, rules: [], problems: [{ kind: "not-a-list" }] };
    }
    const rules = items.flatMap(toRules);
    return { urn: r.urn, where, rules, problems: rules.length === 0 ? [{ kind: "no-rule" }] : [] };
}

/**
 * `BucketServerSideEncryptionConfiguration(V2)`: `<property>[].applyServerSideEncryptionByDefault`,
 * judged as the configuration resource itself.
 */
export function splitConfigurationReader(property: string): EncryptionReader {
    return reader(property, (list, deps, r, keys) => source(r, { kind: "configuration", name: r.name }, list, (item) => [
        rule(singleBlock(field(item, "applyServerSideEncryptionByDefault")), field(item, "blockedEncryptionTypes"), deps, keys),
    ]));
}

/** `Bucket`'s deprecated inline block (v6 and earlier): one `rule`. */
export function inlineRuleReader(property: string): EncryptionReader {
    return reader(property, (block, deps, r, keys) => {
        if (block === undefined || block === null) {
            return undefined;
        }
        const rules = isUnknown(block) ? block : [field(block, "rule")];
        return source(r, at(property), rules, (item) => [
            rule(singleBlock(field(item, "applyServerSideEncryptionByDefault")), field(item, "blockedEncryptionTypes"), deps, keys),
        ]);
    });
}

/** `BucketV2`'s inline lists. */
export function inlineRuleListsReader(property: string): EncryptionReader {
    return reader(property, (list, deps, r, keys) => {
        if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
            return undefined;
        }
        return source(r, at(property), list, (config) =>
            asList(field(config, "rules")).flatMap((item) =>
                asList(field(item, "applyServerSideEncryptionByDefaults")).map((byDefault) =>
                    rule(byDefault, field(item, "blockedEncryptionTypes"), deps, keys))));
    });
}

/** aws-native's `bucketEncryption` (`AWS::S3::Bucket` and `AWS::S3Express::DirectoryBucket` share it). */
export function nativeBucketEncryptionReader(property: string): EncryptionReader {
    return reader(property, (block, deps, r, keys) => {
        if (block === undefined || block === null) {
            return undefined;
        }
        return source(r, at(property), field(block, "serverSideEncryptionConfiguration"), (item) => [
            rule(field(item, "serverSideEncryptionByDefault"), field(item, "blockedEncryptionTypes"), deps, keys),
        ]);
    });
}

/**
 * One encryption object or a list of them, named by `algorithm` and `key` fields: S3 Tables'
 * `encryptionConfiguration {sseAlgorithm, kmsKeyArn}`, S3 Vectors' `encryptionConfigurations
 * [{sseType, kmsKeyArn}]`. An unknown value computed from nothing is the provider's read-back of
 * what S3 chose because the program declared nothing (the schema marks these outputs computed).
 */
export function encryptionObjectReader(property: string, algorithm: string, key: string): EncryptionReader {
    return reader(property, (value, deps, r, keys) => {
        if (value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isUnknown(value) && deps.length === 0)) {
            return undefined;
        }
        const items = isUnknown(value) || Array.isArray(value) ? value : [value];
        return source(r, at(property), items, (item) => [{
            sseAlgorithm: field(item, algorithm),
            key: keys.resolve(field(item, key), deps),
            blockedEncryptionTypes: undefined,
        }]);
    });
}

/** Each metadata table, and what protects it when it declares no encryption. */
const METADATA_TABLES: ReadonlyArray<readonly [string, "sse-s3" | "unknown-key"]> = [
    ["journalTableConfiguration", "sse-s3"],
    ["inventoryTableConfiguration", "sse-s3"],
    ["annotationTableConfiguration", "unknown-key"],
];

/**
 * S3 Metadata's journal, inventory and annotation tables (`<property>.<table>.encryptionConfiguration`),
 * each its own table in an AWS-managed table bucket. An enabled journal or inventory table that
 * declares no encryption gets SSE-S3, so it is a problem of the source rather than a missing
 * declaration; for annotation tables AWS says nothing either way, which is no better.
 */
export function metadataTablesReader(property: string): EncryptionReader {
    return reader(property, (config, deps, r, keys) => {
        if (config === undefined || config === null) {
            return undefined;
        }
        const where = at(property);
        if (isUnknown(config)) {
            return { urn: r.urn, where, rules: [], problems: [{ kind: "unknown" }] };
        }
        const rules: EncryptionRule[] = [];
        const problems: SourceProblem[] = [];
        for (const [table, consequence] of METADATA_TABLES) {
            const tableConfig = field(config, table);
            if (tableConfig === undefined || tableConfig === null || field(tableConfig, "configurationState") === "DISABLED") {
                continue;
            }
            const encryption = field(tableConfig, "encryptionConfiguration");
            if (encryption === undefined || encryption === null) {
                problems.push({ kind: "undeclared", part: table, consequence });
                continue;
            }
            rules.push({ sseAlgorithm: field(encryption, "sseAlgorithm"), key: keys.resolve(field(encryption, "kmsKeyArn"), deps), blockedEncryptionTypes: undefined });
        }
        return { urn: r.urn, where, rules, problems };
    });
}

/** Where a writer's destination (and its `encryption` choice) sits inside the property it reads. */
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

const AWS_CHOICE_NAMES: ChoiceNames = { kms: "sseKms", s3: ["sseS3", "sseS3s"] };

/**
 * Writers that put data into a destination with an `encryption { sseKms { keyId } | sseS3 | sseS3s }`
 * choice (S3 Inventory reports, Storage Lens exports). A destination with no choice takes its
 * bucket's default encryption, and its bucket is judged as its kind: that is no finding here.
 */
export function encryptionChoiceReader(property: string, destinations: Destination[], names: ChoiceNames = AWS_CHOICE_NAMES): EncryptionReader {
    return reader(property, (root, deps, r, keys) => {
        const where = at(property);
        if (isUnknown(root)) {
            return deps.length === 0 ? undefined : { urn: r.urn, where, rules: [], problems: [{ kind: "unknown" }] };
        }
        const rules: EncryptionRule[] = [];
        const problems: SourceProblem[] = [];
        for (const d of destinations) {
            const destination = d.path.reduce<Value>((v, step) => singleBlock(field(singleBlock(v), step)), root);
            if (destination === undefined || destination === null) {
                continue;
            }
            const choice = singleBlock(field(destination, "encryption"));
            if (isUnknown(destination) || isUnknown(choice)) {
                problems.push({ kind: "unknown", part: d.what });
            } else if (choice === undefined || choice === null) {
                if (d.needsChoice?.(destination)) {
                    problems.push({ kind: "undeclared", part: d.what, consequence: "unknown-key" });
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
        return { urn: r.urn, where, rules, problems };
    });
}

/**
 * Replication rules, wherever a provider keeps them: S3 encrypts replicas of SSE-KMS objects under
 * each rule's replica key, found at `keyPath` inside `property`, and does not replicate SSE-KMS
 * objects under a rule without one (docs/bucket-kinds.md), so a rule naming no key is no finding.
 */
export function replicaKeysReader(property: string, keyPath: readonly string[]): EncryptionReader {
    const where = at([property, ...keyPath].join(".").replace(/\.\[\]/g, "[]"));
    return reader(property, (root, deps, r, keys) => {
        if (isUnknown(root)) {
            return deps.length === 0 ? undefined : { urn: r.urn, where, rules: [], problems: [{ kind: "unknown" }] };
        }
        const rules = valuesAt(root, keyPath)
            .filter((keyId) => keyId !== "")
            .map((keyId): EncryptionRule => ({ sseAlgorithm: "aws:kms", key: keys.resolve(keyId, deps), blockedEncryptionTypes: undefined }));
        return rules.length === 0 ? undefined : { urn: r.urn, where, rules, problems: [] };
    });
}

/** A bare key property (no algorithm: naming a key means SSE-KMS with it), e.g. S3 Files' `kmsKeyId`. */
export function keyPropertyReader(property: string): EncryptionReader {
    return reader(property, (value, deps, r, keys) => {
        if (value === undefined || value === null || value === "" || (isUnknown(value) && deps.length === 0)) {
            return undefined;
        }
        return { urn: r.urn, where: at(property), rules: [{ sseAlgorithm: "aws:kms", key: keys.resolve(value, deps), blockedEncryptionTypes: undefined }], problems: [] };
    });
}

// Older bridged state sometimes holds a one-element list where the schema now has an object.
function singleBlock(v: Value): Value {
    return Array.isArray(v) && v.length === 1 ? v[0] : v;
}
