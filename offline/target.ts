/**
 * Where the offline runs pretend to deploy: what computed invokes answer and placeholder ARNs are
 * made of. Placeholders unless the stack config names them: `PLACEHOLDER_ACCOUNT` is the AWS
 * documentation account, never a real one.
 */
export interface AwsTarget {
    accountId: string;
    region: string;
    partition: string;
    dnsSuffix: string;
}

export const PLACEHOLDER_ACCOUNT = "123456789012";
export const PLACEHOLDER_REGION = "us-east-1";

export function awsTarget(partial: Partial<AwsTarget> = {}): AwsTarget {
    const partition = partial.partition ?? "aws";
    const dnsSuffix = partial.dnsSuffix ?? (partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");
    return { accountId: partial.accountId ?? PLACEHOLDER_ACCOUNT, region: partial.region ?? PLACEHOLDER_REGION, partition, dnsSuffix };
}

/** Region and account from the AWS provider's own config keys, where the stack sets them. */
export function targetFromConfig(config: Record<string, unknown>): Partial<AwsTarget> {
    const accounts = config["aws:allowedAccountIds"];
    return {
        region: typeof config["aws:region"] === "string" ? config["aws:region"] : undefined,
        accountId: Array.isArray(accounts) && typeof accounts[0] === "string" ? accounts[0] : undefined,
    };
}
