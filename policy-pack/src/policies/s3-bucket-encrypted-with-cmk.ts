import { StackValidationPolicy } from "@pulumi/policy";
import { unlinkedFindings } from "../checks/unlinked";
import { algorithmProblem, expectedEncryption, keyProblem } from "../checks/encryption-choice";
import { KEY_CHOICE_SCHEMA, KeyChoiceConfig, readKeyChoiceConfig } from "../config";
import { EncryptionSource } from "../model/encryption";
import { dialectOfBucketName } from "../model/bucket-kinds";
import { describeKey, sameKey } from "../model/keys";
import { Bucket, StackModel } from "../model/stack";

const NAME = "s3-bucket-encrypted-with-cmk";

/** What is wrong with the bucket's default encryption, one entry per finding. */
export function encryptionFindings(bucket: Bucket, config: KeyChoiceConfig): string[] {
    const kind = bucket.kind;
    if (kind.cannotComply) {
        return [kind.cannotComply];
    }
    const forKind = narrowDsse(config, kind.dsse);
    const findings = defaultEncryptionFindings(bucket, forKind);
    for (const source of bucket.writes) {
        findings.push(...sourceFindings(source, forKind));
    }
    return findings;
}

/** The config as it applies where DSSE-KMS exists only if `dsse` (directory and table buckets have none). */
function narrowDsse(config: KeyChoiceConfig, dsse: boolean): KeyChoiceConfig {
    return { ...config, allowDsse: config.allowDsse && dsse };
}

function defaultEncryptionFindings(bucket: Bucket, config: KeyChoiceConfig): string[] {
    const kind = bucket.kind;
    if (bucket.encryption.length === 0) {
        // A container in the stack is judged on its own; its contents then take its encryption.
        if (bucket.container || kind.undeclared === undefined) {
            return [];
        }
        const container = bucket.container === null
            ? `, and nothing known ties it to a ${kind.inheritsFrom?.label} of this stack whose encryption could be checked; declare its encryption itself`
            : "";
        return [`it declares no default encryption, so ${kind.undeclared}${container}`];
    }
    const findings = bucket.encryption.flatMap((s) => sourceFindings(s, config));
    const keys = bucket.encryption.flatMap((s) => s.rules.map((r) => r.key));
    // One key per bucket is what its bucket policy narrows uploads to; other kinds take no such policy.
    if (findings.length === 0 && kind.policyDialect !== undefined && keys.slice(1).some((k) => !sameKey(k, keys[0]))) {
        findings.push(`its encryption rules name different keys (${keys.map(describeKey).join("; ")})`);
    }
    return findings;
}

function sourceFindings(source: EncryptionSource, config: KeyChoiceConfig): string[] {
    const findings = source.problem ? [`${source.what}: ${source.problem}`] : [];
    for (const rule of source.rules) {
        const problems = [algorithmProblem(rule.sseAlgorithm, config.allowDsse), keyProblem(rule.key, config)];
        findings.push(...problems.flatMap((p) => (p ? [`${source.what} uses ${p}`] : [])));
    }
    return findings;
}

const REPLICATION_EXPECTED = "S3 Tables replication takes no encryption setting, and AWS does not document which encryption a replica table gets "
    + "(https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-replication-setting-up.html), so only a source and destinations "
    + "this stack declares, each judged as its kind, show that the replicas end up under an allowed customer-managed key: "
    + "declare them in this stack (with a provider for each account and Region).";

/** What of a replication this stack does not declare, one entry per finding. */
export function replicationFindings(bucket: Bucket): string[] {
    const gaps = bucket.replication;
    const spec = bucket.kind.replicates;
    if (!gaps || !spec) {
        return [];
    }
    return [
        ...(gaps.source ? [`its source ${gaps.source} is not a ${spec.source?.label} this stack declares`] : []),
        ...gaps.destinations.map((d) => `it replicates tables into ${d}, which is not a ${spec.destinations.label} this stack declares`),
    ];
}

export const s3BucketEncryptedWithCmk: StackValidationPolicy = {
    name: NAME,
    description: "S3 buckets of every kind (general-purpose, directory, table, vector, Outposts), tables and S3 Files file systems must be encrypted by default with SSE-KMS under an allowed customer-managed KMS key.",
    enforcementLevel: "mandatory",
    configSchema: KEY_CHOICE_SCHEMA,
    validateStack: (args, reportViolation) => {
        const config = readKeyChoiceConfig(NAME, args.getConfig());
        const model = StackModel.of(args.resources);
        for (const { urn, message } of unlinkedFindings(model, "encryption")) {
            reportViolation(message, urn);
        }
        for (const { bucket, source } of model.externalEncryption) {
            // Directory buckets, named --x-s3 by S3's rule, have no DSSE-KMS.
            const forBucket = narrowDsse(config, dialectOfBucketName(bucket) === "s3");
            const findings = sourceFindings(source, forBucket);
            if (findings.length > 0) {
                reportViolation(`${source.what}, for the bucket "${bucket}", which this stack does not declare: ${findings.join("; ")}. `
                    + `Expected ${expectedEncryption(forBucket)}.`, source.urn);
            }
        }
        for (const bucket of model.buckets) {
            const findings = encryptionFindings(bucket, config);
            const replication = replicationFindings(bucket);
            if (findings.length + replication.length > 0) {
                const expected = [
                    ...(findings.length > 0 && !bucket.kind.cannotComply ? [`Expected ${expectedEncryption(narrowDsse(config, bucket.kind.dsse))}.`] : []),
                    ...(replication.length > 0 ? [REPLICATION_EXPECTED] : []),
                ];
                reportViolation(`${bucket.label}: ${[...findings, ...replication].join("; ")}. ${expected.join(" ")}`.trimEnd(), bucket.resource.urn);
            }
        }
    },
};
