/**
 * What one verify run checks: a bucket, the CMK it must use and how the stack enforces it. Both
 * input paths (flags, `pulumi stack output --json`) build targets here so that a bad value gets the
 * same rule and an error naming where it came from (a flag or a stack output path).
 */
import { EnforcementMode, SseAlgorithm as ComponentSseAlgorithm } from "../components/args";
import { KMS_KEY_ARN_FORMAT, parseKmsKeyArn } from "../components/arn";
import { s3BucketNameProblems } from "../components/bucket-name";

// The component's values, as strings: they arrive as text from flags and stack outputs.
export type Enforcement = `${EnforcementMode}`;
export type SseAlgorithm = `${ComponentSseAlgorithm}`;

export interface Target {
    /** The bucket's logical name in the stack outputs; absent when given by flags. */
    label?: string;
    bucket: string;
    keyArn: string;
    region: string;
    enforcement: Enforcement;
    sseAlgorithm: SseAlgorithm;
    /** As deployed; defaults to the component's default (on for aws:kms, off for DSSE). */
    bucketKeyEnabled: boolean;
}

/** Bad input from the user: the CLI prints the message and exits 2 instead of a stack trace. */
export class InputError extends Error {
    override name = "InputError";
}

const ENFORCEMENTS: readonly Enforcement[] = Object.values(EnforcementMode);
const SSE_ALGORITHMS: readonly SseAlgorithm[] = Object.values(ComponentSseAlgorithm);

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The names under which the user gave each field, for error messages. */
export interface FieldNames {
    bucket: string;
    keyArn: string;
    enforcement: string;
    sseAlgorithm: string;
    bucketKeyEnabled: string;
}

export interface RawTarget {
    label?: string;
    bucket: unknown;
    keyArn: unknown;
    enforcement?: unknown;
    sseAlgorithm?: unknown;
    bucketKeyEnabled?: unknown;
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
    const sseAlgorithm = oneOf(raw.sseAlgorithm ?? "aws:kms", SSE_ALGORITHMS, names.sseAlgorithm);
    const bucketKeyEnabled = raw.bucketKeyEnabled ?? sseAlgorithm === "aws:kms";
    if (typeof bucketKeyEnabled !== "boolean") {
        throw new InputError(`${names.bucketKeyEnabled}: expected true or false, got ${JSON.stringify(bucketKeyEnabled)}`);
    }
    if (bucketKeyEnabled && sseAlgorithm === "aws:kms:dsse") {
        throw new InputError(`${names.bucketKeyEnabled}: S3 Bucket Keys do not apply to aws:kms:dsse`);
    }
    return {
        ...(raw.label === undefined ? {} : { label: raw.label }),
        bucket,
        keyArn,
        region: keyRegion,
        enforcement: oneOf(raw.enforcement ?? "strict", ENFORCEMENTS, names.enforcement),
        sseAlgorithm,
        bucketKeyEnabled,
    };
}

export function checkRegion(region: string): string {
    if (!REGION.test(region)) {
        throw new InputError(`--region: "${region}" is not an AWS region name such as us-east-1`);
    }
    return region;
}

/** AWS's bucket naming rules; dotted names too, since verify also checks buckets made elsewhere. */
export function checkBucketName(name: string, where: string): string {
    const broken = /^(s3:\/\/|arn:)/.test(name) ? ["give the bare bucket name, not an s3:// URL or an ARN"] : s3BucketNameProblems(name);
    if (broken.length > 0) throw new InputError(`${where}: "${name}" is not a valid S3 bucket name: it ${broken[0]}`);
    return name;
}

function keyArnRegion(arn: string, where: string): string {
    const parsed = parseKmsKeyArn(arn);
    if (!parsed) {
        throw new InputError(
            `${where}: "${arn}" is not a KMS key ARN; expected ${KMS_KEY_ARN_FORMAT} ` +
                "(not an alias, alias ARN or bare key id: S3 reports objects' keys by key ARN)",
        );
    }
    return parsed.region;
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
