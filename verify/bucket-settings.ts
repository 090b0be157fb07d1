/** The bucket's own settings that the component deploys, read back from S3. */
import {
    GetBucketEncryptionCommand,
    GetBucketPolicyCommand,
    GetBucketVersioningCommand,
    GetPublicAccessBlockCommand,
    PublicAccessBlockConfiguration,
    S3Client,
} from "@aws-sdk/client-s3";
import { expectedEncryption, judgeEncryption } from "./encryption";
import { attempt, CheckRow, judgedRow } from "./outcome";
import { Target } from "./target";

const BLOCKS: readonly (keyof PublicAccessBlockConfiguration)[] = [
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
];

export async function bucketSettingsRows(s3: S3Client, target: Target): Promise<CheckRow[]> {
    const Bucket = target.bucket;
    return [
        judgedRow(
            "default encryption",
            expectedEncryption(target),
            await attempt(() => s3.send(new GetBucketEncryptionCommand({ Bucket }))),
            (r) => {
                const rule = r.ServerSideEncryptionConfiguration?.Rules?.[0];
                const byDefault = rule?.ApplyServerSideEncryptionByDefault;
                // The bucket default keeps the id form it was configured with: ARN or bare key id.
                const keyId = target.keyArn.split(":key/")[1];
                return judgeEncryption(
                    { algorithm: byDefault?.SSEAlgorithm, keyId: byDefault?.KMSMasterKeyID, bucketKey: rule?.BucketKeyEnabled },
                    target,
                    [target.keyArn, keyId],
                );
            },
        ),
        judgedRow(
            "public access block",
            "all four on",
            await attempt(() => s3.send(new GetPublicAccessBlockCommand({ Bucket }))),
            (r) => {
                const off = BLOCKS.filter((block) => r.PublicAccessBlockConfiguration?.[block] !== true);
                return { got: off.length === 0 ? "all four on" : `off: ${off.join(", ")}`, pass: off.length === 0 };
            },
        ),
        judgedRow(
            "bucket policy",
            "present, valid JSON",
            await attempt(() => s3.send(new GetBucketPolicyCommand({ Bucket }))),
            (r) => policyVerdict(r.Policy),
        ),
        judgedRow(
            "versioning",
            "Enabled",
            await attempt(() => s3.send(new GetBucketVersioningCommand({ Bucket }))),
            (r) => ({ got: r.Status ?? "never enabled", pass: r.Status === "Enabled" }),
        ),
    ];
}

function policyVerdict(policy: string | undefined): { got: string; pass: boolean } {
    if (!policy) return { got: "absent", pass: false };
    try {
        const statements = (JSON.parse(policy) as { Statement?: unknown }).Statement;
        const count = Array.isArray(statements) ? statements.length : statements === undefined ? 0 : 1;
        return { got: `valid JSON, ${count} statement${count === 1 ? "" : "s"}`, pass: true };
    } catch {
        return { got: "not valid JSON", pass: false };
    }
}
