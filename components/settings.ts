import * as pulumi from "@pulumi/pulumi";
import { BucketPolicyStatementArgs, EncryptedBucketArgs, EnforcementMode, PolicyConditionArgs, SseAlgorithm } from "./args";
import { IAM_PRINCIPAL_ARN_FORMAT, KMS_KEY_ARN_FORMAT, isIamPrincipalArn, parseKmsKeyArn } from "./arn";
import { bucketNameProblems } from "./bucket-name";

/**
 * The Input arguments, resolved, with every default applied. The plain arguments that shape the
 * bucket policy (enforcement, sseAlgorithm, bucketPolicyStatements) are read directly.
 */
export interface EncryptedBucketSettings {
    bucketName?: string;
    bucketKeyEnabled: boolean;
    keyAlias?: string;
    keyAdministrators: string[];
    keyUsers: string[];
    enableKeyRotation: boolean;
    keyRotationPeriodDays: number;
    keyDeletionWindowDays: number;
    forceDestroy: boolean;
    tags: Record<string, string>;
}

export const DEFAULT_ENFORCEMENT = EnforcementMode.Strict;
export const DEFAULT_SSE_ALGORITHM = SseAlgorithm.Kms;
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
export const DEFAULT_DELETION_WINDOW_DAYS = 30;
const ROTATION_PERIOD_RANGE = [90, 2560] as const;
const DELETION_WINDOW_RANGE = [7, 30] as const;

/** Sids of the component's own statements; a caller's statement may not reuse them. */
export const RESERVED_SID_PREFIX = "EncryptedBucket";

export class EncryptedBucketArgsError extends Error {
    constructor(readonly resourceName: string, readonly problems: string[]) {
        super(`EncryptedBucket "${resourceName}" has invalid arguments:\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "EncryptedBucketArgsError";
    }
}

/** A value that is not known yet: it is checked again once resolved. */
function isPending(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

type Problems = string[];

function checkEnum(problems: Problems, field: string, value: unknown, allowed: readonly string[]): void {
    if (value !== undefined && !isPending(value) && !allowed.includes(value as string)) {
        problems.push(`args.${field}: must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${JSON.stringify(value)})`);
    }
}

function checkBoolean(problems: Problems, field: string, value: unknown): void {
    if (value !== undefined && !isPending(value) && typeof value !== "boolean") {
        problems.push(`args.${field}: must be a boolean (got ${JSON.stringify(value)})`);
    }
}

function checkIntegerRange(problems: Problems, field: string, value: unknown, [min, max]: readonly [number, number]): void {
    if (value === undefined || isPending(value)) {
        return;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        problems.push(`args.${field}: must be a whole number of days from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
}

function checkString(problems: Problems, field: string, value: unknown, rule: (s: string) => string[]): void {
    if (value === undefined || isPending(value)) {
        return;
    }
    if (typeof value !== "string") {
        problems.push(`args.${field}: must be a string (got ${JSON.stringify(value)})`);
        return;
    }
    for (const p of rule(value)) {
        problems.push(`args.${field}: ${JSON.stringify(value)} ${p}`);
    }
}

/** Each known element of a list, with its path; a pending list or element is skipped. */
function knownElements(problems: Problems, field: string, value: unknown): Array<[string, unknown]> {
    if (value === undefined || isPending(value)) {
        return [];
    }
    if (!Array.isArray(value)) {
        problems.push(`args.${field}: must be a list (got ${JSON.stringify(value)})`);
        return [];
    }
    return value.flatMap((v, i): Array<[string, unknown]> => (isPending(v) ? [] : [[`${field}[${i}]`, v]]));
}

function principalArnProblems(arn: string): string[] {
    return isIamPrincipalArn(arn) ? [] : [`is not an IAM principal ARN (expected ${IAM_PRINCIPAL_ARN_FORMAT})`];
}

function keyArnProblems(arn: string): string[] {
    if (parseKmsKeyArn(arn)) {
        return [];
    }
    const hint = /:alias\//.test(arn) || arn.startsWith("alias/")
        ? "; an alias is not enough: S3 records and the bucket policy compares the key's own ARN"
        : "";
    return [`is not a KMS key ARN (expected ${KMS_KEY_ARN_FORMAT})${hint}`];
}

function aliasProblems(alias: string): string[] {
    const problems: string[] = [];
    if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias)) {
        problems.push("must be \"alias/\" followed by 1 to 250 letters, digits, slashes, underscores or hyphens");
    }
    if (alias.startsWith("alias/aws/")) {
        problems.push("must not begin with \"alias/aws/\", which AWS reserves for AWS-managed keys");
    }
    return problems;
}

function statementProblems(problems: Problems, path: string, statement: unknown): void {
    if (typeof statement !== "object" || statement === null) {
        problems.push(`args.${path}: must be an object (got ${JSON.stringify(statement)})`);
        return;
    }
    const s = statement as Partial<BucketPolicyStatementArgs>;
    checkEnum(problems, `${path}.effect`, s.effect ?? null, ["Allow", "Deny"]);
    if (typeof s.sid === "string" && s.sid.startsWith(RESERVED_SID_PREFIX)) {
        problems.push(`args.${path}.sid: "${s.sid}" begins with "${RESERVED_SID_PREFIX}", reserved for the component's own statements`);
    }
    if (!Array.isArray(s.actions) || s.actions.length === 0) {
        problems.push(`args.${path}.actions: must be a non-empty list of actions`);
    } else {
        for (const a of s.actions.filter((x) => typeof x !== "string" || !/^(s3:[A-Za-z*?]+|\*)$/.test(x))) {
            problems.push(`args.${path}.actions: ${JSON.stringify(a)} is not an S3 action (expected "s3:<Action>", wildcards allowed)`);
        }
    }
    if (!Array.isArray(s.principals) || s.principals.length === 0) {
        problems.push(`args.${path}.principals: must be a non-empty list of { type, identifiers }`);
    } else if (s.effect === "Allow" && s.principals.some((p) => p?.type === "*" || p?.identifiers?.includes("*")) && !restrictsToKnownCallers(s.conditions)) {
        // S3 would refuse it at deploy time anyway: the bucket's public access block forbids public policies.
        problems.push(`args.${path}: allows "*" without a condition that fixes ${NON_PUBLIC_KEYS.join(", ")}, which S3 counts as public; name the principals or add such a condition`);
    }
    const seen = new Set<string>();
    for (const c of Array.isArray(s.conditions) ? s.conditions : []) {
        const id = `${c?.test} ${c?.variable}`;
        if (seen.has(id)) {
            problems.push(`args.${path}.conditions: ${c?.test} on ${c?.variable} appears twice; list all its values in one condition`);
        }
        seen.add(id);
    }
}

/**
 * Condition keys whose fixed values keep an Allow to "*" from being public, in S3's own judgement
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
 */
const NON_PUBLIC_KEYS = [
    "aws:SourceIp", "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceOwner", "aws:SourceAccount",
    "aws:userid", "aws:PrincipalOrgID", "aws:PrincipalAccount", "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
];

function restrictsToKnownCallers(conditions: PolicyConditionArgs[] | undefined): boolean {
    return (conditions ?? []).some((c) => NON_PUBLIC_KEYS.some((k) => k.toLowerCase() === String(c?.variable).toLowerCase())
        && Array.isArray(c.values) && c.values.length > 0 && c.values.every((v) => typeof v === "string" && !/[*?]/.test(v)));
}

function prefixProblems(prefix: string): string[] {
    return prefix.startsWith("/") ? ["must not start with \"/\" (S3 would write keys beginning with an empty path segment)"] : [];
}

function accessLogsProblems(problems: Problems, accessLogs: unknown): void {
    if (accessLogs === undefined || isPending(accessLogs)) {
        return;
    }
    if (typeof accessLogs !== "object" || accessLogs === null || Array.isArray(accessLogs)) {
        problems.push("args.accessLogs: must be an object ({ targetBucket?, logBucketName?, targetPrefix? })");
        return;
    }
    const a = accessLogs as Record<string, unknown>;
    checkString(problems, "accessLogs.targetBucket", a.targetBucket, bucketNameProblems);
    if (a.logBucketName !== undefined && typeof a.logBucketName !== "string") {
        problems.push("args.accessLogs.logBucketName: must be a plain string, not an Output: the created destination's policy is rendered from it, and a preview must show that policy");
    } else {
        checkString(problems, "accessLogs.logBucketName", a.logBucketName, bucketNameProblems);
    }
    checkString(problems, "accessLogs.targetPrefix", a.targetPrefix, prefixProblems);
    if (a.targetBucket !== undefined && a.logBucketName !== undefined) {
        problems.push("args.accessLogs.logBucketName: names a destination the component creates, but args.accessLogs.targetBucket names an existing one; drop one of them");
    }
}

/** The resource options the arguments are checked against. */
export interface LifecycleOptions {
    retainOnDelete?: boolean;
}

/**
 * Every rule the arguments break, each naming the argument. Values not known yet are skipped
 * here and checked by the same function once resolved.
 */
export function argumentProblems(args: EncryptedBucketArgs, options: LifecycleOptions = {}): string[] {
    const problems: Problems = [];
    checkString(problems, "bucketName", args.bucketName, bucketNameProblems);
    checkEnum(problems, "enforcement", args.enforcement, Object.values(EnforcementMode));
    checkEnum(problems, "sseAlgorithm", args.sseAlgorithm, Object.values(SseAlgorithm));
    checkBoolean(problems, "bucketKeyEnabled", args.bucketKeyEnabled);
    checkBoolean(problems, "enableKeyRotation", args.enableKeyRotation);
    checkBoolean(problems, "forceDestroy", args.forceDestroy);
    checkBoolean(problems, "deleteKeyOnRemoval", args.deleteKeyOnRemoval);
    if (isPending(args.deleteKeyOnRemoval)) {
        problems.push("args.deleteKeyOnRemoval: must be a plain boolean, not an Output: it sets the key's retainOnDelete option, which must be known when the key is registered");
    }
    checkString(problems, "existingKeyArn", args.existingKeyArn, keyArnProblems);
    checkString(problems, "keyAlias", args.keyAlias, aliasProblems);
    checkIntegerRange(problems, "keyRotationPeriodDays", args.keyRotationPeriodDays, ROTATION_PERIOD_RANGE);
    checkIntegerRange(problems, "keyDeletionWindowDays", args.keyDeletionWindowDays, DELETION_WINDOW_RANGE);
    for (const field of ["keyAdministrators", "keyUsers"] as const) {
        for (const [path, arn] of knownElements(problems, field, args[field])) {
            checkString(problems, path, arn, principalArnProblems);
        }
    }
    accessLogsProblems(problems, args.accessLogs);
    for (const [path, statement] of knownElements(problems, "bucketPolicyStatements", args.bucketPolicyStatements)) {
        statementProblems(problems, path, statement);
    }
    if (args.sseAlgorithm === SseAlgorithm.KmsDsse && args.bucketKeyEnabled === true) {
        problems.push("args.bucketKeyEnabled: S3 Bucket Keys do not apply to aws:kms:dsse; leave it unset or false");
    }
    if (args.enableKeyRotation === false && args.keyRotationPeriodDays !== undefined) {
        problems.push("args.keyRotationPeriodDays: set while args.enableKeyRotation is false; drop one of them");
    }
    if (args.deleteKeyOnRemoval === true && options.retainOnDelete === true) {
        problems.push("args.deleteKeyOnRemoval: true, but the retainOnDelete resource option keeps every child, the key included; drop one of them");
    }
    if (args.existingKeyArn !== undefined) {
        const keyOptions = ["keyAlias", "keyAdministrators", "keyUsers", "enableKeyRotation", "keyRotationPeriodDays", "keyDeletionWindowDays", "deleteKeyOnRemoval"] as const;
        for (const field of keyOptions.filter((f) => args[f] !== undefined)) {
            problems.push(`args.${field}: configures a key the component creates, but args.existingKeyArn says to use an existing key; drop one of them`);
        }
    }
    return problems;
}

/** Throws `EncryptedBucketArgsError` naming every broken rule. */
export function assertValidArgs(resourceName: string, args: EncryptedBucketArgs, options: LifecycleOptions = {}): void {
    const problems = argumentProblems(args, options);
    if (problems.length > 0) {
        throw new EncryptedBucketArgsError(resourceName, problems);
    }
}

/** Plain, fully resolved arguments after validation, with the defaults applied. */
export function resolveSettings(resourceName: string, args: pulumi.Unwrap<EncryptedBucketArgs>): EncryptedBucketSettings {
    assertValidArgs(resourceName, args as EncryptedBucketArgs);
    return {
        bucketName: args.bucketName,
        bucketKeyEnabled: args.bucketKeyEnabled ?? (args.sseAlgorithm ?? DEFAULT_SSE_ALGORITHM) === SseAlgorithm.Kms,
        keyAlias: args.keyAlias,
        keyAdministrators: args.keyAdministrators ?? [],
        keyUsers: args.keyUsers ?? [],
        enableKeyRotation: args.enableKeyRotation ?? true,
        keyRotationPeriodDays: args.keyRotationPeriodDays ?? DEFAULT_ROTATION_PERIOD_DAYS,
        keyDeletionWindowDays: args.keyDeletionWindowDays ?? DEFAULT_DELETION_WINDOW_DAYS,
        forceDestroy: args.forceDestroy ?? false,
        tags: args.tags ?? {},
    };
}
