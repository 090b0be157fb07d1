/** ARN shapes the component accepts, and what it derives from them. */

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?";
const ACCOUNT = "\\d{12}";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
// Single-region keys are UUIDs; multi-Region keys are `mrk-` and 32 hex digits.
const KEY_ID = "(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";

const KMS_KEY_ARN = new RegExp(`^arn:(${PARTITION}):kms:(${REGION}):(${ACCOUNT}):key/(${KEY_ID})$`);
// Key policies take IAM users, roles and account roots; paths are allowed in user and role names.
const IAM_PRINCIPAL_ARN = new RegExp(`^arn:(${PARTITION}):iam::(${ACCOUNT}):(?:root|(?:user|role)/[\\w+=,.@/-]{1,512})$`);

export interface KmsKeyArn {
    partition: string;
    region: string;
    accountId: string;
    keyId: string;
}

export function parseKmsKeyArn(arn: string): KmsKeyArn | undefined {
    const m = KMS_KEY_ARN.exec(arn);
    return m ? { partition: m[1], region: m[2], accountId: m[3], keyId: m[4] } : undefined;
}

export function isIamPrincipalArn(arn: string): boolean {
    return IAM_PRINCIPAL_ARN.test(arn);
}

/** The account a principal ARN belongs to (`kms:CallerAccount` for that principal). */
export function principalAccount(arn: string): string | undefined {
    return IAM_PRINCIPAL_ARN.exec(arn)?.[2];
}

export const KMS_KEY_ARN_FORMAT = "arn:<partition>:kms:<region>:<12-digit account>:key/<key id>";
export const IAM_PRINCIPAL_ARN_FORMAT = "arn:<partition>:iam::<12-digit account>:root, :user/<name> or :role/<name>";
