import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { BucketPolicyStatementArgs, EnforcementMode, SseAlgorithm } from "./args";

/**
 * The ARNs may be plain strings (tests, offline rendering) or Outputs (the component): as Outputs
 * they stay separate leaves, so a preview shows every statement with only the ARNs unknown.
 */
export interface BucketPolicyInputs<Arn extends pulumi.Input<string> = string> {
    bucketArn: Arn;
    /** `<bucketArn>/*`. */
    objectsArn: Arn;
    /** Full key ARN: S3 compares the key-id header against the ARN, never an alias or bare id. */
    keyArn: Arn;
    enforcement: EnforcementMode;
    sseAlgorithm: SseAlgorithm;
    extraStatements: BucketPolicyStatementArgs[];
}

export const BUCKET_POLICY_SIDS = {
    insecureTransport: "EncryptedBucketDenyInsecureTransport",
    outdatedTls: "EncryptedBucketDenyOutdatedTls",
    missingEncryptionHeader: "EncryptedBucketDenyUnencryptedUploads",
    wrongAlgorithm: "EncryptedBucketDenyWrongAlgorithm",
    missingKeyId: "EncryptedBucketDenyKmsWithoutKeyId",
    wrongKey: "EncryptedBucketDenyWrongKmsKey",
    customerKey: "EncryptedBucketDenySseC",
} as const;

const SSE_HEADER = "s3:x-amz-server-side-encryption";
const KEY_ID_HEADER = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C_HEADER = "s3:x-amz-server-side-encryption-customer-algorithm";

/**
 * One deny on object writes. `s3:PutObject` authorises PutObject, CopyObject (destination),
 * CreateMultipartUpload and UploadPart alike.
 */
function denyUploads(sid: string, objectsArn: pulumi.Input<string>, condition: aws.iam.PolicyStatement["Condition"]): aws.iam.PolicyStatement {
    return { Sid: sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objectsArn, Condition: condition };
}

function userStatement(s: BucketPolicyStatementArgs, defaultResources: pulumi.Input<string>[]): aws.iam.PolicyStatement {
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions ?? []) {
        conditions[c.test] = { ...conditions[c.test], [c.variable]: c.values };
    }
    const principals: Record<string, string[]> = {};
    for (const p of s.principals) {
        principals[p.type] = [...(principals[p.type] ?? []), ...p.identifiers];
    }
    return {
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: s.effect as aws.iam.PolicyStatement["Effect"],
        // Written as IAM writes it; the typed Principal has no CanonicalUser member.
        Principal: (principals["*"] ? "*" : principals) as aws.iam.PolicyStatement["Principal"],
        Action: s.actions,
        Resource: s.resources ?? defaultResources,
        ...(s.conditions?.length ? { Condition: conditions } : {}),
    };
}

/**
 * The bucket policy: the lab's two steps (deny uploads that are not SSE-KMS, then narrow them to
 * the one key) made complete. Every check is its own statement because the conditions inside one
 * statement must all hold: a single statement requiring "wrong algorithm AND wrong key" would let
 * a right algorithm with a wrong key through.
 */
export function buildBucketPolicy<Arn extends pulumi.Input<string>>(inputs: BucketPolicyInputs<Arn>): aws.iam.PolicyDocument {
    const { bucketArn, objectsArn: objects, keyArn, enforcement, sseAlgorithm } = inputs;
    const bucketAndObjects = [bucketArn, objects];
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: BUCKET_POLICY_SIDS.insecureTransport,
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: bucketAndObjects,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: BUCKET_POLICY_SIDS.outdatedTls,
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: bucketAndObjects,
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
    ];
    if (enforcement === EnforcementMode.Strict) {
        statements.push(denyUploads(BUCKET_POLICY_SIDS.missingEncryptionHeader, objects, { Null: { [SSE_HEADER]: "true" } }));
    }
    // The statements below hold in both modes. Each requires its header to be present (Null
    // false): without that, StringNotEquals matches a missing header and would refuse the
    // header-less uploads that default-encryption mode lets through.
    statements.push(
        denyUploads(BUCKET_POLICY_SIDS.wrongAlgorithm, objects, {
            StringNotEquals: { [SSE_HEADER]: sseAlgorithm },
            Null: { [SSE_HEADER]: "false" },
        }),
        // `aws:kms` with no key id is encrypted under the AWS-managed aws/s3 key, not the bucket's.
        denyUploads(BUCKET_POLICY_SIDS.missingKeyId, objects, {
            Null: { [SSE_HEADER]: "false", [KEY_ID_HEADER]: "true" },
        }),
        denyUploads(BUCKET_POLICY_SIDS.wrongKey, objects, {
            StringNotEquals: { [KEY_ID_HEADER]: keyArn },
            Null: { [KEY_ID_HEADER]: "false" },
        }),
        denyUploads(BUCKET_POLICY_SIDS.customerKey, objects, { Null: { [SSE_C_HEADER]: "false" } }),
    );
    statements.push(...inputs.extraStatements.map((s) => userStatement(s, bucketAndObjects)));
    return { Version: "2012-10-17", Statement: statements };
}
