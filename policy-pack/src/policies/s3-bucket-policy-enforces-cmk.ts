import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unlinkedFindings } from "../checks/unlinked";
import { bucketKey } from "../checks/bucket-key";
import { keyFactsOf, unknownResourceIsBucket, uploadTarget } from "../checks/policy-context";
import { acceptedLogDestination, headerlessOnlyFromLogService, headerlessOnlyFromSomeLogService, onlyLogServiceWrites } from "../checks/log-destinations";
import { BUCKET_POLICY_SCHEMA, BucketPolicyConfig, readBucketPolicyConfig } from "../config";
import { Expected, Facts, Finding, JudgedKey, SseC, Subject, finding } from "../findings/finding";
import { policyMetadata } from "../findings/metadata";
import { reportFindings } from "../findings/wording";
import { ValueObject, containsUnknown, nonEmptyString } from "../known";
import { Document, readDocument } from "../iam/document";
import { UploadGaps, WriteRequest } from "../iam/requests";
import { UploadRules, namedKeyArns, undeniedUploads, uploadsToDeny } from "../iam/uploads";
import { sessionsToDeny, undeniedSessions } from "../iam/sessions";
import { PolicyDialect, STORAGE_KINDS, dialectOfBucketName } from "../model/bucket-kinds";
import { KeyRef, isKeyArn } from "../model/keys";
import { BUCKET_POLICY_KINDS, PolicyRef, PolicySource, readBucketPolicy, readInlinePolicy } from "../model/policies";
import { readAnalyzedResource } from "../model/resource";
import { StackModel, Storage, arnsForName, holdsObjects } from "../model/stack";

const NAME = "s3-bucket-policy-enforces-cmk";

function uploadRules(config: BucketPolicyConfig, sseCBlockedElsewhere: boolean): UploadRules {
    return { requireEncryptionHeaders: config.requireEncryptionHeaders, allowDsse: config.allowDsse, sseCBlockedElsewhere };
}

function dialectOf(bucket: Storage): PolicyDialect {
    return bucket.kind.policyDialect ?? "s3";
}

/** SSE-C refused by every default-encryption rule of the bucket (`blockedEncryptionTypes`). */
function sseCBlocked(bucket: Storage): boolean {
    const rules = bucket.encryption.flatMap((s) => s.rules);
    return rules.length > 0 && rules.every((r) => Array.isArray(r.blockedEncryptionTypes) && r.blockedEncryptionTypes.includes("SSE-C"));
}

/**
 * What a bucket policy must deny, in `dialect`, from the same list its check judges against: the
 * findings say what is expected from exactly what was checked. `sseC` says how SSE-C was treated.
 */
function expectedDenials(dialect: PolicyDialect, config: BucketPolicyConfig, sseC: SseC): Expected {
    const requests = dialect === "s3express"
        ? sessionsToDeny(config.requireEncryptionHeaders)
        : uploadsToDeny(uploadRules(config, sseC !== "denied-by-policy"));
    return { kind: "bucket-policy-denies", dialect, requests, sseC };
}

/**
 * A document wholly unknown in preview (one string computed from ARNs not yet known) can still
 * pass here with evidence: it is computed from the bucket's own stack key, or its component
 * declares statements that deny every wrong upload. Per-resource analysis judges the known
 * document before the update applies it, and this stack check judges it again after.
 */
function unknownDocumentFacts(policy: PolicySource, key: KeyRef, declaredPasses: boolean): Facts | undefined {
    if (declaredPasses || (key.kind === "stack" && key.urns.some((u) => policy.deps.includes(u)))) {
        return undefined;
    }
    // An output-form invoke (aws.iam.getPolicyDocumentOutput) with an unknown argument returns an
    // unknown result with no dependencies at all (@pulumi/pulumi runtime/invoke.ts, invokeAsync):
    // the one case where telling the user how to keep the evidence is the whole fix.
    return { code: "EB-BPL-007", policy: policy.where, noDependencies: policy.deps.length === 0 };
}

/** An upload sending no encryption header at all: it takes the bucket's default encryption. */
function headerless(u: WriteRequest): boolean {
    return u.algorithm === undefined && u.key === "absent" && !u.customerKey;
}

/**
 * Header-less uploads let through only to a log service delivering into its customer-managed-key
 * destination (see checks/log-destinations.ts) land under the bucket's key: not a gap.
 */
function withoutLogDeliveries(gaps: UploadGaps, exempt: () => boolean): UploadGaps {
    if (!gaps.undenied.some(headerless) || !exempt()) {
        return gaps;
    }
    const undenied = gaps.undenied.filter((u) => !headerless(u));
    return { undenied, undocumented: undenied.length > 0 ? gaps.undocumented : [] };
}

/** The writes a document's statements let through, unknown values read as what they were computed from. */
function gapsOf(statements: ValueObject[], policy: PolicySource, bucket: Storage, key: KeyRef | undefined, model: StackModel, config: BucketPolicyConfig): UploadGaps {
    const keys = keyFactsOf(policy, key, model);
    if (dialectOf(bucket) === "s3express") {
        return undeniedSessions(statements, { arn: bucket.arns[0], name: bucket.name, unknownResourceIsBucket: unknownResourceIsBucket(policy, bucket) }, keys, config.requireEncryptionHeaders);
    }
    const gaps = undeniedUploads(statements, uploadTarget(policy, bucket), keys, uploadRules(config, sseCBlocked(bucket)));
    return withoutLogDeliveries(gaps, () => headerlessOnlyFromLogService(statements, bucket, model));
}

/** What is wrong with the bucket's policies, one entry per finding. */
function bucketPolicyFacts(bucket: Storage, model: StackModel, config: BucketPolicyConfig): Facts[] {
    // Its policy is proven to refuse every write but the service's deliveries, which send no headers.
    if (acceptedLogDestination(bucket, model)) {
        return [];
    }
    if (bucket.policies.length === 0) {
        return [{ code: "EB-BPL-001" }];
    }
    const key = bucketKey(bucket);
    const noKey: Facts[] = key ? [] : [{ code: "EB-BPL-004" }];
    const dialect = dialectOf(bucket);
    const judgedKey: JudgedKey = key ? { kind: "bucket-key", key } : { kind: "none" };
    return bucket.policies.flatMap((policy): Facts[] => {
        const doc = readDocument(policy.document);
        switch (doc.kind) {
            case "absent":
                return [{ code: "EB-BPL-002", policy: policy.where }];
            case "invalid":
                return [{ code: "EB-BPL-003", policy: policy.where, why: doc.why }];
            case "unknown": {
                if (!key) {
                    return noKey;
                }
                const declared = readDocument(policy.declared);
                const declaredGaps = declared.kind === "statements" ? gapsOf(declared.statements, policy, bucket, key, model, config) : undefined;
                if (declaredGaps && declaredGaps.undenied.length > 0) {
                    return [{ code: "EB-BPL-006", policy: policy.where, dialect, undenied: declaredGaps.undenied, key: judgedKey, undocumented: declaredGaps.undocumented }];
                }
                const facts = unknownDocumentFacts(policy, key, declared.kind === "statements");
                return facts ? [facts] : [];
            }
            case "statements": {
                const gaps = gapsOf(doc.statements, policy, bucket, key, model, config);
                return gaps.undenied.length === 0
                    ? []
                    : [...noKey, { code: "EB-BPL-005", policy: policy.where, dialect, undenied: gaps.undenied, key: judgedKey, undocumented: gaps.undocumented }];
            }
        }
    });
}

function expectedFor(facts: Facts, bucket: Storage, config: BucketPolicyConfig): Expected {
    switch (facts.code) {
        case "EB-BPL-004": return { kind: "bucket-key-first" };
        case "EB-BPL-007": return { kind: "evidence-in-preview" };
        default: {
            const dialect = dialectOf(bucket);
            return expectedDenials(dialect, config, dialect === "s3" && sseCBlocked(bucket) ? "blocked-by-configuration" : "denied-by-policy");
        }
    }
}

/**
 * Before the update applies a bucket policy, its document and bucket are known: judge it alone,
 * taking as the bucket's key the one key ARN it narrows uploads to (the stack check confirms
 * afterwards that this is the bucket's key). SSE-C is left to the stack check, which can see
 * whether the encryption configuration blocks it.
 */
function standaloneFacts(doc: Document, bucketRef: string, config: BucketPolicyConfig, dialect: PolicyDialect = "s3", policy?: PolicyRef): Facts | undefined {
    if (doc.kind !== "statements") {
        return doc.kind === "invalid" ? { code: "EB-BPL-003", policy, why: doc.why } : undefined;
    }
    const named: JudgedKey = { kind: "named-in-policy" };
    if (dialect === "s3express") {
        const bucket = bucketRef.startsWith("arn:") ? { arn: bucketRef } : { name: bucketRef };
        const gaps = undeniedSessions(doc.statements, { ...bucket, unknownResourceIsBucket: false }, { unknownIsCmk: false }, config.requireEncryptionHeaders);
        return gaps.undenied.length === 0 ? undefined : { code: "EB-BPL-005", policy, dialect, undenied: gaps.undenied, key: named, undocumented: gaps.undocumented };
    }
    const target = { objectArnPrefixes: arnsOfReference(bucketRef).map((a) => `${a}/`), unknownResourceIsBucket: false };
    if (onlyLogServiceWrites(doc.statements, target.objectArnPrefixes)) {
        return undefined;
    }
    // Narrowing to anything but a key ARN (an alias, a key id) refuses the CMK's own uploads or
    // lets others through; which key ARN is the bucket's is known only to the stack check.
    const candidates: (string | undefined)[] = namedKeyArns(doc.statements).filter(isKeyArn);
    const gapsPerKey = (candidates.length > 0 ? candidates : [undefined]).map((cmkArn) => withoutLogDeliveries(
        undeniedUploads(doc.statements, target, { cmkArn, unknownIsCmk: false }, uploadRules(config, true)),
        () => headerlessOnlyFromSomeLogService(doc.statements, target.objectArnPrefixes)));
    const fewest = gapsPerKey.reduce((a, b) => (b.undenied.length < a.undenied.length ? b : a));
    return fewest.undenied.length === 0 ? undefined : { code: "EB-BPL-005", policy, dialect, undenied: fewest.undenied, key: named, undocumented: fewest.undocumented };
}

function arnsOfReference(ref: string): string[] {
    return ref.startsWith("arn:") ? [ref] : arnsForName(ref);
}

export const s3BucketPolicyEnforcesCmk: ResourceValidationPolicy & StackValidationPolicy = {
    name: NAME,
    description: "S3 bucket policies must deny every upload not encrypted with the bucket's customer-managed KMS key.",
    enforcementLevel: "mandatory",
    configSchema: BUCKET_POLICY_SCHEMA,
    ...policyMetadata(NAME),
    validateResource: (args, reportViolation) => {
        const storageKind = STORAGE_KINDS.get(args.type);
        const inlinePolicy = storageKind?.inlinePolicy;
        const policyKind = BUCKET_POLICY_KINDS.get(args.type);
        if (!policyKind && inlinePolicy === undefined) {
            return;
        }
        const r = readAnalyzedResource(args);
        const policy = policyKind ? readBucketPolicy(r) : readInlinePolicy(r, inlinePolicy);
        const bucketRef = nonEmptyString(r.props.bucket);
        // Unknowns mean preview: the stack check, which sees what everything is computed from, decides then.
        if (!policy || !bucketRef || containsUnknown(policy.document)) {
            return;
        }
        const dialect = policyKind?.dialect ?? dialectOfBucketName(bucketRef);
        const config = readBucketPolicyConfig(NAME, args.getConfig());
        // An inline policy is named within its bucket, the subject; a policy resource is the subject itself.
        const facts = standaloneFacts(readDocument(policy.document), bucketRef, config, dialect, policyKind ? undefined : policy.where);
        if (facts) {
            const bucketLabel = dialect === "s3express" ? "directory bucket" : "bucket";
            const subject: Subject = policyKind
                ? { label: "bucket policy", resource: r.name, for: { label: bucketLabel, ref: bucketRef } }
                : { label: storageKind!.label, name: bucketRef, resource: r.name };
            reportFindings([finding(NAME, args.urn, subject, facts, expectedDenials(dialect, config, "judged-with-stack"))], reportViolation);
        }
    },
    validateStack: (args, reportViolation) => {
        const config = readBucketPolicyConfig(NAME, args.getConfig());
        const model = StackModel.of(args.resources);
        const findings: Finding[] = [...unlinkedFindings(NAME, model, "policy")];
        for (const bucket of model.storage.filter(holdsObjects)) {
            const r = bucket.resource;
            const subject: Subject = { label: bucket.kind.label, name: bucket.name, resource: r.name };
            findings.push(...bucketPolicyFacts(bucket, model, config).map((facts) => finding(NAME, r.urn, subject, facts, expectedFor(facts, bucket, config))));
        }
        reportFindings(findings, reportViolation);
    },
};
