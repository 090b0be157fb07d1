/**
 * What one verify run checks: a bucket, the CMK it must use and how the stack enforces it. Both
 * input paths (flags, `pulumi stack output --json`) build targets here so that a bad value gets the
 * same rule and an error naming where it came from (a flag or a stack output path).
 */

export type Enforcement = "strict" | "default-encryption";
export type SseAlgorithm = "aws:kms" | "aws:kms:dsse";

export interface Target {
    /** The bucket's logical name in the stack outputs; absent when given by flags. */
    label?: string;
    bucket: string;
    keyArn: string;
    region: string;
    enforcement: Enforcement;
    sseAlgorithm: SseAlgorithm;
}

/** Bad input from the user: the CLI prints the message and exits 2 instead of a stack trace. */
export class InputError extends Error {
    override name = "InputError";
}

const ENFORCEMENTS: readonly Enforcement[] = ["strict", "default-encryption"];
const SSE_ALGORITHMS: readonly SseAlgorithm[] = ["aws:kms", "aws:kms:dsse"];

// Partition, region, account and key id: S3 reports `SSEKMSKeyId` as this full key ARN, so an alias
// or a bare key id could never compare equal to what HeadObject returns.
const KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):key\/([A-Za-z0-9-]+)$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The names under which the user gave each field, for error messages. */
export interface FieldNames {
    bucket: string;
    keyArn: string;
    enforcement: string;
    sseAlgorithm: string;
}

export interface RawTarget {
    label?: string;
    bucket: unknown;
    keyArn: unknown;
    enforcement?: unknown;
    sseAlgorithm?: unknown;
}

export function toTarget(raw: RawTarget, names: FieldNames, region?: string): Target {
    const bucket = checkBucketName(requireString(raw.bucket, names.bucket), names.bucket);
    const keyArn = requireString(raw.keyArn, names.keyArn);
    const keyRegion = keyArnRegion(keyArn, names.keyArn);
    if (region !== undefined && region !== keyRegion) {
        throw new InputError(
            `--region ${region} does not match the region of ${names.keyArn} (${keyRegion}): ` +
                "S3 only encrypts with a KMS key from the bucket's own region",
        );
    }
    return {
        ...(raw.label === undefined ? {} : { label: raw.label }),
        bucket,
        keyArn,
        region: keyRegion,
        enforcement: oneOf(raw.enforcement ?? "strict", ENFORCEMENTS, names.enforcement),
        sseAlgorithm: oneOf(raw.sseAlgorithm ?? "aws:kms", SSE_ALGORITHMS, names.sseAlgorithm),
    };
}

export function checkRegion(region: string): string {
    if (!REGION.test(region)) {
        throw new InputError(`--region: "${region}" is not an AWS region name such as us-east-1`);
    }
    return region;
}

/** The general purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function checkBucketName(name: string, where: string): string {
    const broken = bucketNameProblem(name);
    if (broken) throw new InputError(`${where}: "${name}" is not a valid S3 bucket name: ${broken}`);
    return name;
}

function bucketNameProblem(name: string): string | undefined {
    if (/^(s3:\/\/|arn:)/.test(name)) return "give the bare bucket name, not an s3:// URL or an ARN";
    if (name.length < 3 || name.length > 63) return "it must be 3 to 63 characters long";
    if (!/^[a-z0-9.-]+$/.test(name)) return "only lowercase letters, digits, dots and hyphens are allowed";
    if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "it must begin and end with a letter or digit";
    if (name.includes("..")) return "it must not contain two adjacent dots";
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "it must not look like an IP address";
    const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
    if (prefix) return `the prefix "${prefix}" is reserved`;
    const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => name.endsWith(s));
    if (suffix) return `the suffix "${suffix}" is reserved`;
    return undefined;
}

function keyArnRegion(arn: string, where: string): string {
    const match = KEY_ARN.exec(arn);
    if (!match) {
        throw new InputError(
            `${where}: "${arn}" is not a KMS key ARN; expected arn:aws:kms:<region>:<account>:key/<key-id> ` +
                "(not an alias, alias ARN or bare key id: S3 reports objects' keys by key ARN)",
        );
    }
    return match[2];
}

function requireString(value: unknown, where: string): string {
    if (value === "[secret]") {
        throw new InputError(`${where} is hidden as a secret; pipe \`pulumi stack output --json --show-secrets\``);
    }
    if (typeof value !== "string" || value === "") throw new InputError(`${where} is missing`);
    return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
    if (!allowed.includes(value as T)) {
        throw new InputError(`${where}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
    }
    return value as T;
}
