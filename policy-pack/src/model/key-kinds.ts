/**
 * The KMS resource types of `@pulumi/aws` and `aws-native` that create a customer-managed key, and
 * how to read each: one table, used by the key index and by every key policy, so that a new kind
 * is one row here rather than type checks spread over the policies. Sources, per column, in
 * docs/key-kinds.md.
 */
import { Value, ValueObject } from "../known";
import { TYPES } from "../resource-types";

/** How a kind's automatic rotation is decided. */
export type RotationRule =
    /** A boolean input of the key itself. */
    | { kind: "setting"; property: string }
    /** Set on the primary key; KMS copies it to every replica (EnableKeyRotation API reference). */
    | { kind: "primary" }
    /** Imported key material: KMS cannot rotate it automatically (EnableKeyRotation API reference). */
    | { kind: "imported" };

export interface KeyKind {
    type: string;
    /** Names the kind in messages. */
    label: string;
    /** The output holding the key id, where the kind has one besides its provider `id`. */
    keyId?: string;
    /** The key policy: JSON text in `@pulumi/aws`, an object (or text) in aws-native. */
    policy: string;
    /** The lock-out safety check override, when the kind has one. */
    bypass?: string;
    /** The waiting period before deletion. */
    deletionWindow: "deletionWindowInDays" | "pendingWindowInDays";
    /** Properties naming the key spec, first set wins; absent on kinds whose spec is the primary's. */
    spec: string[];
    /** The key usage, where the kind carries one. */
    usage?: string;
    /** Replicas: the ARN of the primary key, whose spec, usage and rotation they share. */
    primary?: string;
    rotation: RotationRule;
    /** Where a key with this type's defaults has imported material (aws-native `origin: EXTERNAL`). */
    origin?: string;
    /** Set on a key that lives in a custom key store, which KMS never rotates automatically. */
    customKeyStore?: string;
}

const ENABLE_ROTATION: RotationRule = { kind: "setting", property: "enableKeyRotation" };

export const KEY_KINDS: readonly KeyKind[] = [
    {
        type: TYPES.key, label: "KMS key", keyId: "keyId", policy: "policy", bypass: "bypassPolicyLockoutSafetyCheck",
        deletionWindow: "deletionWindowInDays", spec: ["customerMasterKeySpec"], usage: "keyUsage",
        rotation: ENABLE_ROTATION, customKeyStore: "customKeyStoreId",
    },
    {
        type: "aws:kms/replicaKey:ReplicaKey", label: "multi-Region replica key", keyId: "keyId", policy: "policy", bypass: "bypassPolicyLockoutSafetyCheck",
        deletionWindow: "deletionWindowInDays", spec: ["keySpec"], usage: "keyUsage", primary: "primaryKeyArn", rotation: { kind: "primary" },
    },
    {
        type: "aws:kms/externalKey:ExternalKey", label: "KMS key with imported key material", policy: "policy", bypass: "bypassPolicyLockoutSafetyCheck",
        deletionWindow: "deletionWindowInDays", spec: ["keySpec"], usage: "keyUsage", rotation: { kind: "imported" },
    },
    {
        type: "aws:kms/replicaExternalKey:ReplicaExternalKey", label: "multi-Region replica key with imported key material", policy: "policy", keyId: "keyId",
        bypass: "bypassPolicyLockoutSafetyCheck", deletionWindow: "deletionWindowInDays", spec: [], usage: "keyUsage", primary: "primaryKeyArn",
        rotation: { kind: "imported" },
    },
    {
        type: "aws-native:kms:Key", label: "aws-native KMS key", keyId: "keyId", policy: "keyPolicy", bypass: "bypassPolicyLockoutSafetyCheck",
        deletionWindow: "pendingWindowInDays", spec: ["keySpec"], usage: "keyUsage", rotation: ENABLE_ROTATION, origin: "origin",
    },
    {
        type: "aws-native:kms:ReplicaKey", label: "aws-native multi-Region replica key", keyId: "keyId", policy: "keyPolicy",
        deletionWindow: "pendingWindowInDays", spec: [], primary: "primaryKeyArn", rotation: { kind: "primary" },
    },
];

/** Aliases: the alias name, and the key it targets. */
export interface AliasKind {
    type: string;
    name: string;
    target: string;
    /** Outputs that also name the alias (its ARN, its provider id). */
    aliasValues: string[];
}

export const ALIAS_KINDS: readonly AliasKind[] = [
    { type: TYPES.alias, name: "name", target: "targetKeyId", aliasValues: ["arn", "id"] },
    { type: "aws-native:kms:Alias", name: "aliasName", target: "targetKeyId", aliasValues: ["id"] },
];

/** Resources that hold a key's policy without being the key: judged like a key's own policy. */
export const KEY_POLICY_HOLDERS: readonly { type: string; policy: string; bypass?: string; label: string }[] = [
    ...KEY_KINDS.map((k) => ({ type: k.type, policy: k.policy, bypass: k.bypass, label: k.label })),
    { type: "aws:kms/keyPolicy:KeyPolicy", policy: "policy", bypass: "bypassPolicyLockoutSafetyCheck", label: "key policy" },
];

const KEY_BY_TYPE = new Map(KEY_KINDS.map((k) => [k.type, k]));
const ALIAS_BY_TYPE = new Map(ALIAS_KINDS.map((a) => [a.type, a]));
const POLICY_HOLDER_BY_TYPE = new Map(KEY_POLICY_HOLDERS.map((h) => [h.type, h]));

export function keyKindOf(type: string): KeyKind | undefined {
    return KEY_BY_TYPE.get(type);
}

export function aliasKindOf(type: string): AliasKind | undefined {
    return ALIAS_BY_TYPE.get(type);
}

export function keyPolicyHolderOf(type: string): (typeof KEY_POLICY_HOLDERS)[number] | undefined {
    return POLICY_HOLDER_BY_TYPE.get(type);
}

/** The properties the stack model reads of each key and alias type. */
export function keyFields(kind: KeyKind): string[] {
    return ["arn", ...(kind.keyId ? [kind.keyId] : []), "id", kind.policy, ...kind.spec, ...(kind.usage ? [kind.usage] : []), ...(kind.primary ? [kind.primary] : []), ...(kind.origin ? [kind.origin] : [])];
}

export function aliasFields(kind: AliasKind): string[] {
    return [kind.name, kind.target, ...kind.aliasValues];
}

const SYMMETRIC = "SYMMETRIC_DEFAULT";
const ENCRYPT = "ENCRYPT_DECRYPT";

/**
 * What makes a key one S3 cannot use: its key spec or usage, not the symmetric encryption ones (S3
 * supports no other); for a replica, its primary's (`primary` then shows the primary key).
 */
export interface Unusable {
    spec?: string;
    usage?: string;
    primary?: string;
}

/**
 * Why S3 cannot use the key, as far as its own known properties say, or `undefined`. S3 supports
 * only symmetric encryption keys; unset or unknown values prove nothing against the key (unset
 * means KMS's defaults, `SYMMETRIC_DEFAULT` and `ENCRYPT_DECRYPT`; a replica's are its primary's).
 */
export function notForS3(kind: KeyKind, props: ValueObject): Unusable | undefined {
    const spec: Value = kind.spec.map((p) => props[p]).find((v) => typeof v === "string");
    const usage = kind.usage === undefined ? undefined : props[kind.usage];
    const wrong: Unusable = {
        ...(typeof spec === "string" && spec !== SYMMETRIC ? { spec } : {}),
        ...(typeof usage === "string" && usage !== ENCRYPT ? { usage } : {}),
    };
    return wrong.spec !== undefined || wrong.usage !== undefined ? wrong : undefined;
}

/** Whether the key holds imported key material, given its kind and its `origin`. */
export function isImported(kind: KeyKind, props: ValueObject): boolean {
    return kind.rotation.kind === "imported" || (kind.origin !== undefined && props[kind.origin] === "EXTERNAL");
}
