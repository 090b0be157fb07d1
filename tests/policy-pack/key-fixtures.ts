/**
 * Keys of every kind in the engine's shape, in preview (outputs the provider computes are unknown)
 * and update form. Property names follow the @pulumi/aws v7 and aws-native schemas.
 */
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { ACCOUNT, Form, REGION, computed, keyArnOf, res } from "./fixtures";

export const KMS = {
    key: "aws:kms/key:Key",
    replicaKey: "aws:kms/replicaKey:ReplicaKey",
    externalKey: "aws:kms/externalKey:ExternalKey",
    replicaExternalKey: "aws:kms/replicaExternalKey:ReplicaExternalKey",
    nativeKey: "aws-native:kms:Key",
    nativeReplicaKey: "aws-native:kms:ReplicaKey",
    alias: "aws:kms/alias:Alias",
    nativeAlias: "aws-native:kms:Alias",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
} as const;

/** The replica's Region: a multi-Region replica lives in another Region than its primary. */
export const REPLICA_REGION = "us-east-1";

/** A multi-Region key id (`mrk-` and 32 hex digits), shared by a primary and its replicas. */
export function mrkIdOf(name: string): string {
    return `mrk-${Buffer.from(name.padEnd(16, "x")).toString("hex").slice(0, 32)}`;
}

export function mrkArn(name: string, region = REGION): string {
    return `arn:aws:kms:${region}:${ACCOUNT}:key/${mrkIdOf(name)}`;
}

export const ROOT_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
};

/** Outputs: unknown in preview, known in an update. */
function outputs(form: Form, known: Record<string, unknown>): Record<string, unknown> {
    return form === "preview" ? Object.fromEntries(Object.keys(known).map((k) => [k, UNKNOWN.string])) : known;
}

export interface KindCase {
    name: string;
    type: string;
    /** The stack's resources for the key (a replica may bring its primary), the key last. */
    declare(form: Form, name: string, props?: Record<string, unknown>): EngineResource[];
    /** The key's ARN once created. */
    arn(name: string): string;
}

/** A primary multi-Region `aws:kms/key:Key` for replicas to follow. */
export function primaryKey(form: Form, name: string, props: Record<string, unknown> = {}): EngineResource {
    const arn = mrkArn(name);
    return res(KMS.key, name, { enableKeyRotation: true, multiRegion: true, policy: JSON.stringify(ROOT_POLICY), ...outputs(form, { arn, keyId: mrkIdOf(name) }), ...props });
}

/** A replica of `primary` (a stack key) or of a primary outside the stack (an ARN). */
export function replica(type: string, form: Form, name: string, primary: EngineResource | string, props: Record<string, unknown>, extraOutputs: Record<string, unknown> = {}): EngineResource {
    const primaryArn = typeof primary === "string" ? primary : mrkArn(primary.name);
    const primaryRef = typeof primary === "string" ? { value: primary, deps: [] } : computed(form, mrkArn(primary.name), primary);
    const policy = type === KMS.nativeReplicaKey ? { keyPolicy: ROOT_POLICY } : { policy: JSON.stringify(ROOT_POLICY) };
    return res(type, name, {
        primaryKeyArn: primaryRef.value,
        ...policy,
        ...outputs(form, { arn: primaryArn.replace(`:${REGION}:`, `:${REPLICA_REGION}:`), keyId: primaryArn.split("/")[1], ...extraOutputs }),
        ...props,
    }, { propertyDependencies: { primaryKeyArn: primaryRef.deps } });
}

/** A primary outside the stack (another Region's stack): only its ARN is known. */
export const OUTSIDE_PRIMARY_ARN = mrkArn("outside-primary");

export const KIND_CASES: KindCase[] = [
    {
        name: "aws:kms/key:Key", type: KMS.key, arn: keyArnOf,
        declare: (form, name, props = {}) => {
            const arn = keyArnOf(name);
            return [res(KMS.key, name, { enableKeyRotation: true, policy: JSON.stringify(ROOT_POLICY), ...outputs(form, { arn, keyId: arn.split("/")[1] }), ...props })];
        },
    },
    {
        name: "aws:kms/replicaKey:ReplicaKey of a stack primary", type: KMS.replicaKey, arn: (name) => mrkArn(`${name}-primary`, REPLICA_REGION),
        declare: (form, name, props = {}) => {
            const primary = primaryKey(form, `${name}-primary`);
            // The replica's spec, usage and rotation are outputs copied from its primary.
            return [primary, replica(KMS.replicaKey, form, name, primary, props, { keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", keyRotationEnabled: true })];
        },
    },
    {
        name: "aws:kms/replicaKey:ReplicaKey of a primary outside the stack", type: KMS.replicaKey, arn: () => mrkArn("outside-primary", REPLICA_REGION),
        declare: (form, name, props = {}) => [replica(KMS.replicaKey, form, name, OUTSIDE_PRIMARY_ARN, props, { keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", keyRotationEnabled: true })],
    },
    {
        name: "aws:kms/externalKey:ExternalKey", type: KMS.externalKey, arn: keyArnOf,
        declare: (form, name, props = {}) => {
            const arn = keyArnOf(name);
            return [res(KMS.externalKey, name, { policy: JSON.stringify(ROOT_POLICY), ...outputs(form, { arn, id: arn.split("/")[1], keyUsage: "ENCRYPT_DECRYPT", keyState: "Enabled" }), ...props })];
        },
    },
    {
        name: "aws:kms/replicaExternalKey:ReplicaExternalKey", type: KMS.replicaExternalKey, arn: (name) => mrkArn(`${name}-primary`, REPLICA_REGION),
        declare: (form, name, props = {}) => {
            const primaryArn = mrkArn(`${name}-primary`);
            const primary = res(KMS.externalKey, `${name}-primary`, { multiRegion: true, policy: JSON.stringify(ROOT_POLICY), ...outputs(form, { arn: primaryArn, id: mrkIdOf(`${name}-primary`) }) });
            return [primary, replica(KMS.replicaExternalKey, form, name, primary, props, { keyUsage: "ENCRYPT_DECRYPT" })];
        },
    },
    {
        name: "aws-native:kms:Key", type: KMS.nativeKey, arn: keyArnOf,
        declare: (form, name, props = {}) => {
            const arn = keyArnOf(name);
            return [res(KMS.nativeKey, name, { enableKeyRotation: true, keyPolicy: ROOT_POLICY, ...outputs(form, { arn, keyId: arn.split("/")[1] }), ...props })];
        },
    },
    {
        name: "aws-native:kms:ReplicaKey", type: KMS.nativeReplicaKey, arn: (name) => mrkArn(`${name}-primary`, REPLICA_REGION),
        declare: (form, name, props = {}) => {
            const primaryArn = mrkArn(`${name}-primary`);
            const primary = res(KMS.nativeKey, `${name}-primary`, { enableKeyRotation: true, multiRegion: true, keyPolicy: ROOT_POLICY, ...outputs(form, { arn: primaryArn, keyId: mrkIdOf(`${name}-primary`) }) });
            return [primary, replica(KMS.nativeReplicaKey, form, name, primary, props)];
        },
    },
];
