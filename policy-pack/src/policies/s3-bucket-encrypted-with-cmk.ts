import { StackValidationPolicy } from "@pulumi/policy";
import { unlinkedFindings } from "../checks/unlinked";
import { algorithmProblem, expectedEncryption, keyProblem } from "../checks/encryption-choice";
import { KEY_CHOICE_SCHEMA, KeyChoiceConfig, readKeyChoiceConfig } from "../config";
import { describeKey, sameKey } from "../model/keys";
import { Bucket, StackModel } from "../model/stack";

const NAME = "s3-bucket-encrypted-with-cmk";

/** What is wrong with the bucket's default encryption, one entry per finding. */
export function encryptionFindings(bucket: Bucket, config: KeyChoiceConfig): string[] {
    const kind = bucket.kind;
    if (kind.cannotComply) {
        return [kind.cannotComply];
    }
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
    const allowDsse = config.allowDsse && kind.dsse;
    const findings: string[] = [];
    for (const source of bucket.encryption) {
        if (source.problem) {
            findings.push(`${source.what}: ${source.problem}`);
        }
        for (const rule of source.rules) {
            const problems = [algorithmProblem(rule.sseAlgorithm, allowDsse), keyProblem(rule.key, config)];
            findings.push(...problems.flatMap((p) => (p ? [`${source.what} uses ${p}`] : [])));
        }
    }
    const keys = bucket.encryption.flatMap((s) => s.rules.map((r) => r.key));
    // One key per bucket is what its bucket policy narrows uploads to; other kinds take no such policy.
    if (findings.length === 0 && kind.policyDialect !== undefined && keys.slice(1).some((k) => !sameKey(k, keys[0]))) {
        findings.push(`its encryption rules name different keys (${keys.map(describeKey).join("; ")})`);
    }
    return findings;
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
        for (const bucket of model.buckets) {
            const findings = encryptionFindings(bucket, config);
            if (findings.length > 0) {
                const expected = bucket.kind.cannotComply ? "" : ` Expected ${expectedEncryption({ ...config, allowDsse: config.allowDsse && bucket.kind.dsse })}.`;
                reportViolation(`${bucket.label}: ${findings.join("; ")}.${expected}`, bucket.resource.urn);
            }
        }
    },
};
