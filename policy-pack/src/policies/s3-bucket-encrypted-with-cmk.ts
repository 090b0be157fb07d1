import { StackValidationPolicy } from "@pulumi/policy";
import { unlinkedFindings } from "../checks/unlinked";
import { algorithmProblem, expectedEncryption, keyProblem } from "../checks/encryption-choice";
import { KEY_CHOICE_SCHEMA, KeyChoiceConfig, readKeyChoiceConfig } from "../config";
import { describeKey, sameKey } from "../model/keys";
import { Bucket, StackModel } from "../model/stack";

const NAME = "s3-bucket-encrypted-with-cmk";

/** What is wrong with the bucket's default encryption, one entry per finding. */
export function encryptionFindings(bucket: Bucket, config: KeyChoiceConfig): string[] {
    if (bucket.encryption.length === 0) {
        return ["it declares no default encryption, so S3 applies SSE-S3 (AES256)"];
    }
    const findings: string[] = [];
    for (const source of bucket.encryption) {
        if (source.problem) {
            findings.push(`${source.what}: ${source.problem}`);
        }
        for (const rule of source.rules) {
            const problems = [algorithmProblem(rule.sseAlgorithm, config.allowDsse), keyProblem(rule.key, config)];
            findings.push(...problems.flatMap((p) => (p ? [`${source.what} uses ${p}`] : [])));
        }
    }
    const keys = bucket.encryption.flatMap((s) => s.rules.map((r) => r.key));
    if (findings.length === 0 && keys.slice(1).some((k) => !sameKey(k, keys[0]))) {
        findings.push(`its encryption rules name different keys (${keys.map(describeKey).join("; ")})`);
    }
    return findings;
}

export const s3BucketEncryptedWithCmk: StackValidationPolicy = {
    name: NAME,
    description: "S3 buckets must be encrypted by default with SSE-KMS under an allowed customer-managed KMS key.",
    enforcementLevel: "mandatory",
    configSchema: KEY_CHOICE_SCHEMA,
    validateStack: (args, reportViolation) => {
        const config = readKeyChoiceConfig(NAME, args.getConfig());
        const model = new StackModel(args.resources);
        for (const { urn, message } of unlinkedFindings(model, "encryption")) {
            reportViolation(message, urn);
        }
        for (const bucket of model.buckets) {
            const findings = encryptionFindings(bucket, config);
            if (findings.length > 0) {
                reportViolation(`${bucket.label}: ${findings.join("; ")}. Expected ${expectedEncryption(config)}.`, bucket.resource.urn);
            }
        }
    },
};
