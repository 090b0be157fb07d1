/**
 * The policies' configuration: JSON schemas (the engine validates config against them and fills
 * in their defaults) and readers that apply the same defaults and checks again, because
 * `@pulumi/policy` itself does neither and a pack may be configured by something other than the
 * engine. A reader throws on bad config: the analysis then fails loudly instead of enforcing less.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { wildcardMatch } from "./iam/wildcard";
import { ALIAS_KINDS, KEY_KINDS } from "./model/key-kinds";

// ARN of a KMS key (never an alias), with `*` standing for any run of characters within a part.
const KEY_ARN_PATTERN = "^arn:[a-z*-]+:kms:[a-z0-9*-]*:[0-9*]+:key/[A-Za-z0-9*-]+$";
const KEY_ARN_REGEXP = new RegExp(KEY_ARN_PATTERN);

const allowDsse: PolicyConfigJSONSchema = {
    type: "boolean",
    default: true,
    description: "Accept dual-layer SSE-KMS (aws:kms:dsse) as well as aws:kms.",
};
// Listed from the kinds tables, so that a new key kind cannot leave the description behind.
const allowStackKeys: PolicyConfigJSONSchema = {
    type: "boolean",
    default: true,
    description: `Accept any symmetric customer-managed key declared in the same stack, named by key ARN or key id: ${KEY_KINDS.map((k) => k.type).join(", ")}. `
        + `A key named through an alias (${ALIAS_KINDS.map((a) => a.type).join(", ")}) never counts.`,
};
const allowedKeyArns: PolicyConfigJSONSchema = {
    type: "array",
    default: [],
    items: {
        type: "string",
        pattern: KEY_ARN_PATTERN,
        description: "a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/*; `*` matches within one part; aliases are not keys",
    },
    description: "Customer-managed keys, declared outside the stack, that buckets may use.",
};
const requireEncryptionHeaders: PolicyConfigJSONSchema = {
    type: "boolean",
    default: true,
    description: "The bucket policy must also deny uploads that send no encryption header.",
};

export const KEY_CHOICE_SCHEMA: PolicyConfigSchema = { properties: { allowDsse, allowStackKeys, allowedKeyArns } };
export const BUCKET_POLICY_SCHEMA: PolicyConfigSchema = { properties: { requireEncryptionHeaders, allowDsse } };

export interface KeyChoiceConfig {
    allowDsse: boolean;
    allowStackKeys: boolean;
    allowedKeyArns: string[];
}

export interface BucketPolicyConfig {
    requireEncryptionHeaders: boolean;
    allowDsse: boolean;
}

export function readKeyChoiceConfig(policy: string, raw: Record<string, unknown>): KeyChoiceConfig {
    const arns = raw.allowedKeyArns ?? [];
    if (!Array.isArray(arns) || arns.some((a) => typeof a !== "string" || !KEY_ARN_REGEXP.test(a))) {
        throw new Error(`${policy}: allowedKeyArns must be a list of KMS key ARNs or patterns matching ${KEY_ARN_PATTERN}, got ${JSON.stringify(arns)}`);
    }
    return {
        allowDsse: readBoolean(policy, raw, "allowDsse", true),
        allowStackKeys: readBoolean(policy, raw, "allowStackKeys", true),
        allowedKeyArns: arns,
    };
}

export function readBucketPolicyConfig(policy: string, raw: Record<string, unknown>): BucketPolicyConfig {
    return {
        requireEncryptionHeaders: readBoolean(policy, raw, "requireEncryptionHeaders", true),
        allowDsse: readBoolean(policy, raw, "allowDsse", true),
    };
}

function readBoolean(policy: string, raw: Record<string, unknown>, key: string, fallback: boolean): boolean {
    const v = raw[key] ?? fallback;
    if (typeof v !== "boolean") {
        throw new Error(`${policy}: ${key} must be true or false, got ${JSON.stringify(v)}`);
    }
    return v;
}

/**
 * Whether a full key ARN matches one of `allowedKeyArns`; `*` never crosses a `:`, so the ARN
 * and the pattern are matched field by field (the schema allows no `?` in patterns).
 */
export function isAllowedKeyArn(arn: string, patterns: string[]): boolean {
    const fields = arn.split(":");
    return patterns.some((pattern) => {
        const patternFields = pattern.split(":");
        return patternFields.length === fields.length && patternFields.every((f, i) => wildcardMatch(f, fields[i]));
    });
}
