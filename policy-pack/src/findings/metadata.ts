/**
 * What each policy tells the engine about itself besides its checks: `remediationSteps` and `url`,
 * the metadata `@pulumi/policy` 1.21 takes per policy (policy.d.ts `PolicyBase`). `framework` is
 * left unset: no compliance framework's control matches these policies exactly.
 */
import { FINDING_CODES_DOC, REPOSITORY_URL } from "./codes";

const CATALOGUE = `${REPOSITORY_URL}/blob/main/policy-pack/README.md`;

const REMEDIATION: Record<string, string> = {
    "s3-bucket-encrypted-with-cmk":
        "Give every bucket (and table, vector bucket, file system) default encryption with SSE-KMS (aws:kms) under a customer-managed key, "
        + "named by its key ARN: a key declared in the stack, or one matching allowedKeyArns. Writers (Inventory, Storage Lens, replication, "
        + "S3 Metadata) that name an encryption must name such a key too. The EncryptedBucket component does this.",
    "s3-bucket-policy-enforces-cmk":
        "Give every general-purpose bucket a bucket policy with explicit Deny statements, for every principal, on s3:PutObject to every object, "
        + "refusing SSE-S3, aws:kms without a key id or with another key, SSE-C (unless the encryption configuration blocks it) and, with "
        + "requireEncryptionHeaders, uploads without encryption headers; directory buckets deny s3express:CreateSession naming no KMS key. "
        + "The EncryptedBucket component (strict mode) renders such a policy.",
    "s3-object-encrypted-with-cmk":
        "Give objects the encryption arguments their bucket's policy requires: SSE-KMS with the bucket's customer-managed key (serverSideEncryption and "
        + "kmsKeyId; an EncryptedBucket's uploadArgs output holds both), or nothing where the policy lets uploads without encryption headers through "
        + "(the bucket's default then applies); never SSE-S3, another key or SSE-C.",
    "kms-key-rotation-enabled": "Set enableKeyRotation: true on keys KMS can rotate (symmetric keys with KMS-made material, outside custom key stores).",
    "kms-key-policy-least-privilege":
        "Name the principals each Allow statement grants, or allow \"*\" only under a condition; use no Allow with NotPrincipal; keep the lock-out safety check.",
    "kms-key-outlives-its-buckets": "Make each bucket depend on the stack key that encrypts it (dependsOn), or protect the key.",
    "s3-log-deliveries-arrive":
        "Deliver each service's logs into a bucket with the encryption AWS documents for it (SSE-S3 for S3 server access logs and Application/Classic "
        + "Load Balancer access logs), whose bucket policy allows the service principal s3:PutObject on the log prefix, confined with aws:SourceAccount "
        + "or aws:SourceArn (load balancers: on AWSLogs/<account>/ keys), and denies none of its deliveries; make that policy refuse every other writer. "
        + "CloudFront standard logging (legacy) needs ACLs enabled on its destination (Object Ownership BucketOwnerPreferred). The EncryptedBucket "
        + "component's accessLogs option does this for server access logs.",
};

/** The metadata of the policy `name`, spread into its definition. */
export function policyMetadata(name: string): { remediationSteps: string; url: string } {
    const steps = REMEDIATION[name];
    if (steps === undefined) {
        throw new Error(`no remediation steps for policy ${name}`);
    }
    return { remediationSteps: `${steps} Each finding starts with a code whose meaning and fix are listed at ${FINDING_CODES_DOC}.`, url: `${CATALOGUE}#${name}` };
}
