/**
 * Every finding code the pack emits: what it means and how to fix it. A code is stable: once
 * released it keeps its meaning, and a code that is retired is never given to anything else
 * (docs/finding-codes.md, which tests/policy-pack/finding-codes.test.ts keeps equal to this table).
 *
 * Families: EB-ENC default encryption of storage and the encryption writers name; EB-SSE the
 * algorithm asked for; EB-KEY the key named; EB-OBJ objects; EB-BPL bucket policies; EB-LNK
 * resources tied to no single bucket; EB-ROT key rotation; EB-KPL key policies; EB-DEL the order
 * in which a key and its bucket are deleted; EB-LOG log deliveries a destination of the stack would
 * refuse; EB-EXC exceptions in the pack's config that do not apply.
 */

/** Where the repository lives: finding URLs must work outside a clone of it. */
export const REPOSITORY_URL = "https://github.com/encrypted-bucket/encrypted-bucket";
export const FINDING_CODES_DOC = `${REPOSITORY_URL}/blob/main/docs/finding-codes.md`;
/** Which KMS keys count as a stack's customer-managed keys. */
export const KEY_KINDS_DOC = `${REPOSITORY_URL}/blob/main/docs/key-kinds.md`;

/**
 * The diagnostic message contract: every message the pack reports starts with its finding code
 * and ": ". Consumers (the offline preview, CI) take the code with this expression.
 */
export const CODE_PREFIX = /^([A-Z]+(?:-[A-Z0-9]+)+): /;

export interface CodeInfo {
    /** One line: what was found. */
    title: string;
    /** What it means, and why it matters. */
    meaning: string;
    /** How to fix it. */
    fix: string;
}

export const CODES = {
    "EB-ENC-001": {
        title: "storage declares no default encryption",
        meaning: "The bucket (or other storage) declares no default encryption, so S3 applies its own: SSE-S3 (AES256) for buckets, a key AWS owns for S3 Files file systems. No customer-managed key protects its data.",
        fix: `Declare default encryption with SSE-KMS under a customer-managed key: a \`BucketServerSideEncryptionConfiguration\` (or the kind's own encryption property, see ${REPOSITORY_URL}/blob/main/docs/bucket-kinds.md) naming the key by its ARN.`,
    },
    "EB-ENC-002": {
        title: "storage takes its container's encryption, but its container is not in the stack",
        meaning: "A table or vector index that declares no encryption takes its table bucket's or vector bucket's, but nothing known ties it to a container this stack declares, so its encryption cannot be checked.",
        fix: "Declare the container in this stack and compute the reference from it (its ARN or name output), or declare the encryption on the table or index itself.",
    },
    "EB-ENC-003": {
        title: "encryption unknown until apply",
        meaning: "The encryption setting (or part of it) is unknown in this preview, and nothing known proves it names an allowed customer-managed key.",
        fix: "Compute the setting only from the stack's KMS keys (their ARN outputs), or from known values; the update judges the real value again.",
    },
    "EB-ENC-004": {
        title: "encryption configuration has no rule with default encryption",
        meaning: "The encryption configuration holds no rule that sets a default encryption, so S3 applies SSE-S3.",
        fix: "Give the configuration a rule with `applyServerSideEncryptionByDefault { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <key ARN> }`.",
    },
    "EB-ENC-005": {
        title: "encryption rules are not a list",
        meaning: "The encryption configuration's rules are not a list, which no provider accepts; nothing can be read from them.",
        fix: "Declare the rules as a list, as the provider's schema says.",
    },
    "EB-ENC-006": {
        title: "part of the configuration declares no encryption",
        meaning: "A part of the resource that S3 writes data into (an S3 Metadata table, a Storage Lens table export) declares no encryption, so it gets SSE-S3 or a key nobody declared.",
        fix: "Declare that part's encryption with SSE-KMS under an allowed customer-managed key, or disable it.",
    },
    "EB-ENC-007": {
        title: "encryption rules name different keys",
        meaning: "The bucket's default encryption rules name more than one key; its bucket policy can narrow uploads to only one.",
        fix: "Name one customer-managed key, by the same key ARN, in every rule.",
    },
    "EB-ENC-008": {
        title: "this kind of storage cannot use a customer-managed key",
        meaning: "S3 on Outposts buckets take no default-encryption setting, and AWS documents SSE-S3 (and per-request SSE-C) for them, not SSE-KMS.",
        fix: "Keep the data in a general-purpose or directory bucket encrypted with a customer-managed key, or exempt this resource from the policy deliberately.",
    },
    "EB-ENC-009": {
        title: "S3 Tables replication source is not in the stack",
        meaning: "S3 Tables replication takes no encryption setting and AWS does not document which encryption a replica table gets, so only a source this stack declares (judged as its kind) shows where the replicas come from.",
        fix: "Declare the source table or table bucket in this stack and reference it by its ARN output.",
    },
    "EB-ENC-010": {
        title: "S3 Tables replication destination is not in the stack",
        meaning: "S3 Tables replication takes no encryption setting and AWS does not document which encryption a replica table gets, so only destination table buckets this stack declares (each judged as its kind) show that replicas end up under an allowed customer-managed key.",
        fix: "Declare each destination table bucket in this stack (with a provider for its account and Region) and reference it by its ARN output.",
    },
    "EB-SSE-001": {
        title: "SSE-S3 (AES256)",
        meaning: "The encryption asked for is SSE-S3 (AES256): a key AWS owns, not a customer-managed key.",
        fix: "Use `aws:kms` with a customer-managed key, named by its key ARN.",
    },
    "EB-SSE-002": {
        title: "no encryption algorithm",
        meaning: "The encryption rule names no algorithm, so it sets no SSE-KMS encryption.",
        fix: "Set the algorithm to `aws:kms` and name a customer-managed key by its key ARN.",
    },
    "EB-SSE-003": {
        title: "an encryption algorithm that is not SSE-KMS",
        meaning: "The encryption algorithm is neither `aws:kms` nor `aws:kms:dsse`.",
        fix: "Set the algorithm to `aws:kms` and name a customer-managed key by its key ARN.",
    },
    "EB-SSE-004": {
        title: "encryption algorithm unknown until apply",
        meaning: "The algorithm is unknown in this preview, and nothing known proves it is SSE-KMS.",
        fix: "Set the algorithm to a known value (`aws:kms`).",
    },
    "EB-SSE-005": {
        title: "dual-layer SSE-KMS not allowed here",
        meaning: "The encryption asked for is dual-layer SSE-KMS (`aws:kms:dsse`), which the policy's `allowDsse: false` turns off or which this kind of storage does not have.",
        fix: "Use `aws:kms`, or set `allowDsse: true` where the kind supports DSSE-KMS.",
    },
    "EB-SSE-006": {
        title: "customer-provided key (SSE-C)",
        meaning: "The object asks for a customer-provided key (SSE-C), which no KMS key policy governs.",
        fix: "Drop the customer-provided key and let the bucket's default encryption apply, or ask for SSE-KMS with the bucket's key.",
    },
    "EB-SSE-007": {
        title: "customer-provided key algorithm unknown until apply",
        meaning: "The object's SSE-C algorithm is unknown in this preview, and nothing known proves it asks for none.",
        fix: "Leave the customer-provided key algorithm unset.",
    },
    "EB-KEY-001": {
        title: "SSE-KMS with no key id (aws/s3)",
        meaning: "SSE-KMS is asked for without a key id, so S3 uses the AWS-managed `aws/s3` key, which no key policy of yours governs.",
        fix: "Name a customer-managed key by its key ARN.",
    },
    "EB-KEY-002": {
        title: "an AWS-managed key",
        meaning: "The key named is an AWS-managed key (`alias/aws/...`), whose key policy you cannot change.",
        fix: "Name a customer-managed key by its key ARN.",
    },
    "EB-KEY-003": {
        title: "a key named through an alias",
        meaning: "The key is named through an alias: KMS resolves an alias at each request, in the requester's account, and the alias can be re-pointed outside this stack.",
        fix: "Name the key by its key ARN (the key resource's `arn` output).",
    },
    "EB-KEY-004": {
        title: "a key S3 cannot use",
        meaning: "The stack key named is not a symmetric encryption key (an asymmetric or HMAC key, or a replica of one); S3 supports only symmetric encryption keys.",
        fix: "Name a symmetric encryption key (`SYMMETRIC_DEFAULT`, `ENCRYPT_DECRYPT`).",
    },
    "EB-KEY-005": {
        title: "a key reference nothing ties to a customer-managed key",
        meaning: "The key reference is not a full key ARN, nor a key or alias of this stack, nor (in a preview) computed only from keys of this stack, so nothing proves which key it is.",
        fix: "Name the key by its full key ARN, or compute the reference only from a key resource of this stack.",
    },
    "EB-KEY-006": {
        title: "a stack key, but stack keys are not allowed",
        meaning: "The key is a customer-managed key of this stack, but the policy's config sets `allowStackKeys: false` and the key matches no `allowedKeyArns` pattern.",
        fix: "Use a key matching `allowedKeyArns`, or allow the key in the policy's config.",
    },
    "EB-KEY-007": {
        title: "a key from outside the stack that is not allowed",
        meaning: "The key is not declared in this stack and matches no `allowedKeyArns` pattern of the policy's config.",
        fix: "Use a key of this stack, or add the key ARN (or a pattern) to `allowedKeyArns`.",
    },
    "EB-OBJ-001": {
        title: "object asks for another key than its bucket's",
        meaning: "The object asks for a KMS key other than its bucket's default customer-managed key, which its bucket policy refuses at upload.",
        fix: "Ask for no encryption (the bucket's default applies), or for SSE-KMS with the bucket's key.",
    },
    "EB-OBJ-002": {
        title: "object refused by its bucket's own policy",
        meaning: "The object passes the encryption rules (it asks for nothing, and S3 would apply its bucket's default key), but the bucket policy of the same stack explicitly denies, for every principal, the upload the provider sends for it (for example no encryption header, under a strict policy). The engine's write of the object is refused: the deployment fails halfway.",
        fix: "Give the object the encryption arguments the policy requires: `serverSideEncryption: \"aws:kms\"` (the bucket's algorithm) and `kmsKeyId: <the bucket key's ARN>`. An `EncryptedBucket` exposes them as its `uploadArgs` output: `new aws.s3.BucketObjectv2(name, { ...bucket.uploadArgs, key, source })`.",
    },
    "EB-BPL-001": {
        title: "no bucket policy",
        meaning: "The bucket has no bucket policy, so nothing refuses uploads encrypted other than with its key.",
        fix: "Add a bucket policy that denies every upload not encrypted with the bucket's key (the `EncryptedBucket` component does).",
    },
    "EB-BPL-002": {
        title: "empty bucket policy",
        meaning: "The bucket policy's document is empty.",
        fix: "Give the bucket policy statements that deny every upload not encrypted with the bucket's key.",
    },
    "EB-BPL-003": {
        title: "unreadable bucket policy",
        meaning: "The bucket policy's document is not a readable IAM policy (invalid JSON, not an object, statements that are not objects).",
        fix: "Fix the document so that it is a valid IAM policy.",
    },
    "EB-BPL-004": {
        title: "no provable key to narrow uploads to",
        meaning: "The bucket has no one provable customer-managed key (see its s3-bucket-encrypted-with-cmk findings), so no bucket policy can be shown to narrow uploads to it.",
        fix: "Fix the bucket's default encryption first: one customer-managed key, named by its key ARN.",
    },
    "EB-BPL-005": {
        title: "bucket policy lets wrong uploads through",
        meaning: "Some upload (or directory-bucket session) that would be encrypted other than with the bucket's key is not explicitly denied for every principal by the bucket policy.",
        fix: "Add explicit Deny statements for every principal (`\"*\"`) on `s3:PutObject` (directory buckets: `s3express:CreateSession`) for every object of the bucket, refusing each upload the finding lists.",
    },
    "EB-BPL-006": {
        title: "declared bucket policy statements fall short",
        meaning: "The bucket policy's document is unknown in this preview, and the statements its `EncryptedBucket` component declares for it do not deny every wrong upload.",
        fix: "Use an enforcement mode that denies every upload the finding lists (for example strict), or change the pack's config deliberately.",
    },
    "EB-BPL-007": {
        title: "bucket policy unknown until apply, with no evidence",
        meaning: "The bucket policy's document is unknown in this preview, is not computed from the bucket's stack key, and no `EncryptedBucket` declares its statements: nothing shows it narrows uploads to the bucket's key.",
        fix: "Compute the document from the bucket's key (`pulumi.jsonStringify`, or `aws.iam.getPolicyDocument` inside `pulumi.all([...]).apply(...)`), or use the `EncryptedBucket` component.",
    },
    "EB-LNK-001": {
        title: "tied to no single bucket",
        meaning: "An encryption configuration's or bucket policy's bucket is unknown until apply and is computed from no single bucket of the stack, so nothing known says which bucket it applies to.",
        fix: "Compute its `bucket` from exactly one bucket resource (its `id` or `bucket` output).",
    },
    "EB-ROT-001": {
        title: "automatic key rotation off",
        meaning: "The key can be rotated automatically by KMS but rotation is off or not set.",
        fix: "Set `enableKeyRotation: true`.",
    },
    "EB-ROT-002": {
        title: "key rotation unknown until apply",
        meaning: "The rotation setting is unknown in this preview, and nothing known proves it is on.",
        fix: "Set `enableKeyRotation: true` as a known value.",
    },
    "EB-KPL-001": {
        title: "lock-out safety check bypassed",
        meaning: "The key bypasses KMS's lock-out safety check, so KMS accepts a key policy that locks everyone out of the key.",
        fix: "Remove `bypassPolicyLockoutSafetyCheck` (or set it to false).",
    },
    "EB-KPL-002": {
        title: "lock-out safety check setting unknown until apply",
        meaning: "Whether the key bypasses the lock-out safety check is unknown in this preview.",
        fix: "Leave `bypassPolicyLockoutSafetyCheck` unset, or set it to a known false.",
    },
    "EB-KPL-003": {
        title: "key policy unknown until apply",
        meaning: "The key policy is unknown in this preview, and nothing known proves it grants no one-size-fits-all access.",
        fix: "Build the key policy from known values where possible; the update judges the real policy again.",
    },
    "EB-KPL-004": {
        title: "unreadable key policy",
        meaning: "The key policy is not a readable IAM policy.",
        fix: "Fix the key policy so that it is a valid IAM policy.",
    },
    "EB-KPL-005": {
        title: "Allow with NotPrincipal",
        meaning: "A key policy statement allows everyone except the principals it names.",
        fix: "Name the principals the statement allows with `Principal`.",
    },
    "EB-KPL-006": {
        title: "Allow for a principal unknown until apply",
        meaning: "A key policy statement allows a principal that is unknown in this preview.",
        fix: "Name the principal with a known value.",
    },
    "EB-KPL-007": {
        title: "Allow for any principal with no condition",
        meaning: "A key policy statement allows any principal (`\"*\"`) with no condition.",
        fix: "Name the principals explicitly, or allow `\"*\"` only under a condition (for example `kms:CallerAccount`).",
    },
    "EB-DEL-001": {
        title: "key may be deleted before its bucket",
        meaning: "The bucket's default encryption uses a KMS key of the stack, but the bucket does not depend on the key and the key is not protected: on `pulumi destroy`, or when both leave the program, the engine may schedule the key for deletion in parallel with a bucket delete that fails because objects remain, and those objects become unreadable.",
        fix: "Add the key to the bucket's `dependsOn`, or protect the key. (A key kept with `retainOnDelete` is safe too, but policy packs are not told `retainOnDelete`, so the finding stays.)",
    },
    "EB-LOG-001": {
        title: "log destination uses an encryption the service cannot deliver into",
        meaning: "A log configuration of the stack delivers into a bucket of the stack whose default encryption is SSE-KMS, but AWS documents SSE-S3 as the only default encryption the delivering service supports: the logs would never arrive.",
        fix: `Deliver into a bucket with SSE-S3 default encryption whose bucket policy lets only the delivering service write into it (${REPOSITORY_URL}/blob/main/docs/log-destinations.md); the EncryptedBucket component's \`accessLogs\` option creates one.`,
    },
    "EB-LOG-002": {
        title: "log destination's bucket policy grants the service nothing",
        meaning: "The destination's bucket policy has no Allow statement that can let the delivering service principal put the log objects: the logs would never arrive.",
        fix: "Allow the service principal `s3:PutObject` on the log prefix, confined with `aws:SourceAccount` (or `aws:SourceArn`) to the stack's account or sources (load balancers: on the `<prefix>/AWSLogs/<account>/*` keys).",
    },
    "EB-LOG-003": {
        title: "log destination's bucket policy denies the service's deliveries",
        meaning: "A Deny statement of the destination's bucket policy refuses the delivering service's writes (for example a deny of uploads without encryption headers, which the service does not send): the logs would never arrive.",
        fix: "Exempt the service's deliveries from that deny (for example with `StringNotEquals aws:PrincipalServiceName`), and make the policy refuse every other writer instead.",
    },
    "EB-LOG-004": {
        title: "log destination's key policy does not let the service use the key",
        meaning: "The destination's default encryption is a customer-managed key of the stack whose key policy has no Allow statement that can grant the delivering service principal the KMS actions AWS documents for it (`kms:GenerateDataKey*`; for CloudTrail also `kms:DescribeKey`): the service cannot encrypt the log objects, and the logs would never arrive.",
        fix: `Add to the key policy an Allow for the service principal with those actions, confined as AWS documents (\`aws:SourceAccount\`/\`aws:SourceArn\`; for CloudTrail the \`kms:EncryptionContext:aws:cloudtrail:arn\` of the trail) (${REPOSITORY_URL}/blob/main/docs/log-destinations.md).`,
    },
    "EB-LOG-005": {
        title: "trail encrypts with a key other than its destination's",
        meaning: "A CloudTrail trail delivers into a bucket of the stack encrypted with a customer-managed key, but the trail's `kmsKeyId` is not set or names another key: its log files would be encrypted other than with the destination's key (refused by a bucket policy that requires that key, or stored under a key the stack does not control). AWS does not document whether the trail's writes carry encryption headers, so the pack requires the one design that works either way.",
        fix: "Set the trail's `kmsKeyId` to the destination bucket's customer-managed key, and grant CloudTrail that key as AWS documents.",
    },
    "EB-LOG-007": {
        title: "log destination's ACLs are disabled, but the service writes through an ACL grant",
        meaning: "A CloudFront standard logging (legacy) configuration delivers into a bucket of the stack whose ACLs are disabled: Object Ownership declared BucketOwnerEnforced, or none declared (BucketOwnerEnforced is S3's default for new buckets). CloudFront writes its log files through an ACL grant to the awslogsdelivery account: the logs would never arrive.",
        fix: "Declare the destination's Object Ownership as BucketOwnerPreferred (aws.s3.BucketOwnershipControls, or ownershipControls of aws-native), or use CloudFront standard logging (v2), which delivers through CloudWatch vended logs and a bucket policy.",
    },
    "EB-EXC-001": {
        title: "exception expired",
        meaning: "An exception in the policy's config has passed its `expires` date (judged on the analysis date, UTC), so it no longer applies: the findings it covered are enforced at the policy's level again.",
        fix: `Fix what the exception covered, or have its approver renew it with a new \`expires\` date (${REPOSITORY_URL}/blob/main/docs/exceptions.md).`,
    },
    "EB-EXC-002": {
        title: "malformed exception",
        meaning: "An exception in the policy's config lacks a field it needs (`urn`, `codes`, `reason`, `approvedBy`, `expires`), holds one the pack cannot read, or holds a field the pack does not know (which could have been meant to narrow it). It does not apply.",
        fix: `Write the exception as ${REPOSITORY_URL}/blob/main/docs/exceptions.md describes; the policy pack's config schema lists every field.`,
    },
    "EB-EXC-003": {
        title: "exception too broad",
        meaning: "An exception's `urn` has a wildcard outside its stack part (in the project, type or name), so it would cover resources nobody named. It does not apply.",
        fix: "Name one resource: its full URN, with `*` only in the stack part (for example `urn:pulumi:prod-*::shop::aws:s3/bucket:Bucket::legacy`).",
    },
    "EB-EXC-004": {
        title: "exception names a finding code its policy does not report",
        meaning: "An exception lists a finding code that the policy whose config holds it never reports (a typo, or the code of another policy). It does not apply at all, not even for its other codes.",
        fix: `List only codes the policy reports (${FINDING_CODES_DOC}); put an exception for another policy's finding in that policy's config.`,
    },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** The documentation of a code, outside this repository too. */
export function codeUrl(code: Code): string {
    return `${FINDING_CODES_DOC}#${code.toLowerCase()}`;
}
