import type * as aws from "@pulumi/aws";
import { principalAccount } from "./arn";

export interface KeyPolicyInputs {
    partition: string;
    accountId: string;
    region: string;
    /** The partition's DNS suffix: S3's endpoint, and so `kms:ViaService`, is `s3.<region>.<suffix>`. */
    dnsSuffix: string;
    keyAdministrators: string[];
    keyUsers: string[];
}

export const KEY_POLICY_SIDS = {
    accountRoot: "EnableIamPoliciesOfTheAccount",
    administrators: "AllowKeyAdministration",
    users: "AllowUseThroughS3Only",
} as const;

/**
 * Management without data use. Spelled out instead of the console's `kms:Create*`-style
 * wildcards, which include `kms:CreateGrant`: an administrator could grant itself Decrypt.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:PutKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:EnableKeyRotation",
    "kms:DisableKeyRotation",
    "kms:RotateKeyOnDemand",
    "kms:ListKeyRotations",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:ListGrants",
    "kms:RevokeGrant",
    "kms:EnableKey",
    "kms:DisableKey",
    "kms:UpdateKeyDescription",
    "kms:CreateAlias",
    "kms:UpdateAlias",
    "kms:DeleteAlias",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/**
 * The CMK's key policy. The account-root statement is what AWS itself writes by default: it
 * delegates to the account's IAM policies, so the key can never become unmanageable.
 */
export function buildKeyPolicy(inputs: KeyPolicyInputs): aws.iam.PolicyDocument {
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: KEY_POLICY_SIDS.accountRoot,
            Effect: "Allow",
            Principal: { AWS: `arn:${inputs.partition}:iam::${inputs.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    if (inputs.keyAdministrators.length > 0) {
        statements.push({
            Sid: KEY_POLICY_SIDS.administrators,
            Effect: "Allow",
            Principal: { AWS: inputs.keyAdministrators },
            Action: KEY_ADMINISTRATION_ACTIONS,
            Resource: "*",
        });
    }
    if (inputs.keyUsers.length > 0) {
        const callerAccounts = [...new Set(inputs.keyUsers.flatMap((arn) => principalAccount(arn) ?? []))].sort();
        statements.push({
            Sid: KEY_POLICY_SIDS.users,
            Effect: "Allow",
            Principal: { AWS: inputs.keyUsers },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:ViaService": `s3.${inputs.region}.${inputs.dnsSuffix}`,
                    "kms:CallerAccount": callerAccounts,
                },
            },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
