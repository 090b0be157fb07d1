/**
 * Findings as data: what a policy found, about which resource, and what it expects instead. The
 * policies only compute findings; `wording.ts` is the one place that turns them into words.
 */
import { WriteRequest } from "../iam/requests";
import { CannotComply, PolicyDialect } from "../model/bucket-kinds";
import { SourceRef } from "../model/encryption";
import { KeyRef } from "../model/keys";
import { UploadArgs } from "../model/objects";
import { PolicyRef } from "../model/policies";
import { Code, codeUrl } from "./codes";

/** The resource a finding is about, as findings name it. */
export interface Subject {
    /** Its kind: "general-purpose bucket", "KMS key", "bucket policy", ... */
    label: string;
    /** Its own name (a bucket's name), where it has one besides the Pulumi resource name. */
    name?: string;
    /** Its Pulumi resource name (for an exception in the pack's config: where it sits there). */
    resource: string;
    /** For a bucket policy judged alone: the bucket its `bucket` names, and that bucket's kind. */
    for?: { label: string; ref: string };
    /**
     * For a split encryption configuration judged on its own: the bucket it names, which this stack
     * does not declare (`sharedBy` empty) or which several of its buckets share (their URNs).
     */
    configures?: { bucket: string; sharedBy: string[] };
}

/** Where an encryption setting is found, when it is not the subject itself (objects ask for theirs directly). */
export type Where = SourceRef | undefined;

/** How a bucket policy judgement treats SSE-C uploads. */
export type SseC =
    /** The policy must deny them: nothing else blocks them. */
    | "denied-by-policy"
    /** The bucket's encryption configuration blocks SSE-C (`blockedEncryptionTypes`). */
    | "blocked-by-configuration"
    /** Judged alone, before the stack is known: the stack check decides from the encryption configuration. */
    | "judged-with-stack";

/** What the policy expects instead. */
export type Expected =
    /** Encryption with SSE-KMS under an allowed customer-managed key, as the policy's config allows. */
    | { kind: "cmk-encryption"; algorithms: string[]; stackKeys: boolean; keyPatterns: string[] }
    | { kind: "other-storage"; why: CannotComply }
    | { kind: "replication-declared" }
    | { kind: "container-declared"; container: string }
    | { kind: "object-follows-bucket" }
    /** Upload arguments its bucket's policies let through; `args` undefined when none could be shown to. */
    | { kind: "accepted-upload"; args?: UploadArgs }
    /** Explicit denies of every request in `requests`, in `dialect`. */
    | { kind: "bucket-policy-denies"; dialect: PolicyDialect; requests: WriteRequest[]; sseC: SseC }
    | { kind: "bucket-key-first" }
    | { kind: "evidence-in-preview" }
    | { kind: "one-bucket" }
    | { kind: "rotation-on"; property: string }
    | { kind: "least-privilege" }
    | { kind: "key-outlives-bucket" }
    /** An exception that applies: a resource's URN, codes its policy reports, reason, approver, a date not yet passed. */
    | { kind: "exception-valid" }
    /** The finding fixed, or the exception renewed by its approver. */
    | { kind: "exception-renewed" }
    /** A destination that takes the service's deliveries, as AWS documents them. */
    | { kind: "log-deliveries-arrive"; principal: string; encryption: "sse-s3-only" | "cmk" | "not-documented"; grantedBy: "bucket-policy" | "bucket-acl"; pages: readonly string[] };

/** What in an exception cannot be read: fields missing, unreadable, or unknown to the pack. */
export interface MalformedParts {
    missing: string[];
    invalid: string[];
    unknown: string[];
}

/** The key a bucket policy is judged against: the bucket's, or (judged alone) the one key ARN it narrows to. */
export type JudgedKey = { kind: "bucket-key"; key: KeyRef } | { kind: "named-in-policy" } | { kind: "none" };

/** The facts of each code. */
export type Facts =
    | { code: "EB-ENC-001"; undeclared: "sse-s3" | "aws-owned-key" }
    | { code: "EB-ENC-002"; container: string }
    | { code: "EB-ENC-003"; where: Where; part?: string }
    | { code: "EB-ENC-004"; where: Where }
    | { code: "EB-ENC-005"; where: Where }
    | { code: "EB-ENC-006"; where: Where; part: string; consequence: "sse-s3" | "unknown-key" }
    | { code: "EB-ENC-007"; keys: KeyRef[] }
    | { code: "EB-ENC-008"; why: CannotComply }
    | { code: "EB-ENC-009"; source?: string; label: string }
    | { code: "EB-ENC-010"; destination?: string; label: string }
    | { code: "EB-SSE-001"; where: Where }
    | { code: "EB-SSE-002"; where: Where }
    | { code: "EB-SSE-003"; where: Where; algorithm: string }
    | { code: "EB-SSE-004"; where: Where }
    | { code: "EB-SSE-005"; where: Where; because: "config" | "kind" }
    | { code: "EB-SSE-006"; algorithm: string }
    | { code: "EB-SSE-007" }
    | { code: "EB-KEY-001"; where: Where; algorithm?: string }
    | { code: "EB-KEY-002" | "EB-KEY-003" | "EB-KEY-004" | "EB-KEY-005" | "EB-KEY-006" | "EB-KEY-007"; where: Where; key: KeyRef }
    | { code: "EB-OBJ-001"; key: KeyRef; bucketKey: KeyRef }
    | { code: "EB-OBJ-002"; bucket: Subject; sent: WriteRequest; refusedBy: Array<{ policy: PolicyRef; statements: string[] }> }
    | { code: "EB-BPL-001" }
    | { code: "EB-BPL-002"; policy: PolicyRef }
    | { code: "EB-BPL-003"; policy?: PolicyRef; why: string }
    | { code: "EB-BPL-004" }
    | { code: "EB-BPL-005" | "EB-BPL-006"; policy?: PolicyRef; dialect: PolicyDialect; undenied: WriteRequest[]; key: JudgedKey; undocumented: string[] }
    | { code: "EB-BPL-007"; policy: PolicyRef; noDependencies: boolean }
    | { code: "EB-LNK-001"; what: "encryption" | "policy" }
    | { code: "EB-ROT-001"; property: string; value?: string }
    | { code: "EB-ROT-002"; property: string }
    | { code: "EB-KPL-001"; property: string; value: string }
    | { code: "EB-KPL-002"; property: string }
    | { code: "EB-KPL-003" }
    | { code: "EB-KPL-004"; why: string }
    | { code: "EB-KPL-005" | "EB-KPL-006" | "EB-KPL-007"; statement: string }
    | { code: "EB-DEL-001"; keys: string[] }
    | { code: "EB-EXC-001"; expires: string; today: string }
    | { code: "EB-EXC-002"; parts: MalformedParts }
    | { code: "EB-EXC-003"; wildcardIn: string[] }
    | { code: "EB-EXC-004"; codes: string[] }
    | { code: "EB-LOG-001"; service: string; destination: string; algorithm: string }
    | { code: "EB-LOG-002"; service: string; principal: string; destination: string }
    | { code: "EB-LOG-003"; service: string; principal: string; destination: string; statements: string[] }
    | { code: "EB-LOG-004"; service: string; principal: string; destination: string; key: string; actions: string[] }
    | { code: "EB-LOG-005"; service: string; destination: string }
    | { code: "EB-LOG-007"; service: string; destination: string; ownership: "declared" | "default" };

export interface Finding {
    code: Code;
    /** The policy that found it. */
    policy: string;
    /** The URN of the resource it is about (the diagnostic's URN). */
    urn: string;
    subject: Subject;
    /** URNs of the other resources involved (the bucket of an object, the keys of a bucket, ...). */
    related: string[];
    facts: Facts;
    expected: Expected;
    /** Where the code is documented, outside this repository too. */
    url: string;
}

/** A finding of `policy` about `urn`; its code is its facts'. */
export function finding(policy: string, urn: string, subject: Subject, facts: Facts, expected: Expected, related: string[] = []): Finding {
    return { code: facts.code, policy, urn, subject, related, facts, expected, url: codeUrl(facts.code) };
}
