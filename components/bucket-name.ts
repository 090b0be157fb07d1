/**
 * S3 general purpose bucket naming rules
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** The AWS rules the name breaks; empty when S3 would accept it. */
export function s3BucketNameProblems(name: string): string[] {
    const problems: string[] = [];
    if (name.length < 3 || name.length > 63) {
        problems.push(`must be 3 to 63 characters long (got ${name.length})`);
    }
    if (!/^[a-z0-9.-]*$/.test(name)) {
        problems.push("may contain only lowercase letters, digits, dots and hyphens");
    }
    if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
        problems.push("must begin and end with a lowercase letter or digit");
    }
    if (name.includes("..")) {
        problems.push("must not contain two adjacent dots");
    }
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
        problems.push("must not look like an IP address");
    }
    const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
    if (prefix) {
        problems.push(`must not begin with the reserved prefix "${prefix}"`);
    }
    const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
    if (suffix) {
        problems.push(`must not end with the reserved suffix "${suffix}"`);
    }
    return problems;
}

/**
 * The component's rules: AWS's, and no dots at all, because the bucket accepts TLS only and a
 * dotted name breaks the certificate match of virtual-hosted-style HTTPS (and Transfer Acceleration).
 */
export function bucketNameProblems(name: string): string[] {
    // The no-dots rule says all that the rules about dots would.
    const problems = s3BucketNameProblems(name)
        .filter((p) => !/adjacent dots|IP address/.test(p))
        .map((p) => p.replace("letters, digits, dots and hyphens", "letters, digits and hyphens"));
    if (name.includes(".")) {
        problems.push("must not contain dots: the bucket is TLS-only and dotted names break virtual-hosted-style HTTPS");
    }
    return problems;
}
