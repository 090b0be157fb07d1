/**
 * Who calls, and with what identity policies. Placeholder accounts only (the AWS documentation
 * account and a made-up partner): nothing here talks to AWS.
 */
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from "../../offline/target";
import { PolicyDocument } from "./policy";

export const ACCOUNT = PLACEHOLDER_ACCOUNT;
export const REGION = PLACEHOLDER_REGION;
export const PARTNER_ACCOUNT = "210987654321";
/** `kms:ViaService` when S3 calls KMS on a caller's behalf in the deployment region. */
export const S3_VIA_SERVICE = `s3.${REGION}.amazonaws.com`;

/** A key user and the bucket's writer. */
export const WRITER = `arn:aws:iam::${ACCOUNT}:role/app`;
/** A key administrator. */
export const ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
/** Named nowhere in the key policy; its IAM policy grants it `kms:*` (delegated by the root statement). */
export const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/platform-operator`;
/** In another account; granted by the bucket policy statement and as a key user in the "full" render. */
export const PARTNER_READER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner-reader`;
/** In the partner account too, but granted nothing by the bucket or the key. */
export const STRANGER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/stranger`;

/** Some other key of the account: the writer may use it, the bucket must refuse it. */
export const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0badc0de-1111-4222-8333-444444444444`;
/** The key given as `existingKeyArn`. */
export const EXISTING_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;

/** The caller-supplied bucket policy statement of the renders that grant the partner. */
export const PARTNER_READ_SID = "PartnerReadsObjects";

export function accountOf(principalArn: string): string {
    const m = /^arn:aws:iam::(\d{12}):/.exec(principalArn);
    if (!m) {
        throw new Error(`not an IAM principal ARN: ${principalArn}`);
    }
    return m[1];
}

/**
 * The writer's own IAM policy: S3 writes and reads on the bucket, and the KMS calls S3 makes for
 * it, only through S3 (least privilege; see `broadKmsWriterPolicy` for the other way).
 */
export function writerPolicy(objectsArn: string, keyArns: string[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "WriteAndCopyObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: objectsArn },
            {
                Sid: "UseKeysThroughS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: keyArns,
                Condition: { StringEquals: { "kms:ViaService": S3_VIA_SERVICE } },
            },
        ],
    };
}

/** The same writer with an IAM policy that grants KMS use without `kms:ViaService`. */
export function broadKmsWriterPolicy(keyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "UseKeyAnyhow", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn }],
    };
}

/** An administrator's IAM policy grants nothing on KMS: the key policy alone decides. */
export const NO_POLICIES: PolicyDocument[] = [];

export function operatorPolicy(): PolicyDocument {
    return { Version: "2012-10-17", Statement: [{ Sid: "OperateKeys", Effect: "Allow", Action: "kms:*", Resource: "*" }] };
}

/** What a reader in another account needs in its own account: cross-account access takes both sides. */
export function readerPolicy(objectsArn: string, keyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: objectsArn },
            { Sid: "DecryptThroughS3", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": S3_VIA_SERVICE } } },
        ],
    };
}
