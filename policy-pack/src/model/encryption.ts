/**
 * Default encryption, from every shape that declares it: the split configuration resources of
 * @pulumi/aws v6/v7 and their V2 twin, the inline block of `aws:s3/bucket:Bucket` (v6 and
 * earlier), the lists of `aws:s3/bucketV2:BucketV2`, and `bucketEncryption` of aws-native.
 */
import { Value, asList, field, isUnknown } from "../known";
import { TYPES } from "../resource-types";
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

/** Encryption declared on the bucket itself; `undefined` when the bucket declares none. */
export function readInlineEncryption(r: Resource, keys: KeyIndex): EncryptionSource | undefined {
    switch (r.type) {
        case TYPES.bucket: {
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
        case TYPES.bucketV2: {
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
        case TYPES.nativeBucket: {
            const block = r.props.bucketEncryption;
            if (block === undefined || block === null) {
                return undefined;
            }
            const deps = depsOf(r, "bucketEncryption");
            return source(r, "its bucketEncryption", field(block, "serverSideEncryptionConfiguration"), (item) => [
                rule(field(item, "serverSideEncryptionByDefault"), field(item, "blockedEncryptionTypes"), deps, keys),
            ]);
        }
        default:
            return undefined;
    }
}

// Older bridged state sometimes holds a one-element list where the schema now has an object.
function singleBlock(v: Value): Value {
    return Array.isArray(v) && v.length === 1 ? v[0] : v;
}
