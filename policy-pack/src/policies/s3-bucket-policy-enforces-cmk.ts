import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unlinkedFindings } from "../checks/unlinked";
import { bucketKey } from "../checks/bucket-key";
import { BUCKET_POLICY_SCHEMA, BucketPolicyConfig, readBucketPolicyConfig } from "../config";
import { ValueObject, containsUnknown, nonEmptyString } from "../known";
import { Document, readDocument } from "../iam/document";
import { KeyFacts, UploadGaps, describeUndocumented } from "../iam/requests";
import { UploadRules, namedKeyArns, undeniedUploads } from "../iam/uploads";
import { undeniedSessions } from "../iam/sessions";
import { BUCKET_KINDS, PolicyDialect, dialectOfBucketName } from "../model/bucket-kinds";
import { KeyRef, describeKey, isKeyArn, keyArn } from "../model/keys";
import { PolicySource, readBucketPolicy, readInlinePolicy } from "../model/policies";
import { readAnalyzedResource } from "../model/resource";
import { Bucket, StackModel, arnsForName, holdsObjects } from "../model/stack";
import { BUCKET_POLICY_KINDS, BUCKET_POLICY_TYPES } from "../resource-types";

const NAME = "s3-bucket-policy-enforces-cmk";

const EXPECTED: Record<PolicyDialect, string> = {
    s3: "Expected explicit Deny statements, for every principal, on s3:PutObject to every object of the bucket, "
        + "that refuse any other algorithm, any other key id, aws:kms without a key id, SSE-C and (with requireEncryptionHeaders) uploads without encryption headers.",
    s3express: "Expected an explicit Deny statement, for every principal, on s3express:CreateSession for the directory bucket, "
        + "that refuses sessions whose request names no KMS key (Null s3express:x-amz-server-side-encryption-aws-kms-key-id true), as AWS documents for requiring SSE-KMS.",
};

/** What the policy must deny, in each dialect: completes "does not deny ...". */
const WRITES: Record<PolicyDialect, string> = { s3: "uploads", s3express: "CreateSession requests" };

function uploadRules(config: BucketPolicyConfig, sseCBlockedElsewhere: boolean): UploadRules {
    return { requireEncryptionHeaders: config.requireEncryptionHeaders, allowDsse: config.allowDsse, sseCBlockedElsewhere };
}

function dialectOf(bucket: Bucket): PolicyDialect {
    return bucket.kind.policyDialect ?? "s3";
}

/** SSE-C refused by every default-encryption rule of the bucket (`blockedEncryptionTypes`). */
function sseCBlocked(bucket: Bucket): boolean {
    const rules = bucket.encryption.flatMap((s) => s.rules);
    return rules.length > 0 && rules.every((r) => Array.isArray(r.blockedEncryptionTypes) && r.blockedEncryptionTypes.includes("SSE-C"));
}

/**
 * What a value unknown inside the document can be. Computed from exactly one KMS key, the
 * bucket's, an unknown key id can only name that key; computed from the bucket, an unknown
 * Resource can only be the bucket's ARN (S3 refuses policies naming other buckets).
 */
function keyFacts(policy: PolicySource, key: KeyRef | undefined, model: StackModel): KeyFacts {
    const keysUsed = policy.deps.filter((d) => model.keys.isStackKey(d));
    const unknownIsCmk = key?.kind === "stack" && key.urns.length === 1 && keysUsed.length === 1 && keysUsed[0] === key.urns[0];
    return { cmkArn: key ? keyArn(key) : undefined, unknownIsCmk };
}

/**
 * A document wholly unknown in preview (one string computed from ARNs not yet known) can still
 * pass here with evidence: it is computed from the bucket's own stack key, or its component
 * declares statements that deny every wrong upload. Per-resource analysis judges the known
 * document before the update applies it, and this stack check judges it again after.
 */
function unknownDocumentFinding(policy: PolicySource, key: KeyRef, declaredPasses: boolean): string | undefined {
    if (declaredPasses || (key.kind === "stack" && key.urns.some((u) => policy.deps.includes(u)))) {
        return undefined;
    }
    // An output-form invoke (aws.iam.getPolicyDocumentOutput) with an unknown argument returns an
    // unknown result with no dependencies at all (@pulumi/pulumi runtime/invoke.ts, invokeAsync):
    // the one case where telling the user how to keep the evidence is the whole fix.
    const noDeps = policy.deps.length === 0
        ? ". It depends on no resource at all, which is what aws.iam.getPolicyDocumentOutput returns in a preview when an argument is "
            + "unknown: build the document with pulumi.jsonStringify, or call aws.iam.getPolicyDocument inside pulumi.all([...]).apply(...), "
            + "so that the preview can see it is computed from the bucket's key"
        : "";
    return `${policy.what} is unknown until apply, and nothing known shows it narrows uploads to the bucket's key `
        + `(it is not computed from the bucket's stack key, and no EncryptedBucket declares its statements)${noDeps}`;
}

/** The writes a document's statements let through, unknown values read as what they were computed from. */
function gapsOf(statements: ValueObject[], policy: PolicySource, bucket: Bucket, key: KeyRef | undefined, model: StackModel, config: BucketPolicyConfig): UploadGaps {
    const unknownResourceIsBucket = policy.deps.includes(bucket.resource.urn);
    const keys = keyFacts(policy, key, model);
    if (dialectOf(bucket) === "s3express") {
        return undeniedSessions(statements, { arn: bucket.arns[0], name: bucket.name, unknownResourceIsBucket }, keys, config.requireEncryptionHeaders);
    }
    const target = { objectArnPrefixes: bucket.arns.map((a) => `${a}/`), unknownResourceIsBucket };
    return undeniedUploads(statements, target, keys, uploadRules(config, sseCBlocked(bucket)));
}

export function bucketPolicyFindings(bucket: Bucket, model: StackModel, config: BucketPolicyConfig): string[] {
    if (bucket.policies.length === 0) {
        return ["it has no bucket policy"];
    }
    const key = bucketKey(bucket);
    const noKey = key ? [] : ["it has no provable customer-managed key to narrow uploads to (see s3-bucket-encrypted-with-cmk)"];
    return bucket.policies.flatMap((policy): string[] => {
        const doc = readDocument(policy.document);
        switch (doc.kind) {
            case "absent":
                return [`${policy.what} is empty`];
            case "invalid":
                return [`${policy.what} is unreadable: ${doc.why}`];
            case "unknown": {
                if (!key) {
                    return noKey;
                }
                const declared = readDocument(policy.declared);
                const declaredGaps = declared.kind === "statements" ? gapsOf(declared.statements, policy, bucket, key, model, config) : undefined;
                if (declaredGaps && declaredGaps.uploads.length > 0) {
                    return [`${policy.what} is unknown until apply, and the document its component declares does not deny ${WRITES[dialectOf(bucket)]} ${declaredGaps.uploads.join("; ")} (narrowing to the bucket's key ${describeKey(key)})${describeUndocumented(declaredGaps)}`];
                }
                const finding = unknownDocumentFinding(policy, key, declared.kind === "statements");
                return finding ? [finding] : [];
            }
            case "statements": {
                const gaps = gapsOf(doc.statements, policy, bucket, key, model, config);
                const withKey = key ? `the bucket's key ${describeKey(key)}` : "a key";
                return gaps.uploads.length === 0 ? [] : [...noKey, `${policy.what} does not deny ${WRITES[dialectOf(bucket)]} ${gaps.uploads.join("; ")} (narrowing to ${withKey})${describeUndocumented(gaps)}`];
            }
        }
    });
}

/**
 * Before the update applies a bucket policy, its document and bucket are known: judge it alone,
 * taking as the bucket's key the one key ARN it narrows uploads to (the stack check confirms
 * afterwards that this is the bucket's key). SSE-C is left to the stack check, which can see
 * whether the encryption configuration blocks it.
 */
export function standaloneFindings(doc: Document, bucketRef: string, config: BucketPolicyConfig, dialect: PolicyDialect = "s3"): string | undefined {
    if (doc.kind !== "statements") {
        return doc.kind === "invalid" ? `it is unreadable: ${doc.why}` : undefined;
    }
    if (dialect === "s3express") {
        const bucket = bucketRef.startsWith("arn:") ? { arn: bucketRef } : { name: bucketRef };
        const gaps = undeniedSessions(doc.statements, { ...bucket, unknownResourceIsBucket: false }, { unknownIsCmk: false }, config.requireEncryptionHeaders);
        return gaps.uploads.length === 0 ? undefined : `it does not deny ${WRITES.s3express} ${gaps.uploads.join("; ")}${describeUndocumented(gaps)}`;
    }
    const target = { objectArnPrefixes: arnsOfReference(bucketRef).map((a) => `${a}/`), unknownResourceIsBucket: false };
    // Narrowing to anything but a key ARN (an alias, a key id) refuses the CMK's own uploads or
    // lets others through; which key ARN is the bucket's is known only to the stack check.
    const candidates: (string | undefined)[] = namedKeyArns(doc.statements).filter(isKeyArn);
    const gapsPerKey = (candidates.length > 0 ? candidates : [undefined]).map((cmkArn) =>
        undeniedUploads(doc.statements, target, { cmkArn, unknownIsCmk: false }, uploadRules(config, true)));
    const fewest = gapsPerKey.reduce((a, b) => (b.uploads.length < a.uploads.length ? b : a));
    return fewest.uploads.length === 0 ? undefined : `it does not deny ${WRITES.s3} ${fewest.uploads.join("; ")}${describeUndocumented(fewest)}`;
}

function arnsOfReference(ref: string): string[] {
    return ref.startsWith("arn:") ? [ref] : arnsForName(ref);
}

export const s3BucketPolicyEnforcesCmk: ResourceValidationPolicy & StackValidationPolicy = {
    name: NAME,
    description: "S3 bucket policies must deny every upload not encrypted with the bucket's customer-managed KMS key.",
    enforcementLevel: "mandatory",
    configSchema: BUCKET_POLICY_SCHEMA,
    validateResource: (args, reportViolation) => {
        const inlinePolicy = BUCKET_KINDS.get(args.type)?.inlinePolicy;
        if (!BUCKET_POLICY_TYPES.has(args.type) && inlinePolicy === undefined) {
            return;
        }
        const r = readAnalyzedResource(args);
        const policy = BUCKET_POLICY_TYPES.has(r.type) ? readBucketPolicy(r) : readInlinePolicy(r, inlinePolicy);
        const bucketRef = nonEmptyString(r.props.bucket);
        // Unknowns mean preview: the stack check, which sees what everything is computed from, decides then.
        if (!policy || !bucketRef || containsUnknown(policy.document)) {
            return;
        }
        const dialect = BUCKET_POLICY_KINDS.get(r.type)?.dialect ?? dialectOfBucketName(bucketRef);
        const finding = standaloneFindings(readDocument(policy.document), bucketRef, readBucketPolicyConfig(NAME, args.getConfig()), dialect);
        if (finding) {
            const kind = dialect === "s3express" ? "directory bucket" : "bucket";
            reportViolation(`${policy.what} for ${kind} "${bucketRef}": ${finding}. ${EXPECTED[dialect]}`, args.urn);
        }
    },
    validateStack: (args, reportViolation) => {
        const config = readBucketPolicyConfig(NAME, args.getConfig());
        const model = StackModel.of(args.resources);
        for (const { urn, message } of unlinkedFindings(model, "policy")) {
            reportViolation(message, urn);
        }
        for (const bucket of model.buckets.filter(holdsObjects)) {
            const findings = bucketPolicyFindings(bucket, model, config);
            if (findings.length > 0) {
                reportViolation(`${bucket.label}: ${findings.join("; ")}. ${EXPECTED[dialectOf(bucket)]}`, bucket.resource.urn);
            }
        }
    },
};
