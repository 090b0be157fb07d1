/**
 * The one place findings become words, for every surface that shows them (the CrossGuard
 * diagnostic, the offline preview's report, the synthesized JSON).
 *
 * Contract: a diagnostic message is `<code>: <subject>: <facts>. <expected> See <url>`; it starts
 * with its finding code and ": ", which consumers take with `CODE_PREFIX` (codes.ts).
 */
import { ReportViolation } from "@pulumi/policy";
import { WriteRequest } from "../iam/requests";
import { PolicyDialect } from "../model/bucket-kinds";
import { SourceRef } from "../model/encryption";
import { AliasTarget, KeyRef, Unresolved } from "../model/keys";
import { Unusable } from "../model/key-kinds";
import { PolicyRef } from "../model/policies";
import { PolicyException } from "../exceptions/exception";
import { KEY_KINDS_DOC, REPOSITORY_URL } from "./codes";
import { Expected, Facts, Finding, JudgedKey, MalformedParts, SseC, Subject } from "./finding";

const SSE_S3 = "S3 applies SSE-S3 (AES256)";
const TABLES_REPLICATION_DOC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-replication-setting-up.html";

const EXCEPTIONS_DOC = `${REPOSITORY_URL}/blob/main/docs/exceptions.md`;

/** The whole diagnostic message of a finding; with `cover`, the exception that makes it advisory, before the URL. */
export function message(f: Finding, cover?: PolicyException): string {
    return `${f.code}: ${subjectWords(f.subject)}: ${factWords(f.facts, f.subject)}. ${expectedWords(f.expected)} ${cover ? `${coverWords(cover)} ` : ""}See ${f.url}`;
}

function coverWords(e: PolicyException): string {
    return `Reported as advisory: covered by the exception ${e.where}, approved by ${e.approvedBy}, until ${e.expires} (UTC), because: ${e.reason.trim()}.`;
}

function malformedWords(p: MalformedParts): string {
    return [
        ...(p.missing.length > 0 ? [`it lacks ${p.missing.join(", ")}`] : []),
        ...(p.invalid.length > 0 ? [`the pack cannot read its ${p.invalid.join(", ")}`] : []),
        ...(p.unknown.length > 0 ? [`it has fields the pack does not know (${p.unknown.join(", ")}), which could have been meant to narrow it`] : []),
    ].join("; ");
}

function subjectWords(s: Subject): string {
    const named = s.name !== undefined ? `${s.label} "${s.name}" (${s.resource})` : `${s.label} ${s.resource}`;
    const target = s.for ? ` for ${s.for.label} "${s.for.ref}"` : "";
    const configures = s.configures === undefined
        ? ""
        : s.configures.sharedBy.length === 0
            ? `, for the bucket "${s.configures.bucket}", which this stack does not declare`
            : `, for "${s.configures.bucket}", a name several buckets of this stack share (${s.configures.sharedBy.join(", ")}), so it is judged on its own`;
    return `${named}${target}${configures}`;
}

/** Where an encryption setting is, from the subject's point of view. */
function whereWords(where: SourceRef | undefined, subject: Subject): string {
    if (where === undefined || (where.kind === "configuration" && subject.label === "encryption configuration" && subject.resource === where.name)) {
        return "it";
    }
    return where.kind === "configuration" ? `encryption configuration ${where.name}` : `its ${where.path}`;
}

/** "X uses" for a declared setting, "it asks for" for an object's request. */
function uses(where: SourceRef | undefined, subject: Subject): string {
    return where === undefined ? "it asks for" : `${whereWords(where, subject)} uses`;
}

function policyWords(p: PolicyRef | undefined): string {
    return p === undefined ? "it" : p.kind === "resource" ? `bucket policy ${p.name}` : `its inline ${p.property}`;
}

function unusableWords(u: Unusable): string {
    const wrong = [...(u.spec !== undefined ? [`key spec ${u.spec}`] : []), ...(u.usage !== undefined ? [`key usage ${u.usage}`] : [])].join(", ");
    const own = `it is not a symmetric encryption key, the only kind S3 supports (${wrong})`;
    return u.primary !== undefined ? `its primary key is ${u.primary}: ${own}` : own;
}

function unresolvedWords(u: Unresolved): string {
    switch (u.kind) {
        case "not-a-string": return "it is not a string";
        case "not-a-key-arn": return "it is neither a full key ARN nor a key or alias declared in this stack";
        case "no-dependencies": return "it depends on no resource of this stack";
        case "computed-from": return `it is computed from ${u.urn}, which is not a KMS key of this stack`;
    }
}

function aliasTargetWords(t: AliasTarget): string {
    switch (t.kind) {
        case "undeclared": return "a key this stack does not declare";
        case "cycle": return "a key its aliases' cycle never names";
        default: return keyWords(t);
    }
}

function keyWords(k: KeyRef): string {
    switch (k.kind) {
        case "none": return "no key id (S3 then uses the AWS-managed aws/s3 key)";
        case "aws-managed": return `the AWS-managed key ${k.shown}`;
        case "stack": return k.urns.length === 1 ? `the stack's ${k.label} ${k.arn ?? k.urns[0]}` : `one of the stack's keys (${k.label}) ${k.urns.join(", ")}`;
        case "not-for-s3": return `${k.shown} (the stack's ${k.label} ${k.resource}), which S3 cannot use: ${unusableWords(k.why)}`;
        case "alias": return `${k.shown}${k.via !== undefined ? `, computed from the alias ${k.via}` : ""}, an alias (now of ${aliasTargetWords(k.target)}): `
            + "KMS resolves an alias at each request, in the requester's account, and it can be re-pointed outside this stack; name the key by its ARN";
        case "external": return k.arn;
        case "unresolved": return `${k.shown}, which cannot be tied to a customer-managed key: ${unresolvedWords(k.why)}`;
    }
}

/** One write request, completing "does not deny uploads ..." (or "... CreateSession requests ..."). */
function requestWords(r: WriteRequest, dialect: PolicyDialect): string {
    const verb = dialect === "s3express" ? "ask for" : "name";
    if (r.customerKey) {
        return "with a customer-provided key (SSE-C)";
    }
    if (r.algorithm === undefined) {
        return "that send no encryption header";
    }
    if (r.algorithm === "AES256") {
        return `that ${verb} SSE-S3 (AES256)`;
    }
    switch (r.key) {
        case "absent": return `that ${verb} ${r.algorithm} without a key id (they are encrypted under the AWS-managed aws/s3 key)`;
        case "other-key": return `that ${verb} ${r.algorithm} with a key other than the bucket's`;
        case "cmk": return `that ${verb} ${r.algorithm}, which is not allowed`;
    }
}

/** The encryption headers one upload sends. */
function sentWords(r: WriteRequest): string {
    if (r.algorithm === undefined) {
        return "no encryption header (it has neither serverSideEncryption nor kmsKeyId)";
    }
    return `x-amz-server-side-encryption ${r.algorithm}${r.key === "cmk" ? " with the bucket's key id" : " without a key id"}`;
}

/** What a bucket policy must deny, in each dialect: completes "does not deny ...". */
const WRITES: Record<PolicyDialect, string> = { s3: "uploads", s3express: "CreateSession requests" };

function requestsWords(requests: WriteRequest[], dialect: PolicyDialect): string {
    return `${WRITES[dialect]} ${requests.map((r) => requestWords(r, dialect)).join("; ")}`;
}

function judgedKeyWords(k: JudgedKey): string {
    switch (k.kind) {
        case "bucket-key": return ` (narrowing to the bucket's key ${keyWords(k.key)})`;
        case "none": return " (narrowing to a key)";
        case "named-in-policy": return "";
    }
}

function undocumentedWords(undocumented: string[]): string {
    return undocumented.length === 0 ? "" : ` (conditions not relied upon, since AWS does not document what they do: ${undocumented.join("; ")})`;
}

function factWords(f: Facts, subject: Subject): string {
    switch (f.code) {
        case "EB-ENC-001":
            return `it declares no default encryption, so ${f.undeclared === "sse-s3" ? SSE_S3 : "its data is encrypted with a key AWS owns"}`;
        case "EB-ENC-002":
            return `it declares no default encryption, so it takes its ${f.container}'s, and nothing known ties it to a ${f.container} of this stack whose encryption could be checked`;
        case "EB-ENC-003":
            return f.part === undefined
                ? `${whereWords(f.where, subject)} is unknown until apply`
                : `the encryption of the ${f.part} of ${whereWords(f.where, subject)} is unknown until apply`;
        case "EB-ENC-004":
            return `${whereWords(f.where, subject)} has no rule with default encryption, so ${SSE_S3}`;
        case "EB-ENC-005":
            return `the rules of ${whereWords(f.where, subject)} are not a list`;
        case "EB-ENC-006":
            return `the ${f.part} of ${whereWords(f.where, subject)} declares no encryption, so ${f.consequence === "sse-s3" ? SSE_S3 : "nothing known says which key protects it"}`;
        case "EB-ENC-007":
            return `its encryption rules name different keys (${f.keys.map(keyWords).join("; ")})`;
        case "EB-ENC-008":
            return "S3 on Outposts buckets take no default-encryption setting this stack could declare, and AWS documents "
                + "SSE-S3 (and per-request SSE-C) for them, not SSE-KMS, so no customer-managed key can protect their objects";
        case "EB-ENC-009":
            return f.source === undefined
                ? `its source is unknown until apply and not computed only from ${f.label}s of this stack`
                : `its source ${f.source} is not a ${f.label} this stack declares`;
        case "EB-ENC-010":
            return f.destination === undefined
                ? `it replicates tables into a destination unknown until apply and not computed only from ${f.label}s of this stack`
                : `it replicates tables into ${f.destination}, which is not a ${f.label} this stack declares`;
        case "EB-SSE-001":
            return `${uses(f.where, subject)} SSE-S3 (AES256), encrypted with a key AWS owns`;
        case "EB-SSE-002":
            return `${whereWords(f.where, subject)} names no encryption algorithm, so it sets no SSE-KMS encryption`;
        case "EB-SSE-003":
            return `${uses(f.where, subject)} the encryption algorithm ${f.algorithm}, which is not SSE-KMS`;
        case "EB-SSE-004":
            return `${uses(f.where, subject)} an encryption algorithm unknown until apply, which nothing known proves is SSE-KMS`;
        case "EB-SSE-005":
            return `${uses(f.where, subject)} dual-layer SSE-KMS (aws:kms:dsse), which ${f.because === "config" ? "allowDsse turns off" : "this kind of storage does not have"}`;
        case "EB-SSE-006":
            return `it asks for a customer-provided key (SSE-C, ${f.algorithm}), which no KMS key protects`;
        case "EB-SSE-007":
            return "its customer-provided key algorithm (SSE-C) is unknown until apply, and nothing known proves it asks for none";
        case "EB-KEY-001":
            return `${uses(f.where, subject)} ${f.algorithm ?? "SSE-KMS"} without a key id, so S3 encrypts under the AWS-managed aws/s3 key`;
        case "EB-KEY-006":
            return `${uses(f.where, subject)} ${keyWords(f.key)}, but allowStackKeys is false and it matches no allowedKeyArns pattern`;
        case "EB-KEY-007":
            return `${uses(f.where, subject)} the key ${keyWords(f.key)}, which matches no allowedKeyArns pattern`;
        case "EB-KEY-002":
        case "EB-KEY-003":
        case "EB-KEY-004":
        case "EB-KEY-005":
            return `${uses(f.where, subject)} ${keyWords(f.key)}`;
        case "EB-OBJ-001":
            return `it asks for the key ${keyWords(f.key)} instead of its bucket's key ${keyWords(f.bucketKey)}`;
        case "EB-OBJ-002":
            return `the provider's write of it sends ${sentWords(f.sent)}, and ${f.refusedBy.map((r) => `${policyWords(r.policy)} of its ${subjectWords(f.bucket)} denies that to every principal `
                + `(${r.statements.join(", ")})`).join("; ")}: the engine's write is refused and the deployment fails at this object`;
        case "EB-BPL-001":
            return "it has no bucket policy";
        case "EB-BPL-002":
            return `${policyWords(f.policy)} is empty`;
        case "EB-BPL-003":
            return `${policyWords(f.policy)} is unreadable: ${f.why}`;
        case "EB-BPL-004":
            return "it has no provable customer-managed key to narrow uploads to (see its s3-bucket-encrypted-with-cmk findings)";
        case "EB-BPL-005":
            return `${policyWords(f.policy)} does not deny ${requestsWords(f.undenied, f.dialect)}${judgedKeyWords(f.key)}${undocumentedWords(f.undocumented)}`;
        case "EB-BPL-006":
            return `${policyWords(f.policy)} is unknown until apply, and the document its component declares does not deny ${requestsWords(f.undenied, f.dialect)}`
                + `${judgedKeyWords(f.key)}${undocumentedWords(f.undocumented)}`;
        case "EB-BPL-007":
            return `${policyWords(f.policy)} is unknown until apply, and nothing known shows it narrows uploads to the bucket's key `
                + "(it is not computed from the bucket's stack key, and no EncryptedBucket declares its statements)"
                + (f.noDependencies
                    ? ". It depends on no resource at all, which is what aws.iam.getPolicyDocumentOutput returns in a preview when an argument is "
                        + "unknown: build the document with pulumi.jsonStringify, or call aws.iam.getPolicyDocument inside pulumi.all([...]).apply(...), "
                        + "so that the preview can see it is computed from the bucket's key"
                    : "");
        case "EB-LNK-001":
            return "its bucket is unknown until apply and is computed from no single bucket of the stack, so nothing known says which bucket it applies to";
        case "EB-ROT-001":
            return `${f.property} is ${f.value === undefined ? "not set (KMS then never rotates the key)" : f.value}`;
        case "EB-ROT-002":
            return `${f.property} is unknown until apply, and nothing known proves it is on`;
        case "EB-KPL-001":
            return `${f.property} is ${f.value}: KMS then accepts a policy that locks everyone out of the key`;
        case "EB-KPL-002":
            return `${f.property} is unknown until apply`;
        case "EB-KPL-003":
            return "its key policy is unknown until apply, and nothing known proves it grants no one-size-fits-all access";
        case "EB-KPL-004":
            return `its key policy is unreadable: ${f.why}`;
        case "EB-KPL-005":
            return `${f.statement} allows everyone but the principals it names (NotPrincipal)`;
        case "EB-KPL-006":
            return `${f.statement} allows a principal unknown until apply`;
        case "EB-KPL-007":
            return `${f.statement} allows any principal ("*") with no condition`;
        case "EB-DEL-001":
            return `its default encryption uses the stack's KMS key ${f.keys.join(", ")}, but the bucket does not depend on it and the key is not protected. `
                + "On pulumi destroy, or when both leave the program, the engine may schedule the key for deletion in parallel with a bucket delete "
                + "that fails because objects remain, and those objects become unreadable";
        case "EB-EXC-001":
            return `it expired on ${f.expires} (today is ${f.today}, UTC), so it no longer applies and the findings it covered are enforced again`;
        case "EB-EXC-002":
            return `${malformedWords(f.parts)}, so it does not apply`;
        case "EB-EXC-003":
            return `its urn has a wildcard in its ${f.wildcardIn.join(", ")}, so it would cover resources nobody named; it does not apply`;
        case "EB-EXC-004":
            return `it names ${f.codes.join(", ")}, which this policy never reports, so it does not apply, not even for its other codes`;
        case "EB-LOG-001":
            return `it delivers ${f.service} into ${f.destination}, whose default encryption is ${f.algorithm}, but AWS documents SSE-S3 as the only encryption ${f.service} supports: the logs would never arrive`;
        case "EB-LOG-002":
            return `it delivers ${f.service} into ${f.destination}, whose bucket policy lets ${f.principal} put no log object: the logs would never arrive`;
        case "EB-LOG-003":
            return `it delivers ${f.service} into ${f.destination}, whose bucket policy denies ${f.principal}'s deliveries (${f.statements.join(", ")}): the logs would never arrive`;
        case "EB-LOG-004":
            return `it delivers ${f.service} into ${f.destination}, whose key ${f.key} has a key policy that lets ${f.principal} use none of ${f.actions.join(", ")}: the logs would never arrive`;
        case "EB-LOG-005":
            return `it delivers ${f.service} into ${f.destination}, but its kmsKeyId is not the destination's customer-managed key, so its log files would not be encrypted with the key the destination requires`;
        case "EB-LOG-007":
            return `it delivers ${f.service} into ${f.destination}, whose ACLs are disabled (${f.ownership === "declared" ? "Object Ownership BucketOwnerEnforced" : "no Object Ownership declared: BucketOwnerEnforced, S3's default for new buckets"}), but the service writes through an ACL grant: the logs would never arrive`;
    }
}

function sseCWords(sseC: SseC): string {
    switch (sseC) {
        case "denied-by-policy": return "";
        case "blocked-by-configuration": return " (uploads with a customer-provided key (SSE-C) need no deny: the bucket's encryption configuration blocks SSE-C)";
        case "judged-with-stack": return " (whether uploads with a customer-provided key (SSE-C) must be denied too is judged with the whole stack, "
            + "which shows whether the bucket's encryption configuration blocks SSE-C)";
    }
}

function expectedWords(e: Expected): string {
    switch (e.kind) {
        case "cmk-encryption": {
            const keys = [
                ...(e.stackKeys ? [`a symmetric customer-managed key declared in this stack, named by its key ARN or id (${KEY_KINDS_DOC})`] : []),
                ...(e.keyPatterns.length > 0 ? [`a key matching allowedKeyArns (${e.keyPatterns.join(", ")})`] : []),
            ];
            return `Expected SSE-KMS (${e.algorithms.join(" or ")}) with ${keys.length > 0 ? keys.join(" or ") : "a customer-managed key, but the policy's config allows none"}.`;
        }
        case "other-storage":
            return "Expected this data in a general-purpose or directory bucket encrypted with a customer-managed key, "
                + "or, if it must stay on the Outpost, this resource exempted from the policy deliberately.";
        case "replication-declared":
            return "Expected the source and every destination declared in this stack (with a provider for each account and Region): "
                + `S3 Tables replication takes no encryption setting, and AWS does not document which encryption a replica table gets (${TABLES_REPLICATION_DOC}), `
                + "so only a source and destinations this stack declares, each judged as its kind, show that the replicas end up under an allowed customer-managed key.";
        case "container-declared":
            return `Expected its ${e.container} declared in this stack and referenced from it, or its own encryption declared.`;
        case "object-follows-bucket":
            return "Expected no encryption override, or SSE-KMS with its bucket's customer-managed key.";
        case "accepted-upload":
            return e.args === undefined
                ? "Expected upload arguments its bucket policy accepts; none could be shown to (no one provable bucket key, or the policy refuses the bucket's own key too): fix the bucket first."
                : `Expected the arguments serverSideEncryption: "${e.args.serverSideEncryption}" and kmsKeyId: the ARN of ${keyWords(e.args.kmsKeyId)}; `
                    + "an EncryptedBucket exposes both (and bucket) as its uploadArgs output: { ...bucket.uploadArgs, key, source }.";
        case "bucket-policy-denies":
            return e.dialect === "s3express"
                ? `Expected explicit Deny statements, for every principal, on s3express:CreateSession for the directory bucket, that refuse ${requestsWords(e.requests, e.dialect)}; `
                    + "AWS documents one that does: deny sessions whose request names no KMS key (Null s3express:x-amz-server-side-encryption-aws-kms-key-id true)."
                : `Expected explicit Deny statements, for every principal, on s3:PutObject to every object of the bucket, that refuse ${requestsWords(e.requests, e.dialect)}${sseCWords(e.sseC)}.`;
        case "bucket-key-first":
            return "Expected one customer-managed key in the bucket's default encryption, named by its key ARN, for the bucket policy to narrow uploads to.";
        case "evidence-in-preview":
            return "Expected a document computed from the bucket's stack key, or its EncryptedBucket's declared statements denying every wrong upload; the update judges the real document.";
        case "one-bucket":
            return "Expected its bucket computed from exactly one bucket resource.";
        case "rotation-on":
            return `Expected ${e.property}: true.`;
        case "least-privilege":
            return "Expected principals named explicitly, or \"*\" only under a condition, and the lock-out safety check kept.";
        case "key-outlives-bucket":
            return "Expected the key in the bucket's dependsOn, or the key protected. A key kept with retainOnDelete is safe as well, but "
                + "policy packs are not told retainOnDelete, so this policy cannot see it.";
        case "exception-valid":
            return "Expected urn (a resource's URN, `*` only in its stack part), codes this policy reports, a reason, approvedBy and an expires date "
                + `(YYYY-MM-DD), and no other field (${EXCEPTIONS_DOC}).`;
        case "exception-renewed":
            return `Expected the finding fixed, or the exception renewed by its approver with a later expires date (${EXCEPTIONS_DOC}).`;
        case "log-deliveries-arrive":
            if (e.grantedBy === "bucket-acl") {
                return `Expected a destination with ACLs enabled (Object Ownership declared as ObjectWriter or BucketOwnerPreferred), which ${e.principal} `
                    + `writes into through the ACL grant, and a bucket policy that denies none of its deliveries (${e.pages.join(", ")}).`;
            }
            return `Expected a destination ${e.encryption === "sse-s3-only" ? "with SSE-S3 default encryption" : "encrypted with a customer-managed key that grants the service"} `
                + `whose bucket policy allows ${e.principal} to put the log objects and denies none of its deliveries (${e.pages.join(", ")}).`;
    }
}

/**
 * What `@pulumi/policy` 1.21 takes besides a string (server.js `makeReportViolationFun`): with a
 * string it sends the engine the policy's description, a newline, then the string, so the message
 * would start with the description; given this object it sends `message` as it is, and the
 * description in the diagnostic's own field. Its `.d.ts` declares only the string form.
 * `enforcementLevel`, when set, is this diagnostic's level instead of the policy's (the engine
 * blocks on each diagnostic's own level). `finding` is the finding itself, for the exceptions
 * wrapper (exceptions/apply.ts); `@pulumi/policy` copies only the fields it knows.
 */
export interface ViolationObject {
    message: string;
    urn: string;
    enforcementLevel?: "advisory";
    finding?: Finding;
}

/**
 * Reports each distinct finding once, worded, as a diagnostic whose message starts with its code,
 * at the policy's level unless `level` says otherwise. Several rules of one source can find the
 * same thing (two rules both SSE-S3): that is one finding.
 */
export function reportFindings(findings: readonly Finding[], reportViolation: ReportViolation, level?: "advisory"): void {
    const seen = new Set<string>();
    for (const f of findings) {
        const text = message(f);
        const id = `${f.urn}\u0000${text}`;
        if (!seen.has(id)) {
            seen.add(id);
            reportObject(reportViolation, { message: text, urn: f.urn, finding: f, ...(level ? { enforcementLevel: level } : {}) });
        }
    }
}

/** `reportViolation` called with the object form its type does not declare. */
export function reportObject(reportViolation: ReportViolation, violation: ViolationObject): void {
    (reportViolation as unknown as (v: ViolationObject) => void)(violation);
}
