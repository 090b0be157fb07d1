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
    usersOutsideS3: "DenyKeyUsersOutsideS3",
} as const;

/**
 * Management without data use. Spelled out instead of the console's `kms:Create*`-style
 * wildcards, which include `kms:CreateGrant`: an administrator could grant itself Decrypt. For
 * the same reason no `kms:PutKeyPolicy`: the key policy changes through the account's IAM
 * (the root statement), i.e. through the deployment, not through an administrator.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
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

/** What key users do with data; DescribeKey, which reveals no data, is granted beside them. */
export const KEY_DATA_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];
export const KEY_USE_ACTIONS = [...KEY_DATA_ACTIONS, "kms:DescribeKey"];

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
        const viaS3 = `s3.${inputs.region}.${inputs.dnsSuffix}`;
        const callerAccounts = [...new Set(inputs.keyUsers.flatMap((arn) => principalAccount(arn) ?? []))].sort();
        statements.push({
            Sid: KEY_POLICY_SIDS.users,
            Effect: "Allow",
            Principal: { AWS: inputs.keyUsers },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:ViaService": viaS3,
                    "kms:CallerAccount": callerAccounts,
                },
            },
        });
        // The root statement delegates to IAM, so without this deny an identity policy granting
        // kms:Decrypt would let a key user call KMS directly: "through S3 only" must hold whatever
        // the account's IAM policies say.
        statements.push({
            Sid: KEY_POLICY_SIDS.usersOutsideS3,
            Effect: "Deny",
            Principal: { AWS: inputs.keyUsers },
            Action: KEY_DATA_ACTIONS,
            Resource: "*",
            Condition: { StringNotEquals: { "kms:ViaService": viaS3 } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
