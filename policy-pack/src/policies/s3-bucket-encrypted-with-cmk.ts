import { StackValidationPolicy } from "@pulumi/policy";
import { acceptedLogDestination } from "../checks/log-destinations";
import { unlinkedFindings } from "../checks/unlinked";
import { DsseOff, expectedEncryption, ruleFacts } from "../checks/encryption-choice";
import { KEY_CHOICE_SCHEMA, KeyChoiceConfig, readKeyChoiceConfig } from "../config";
import { Expected, Facts, Finding, Subject, finding } from "../findings/finding";
import { reportFindings } from "../findings/wording";
import { policyMetadata } from "../findings/metadata";
import { EncryptionSource, SourceProblem } from "../model/encryption";
import { Replication, dialectOfBucketName } from "../model/bucket-kinds";
import { sameKey } from "../model/keys";
import { ReplicationGaps, StackModel, Storage, Writer } from "../model/stack";

const NAME = "s3-bucket-encrypted-with-cmk";

/** The config as it applies where DSSE-KMS exists only if `dsse` (directory and table buckets have none), and why DSSE is off where it is. */
function narrowDsse(config: KeyChoiceConfig, dsse: boolean): { config: KeyChoiceConfig; dsseOff: DsseOff } {
    return { config: { ...config, allowDsse: config.allowDsse && dsse }, dsseOff: config.allowDsse ? "kind" : "config" };
}

function problemFacts(p: SourceProblem, source: EncryptionSource): Facts {
    switch (p.kind) {
        case "unknown": return { code: "EB-ENC-003", where: source.where, ...(p.part !== undefined ? { part: p.part } : {}) };
        case "no-rule": return { code: "EB-ENC-004", where: source.where };
        case "not-a-list": return { code: "EB-ENC-005", where: source.where };
        case "undeclared": return { code: "EB-ENC-006", where: source.where, part: p.part, consequence: p.consequence };
    }
}

function sourceFacts(source: EncryptionSource, config: KeyChoiceConfig, dsseOff: DsseOff): Facts[] {
    return [
        ...source.problems.map((p) => problemFacts(p, source)),
        ...source.rules.flatMap((rule) => ruleFacts(rule, config, dsseOff, source.where)),
    ];
}

/** What is wrong with the storage's default encryption and what it writes inline, one entry per finding. */
function encryptionFacts(storage: Storage, config: KeyChoiceConfig): Facts[] {
    const kind = storage.kind;
    if (kind.cannotComply) {
        return [{ code: "EB-ENC-008", why: kind.cannotComply }];
    }
    const forKind = narrowDsse(config, kind.dsse);
    return [
        ...defaultEncryptionFacts(storage, forKind.config, forKind.dsseOff),
        ...storage.inlineWrites.flatMap((source) => sourceFacts(source, forKind.config, forKind.dsseOff)),
    ];
}

function defaultEncryptionFacts(storage: Storage, config: KeyChoiceConfig, dsseOff: DsseOff): Facts[] {
    const kind = storage.kind;
    if (storage.encryption.length === 0) {
        // A container in the stack is judged on its own; its contents then take its encryption.
        if (storage.container) {
            return [];
        }
        if (kind.undeclared === "container" && kind.inheritsFrom) {
            return [{ code: "EB-ENC-002", container: kind.inheritsFrom.label }];
        }
        return [{ code: "EB-ENC-001", undeclared: kind.undeclared === "aws-owned-key" ? "aws-owned-key" : "sse-s3" }];
    }
    const facts = storage.encryption.flatMap((s) => sourceFacts(s, config, dsseOff));
    const keys = storage.encryption.flatMap((s) => s.rules.map((r) => r.key));
    // One key per bucket is what its bucket policy narrows uploads to; other kinds take no such policy.
    if (facts.length === 0 && kind.policyDialect !== undefined && keys.slice(1).some((k) => !sameKey(k, keys[0]))) {
        facts.push({ code: "EB-ENC-007", keys });
    }
    return facts;
}

/** What of a replication this stack does not declare, one entry per finding. */
function replicationFacts(gaps: ReplicationGaps | undefined, spec: Replication | undefined): Facts[] {
    if (!gaps || !spec) {
        return [];
    }
    return [
        ...(gaps.source && spec.source ? [{ code: "EB-ENC-009" as const, source: gaps.source.ref, label: spec.source.label }] : []),
        ...gaps.destinations.map((d): Facts => ({ code: "EB-ENC-010", destination: d, label: spec.destinations.label })),
    ];
}

/** What the policy expects instead of what `facts` found. */
function expectedFor(facts: Facts, encryption: KeyChoiceConfig): Expected {
    switch (facts.code) {
        case "EB-ENC-002": return { kind: "container-declared", container: facts.container };
        case "EB-ENC-008": return { kind: "other-storage", why: facts.why };
        case "EB-ENC-009":
        case "EB-ENC-010": return { kind: "replication-declared" };
        default: return expectedEncryption(encryption);
    }
}

function storageFindings(storage: Storage, config: KeyChoiceConfig, model: StackModel): Finding[] {
    const r = storage.resource;
    const subject: Subject = { label: storage.kind.label, name: storage.name, resource: r.name };
    const expectedConfig = narrowDsse(config, storage.kind.dsse).config;
    // A log destination of a service that supports only SSE-S3, proven to take nothing but its deliveries.
    const encryption = acceptedLogDestination(storage, model) ? [] : encryptionFacts(storage, config);
    return [...encryption, ...replicationFacts(storage.replication, storage.kind.replicates)]
        .map((facts) => finding(NAME, r.urn, subject, facts, expectedFor(facts, expectedConfig)));
}

/** Writers take no DSSE-KMS setting the pack judges as allowed: what they write is judged as SSE-KMS or not. */
function writerFindings(writer: Writer, config: KeyChoiceConfig): Finding[] {
    const r = writer.resource;
    const forWriter = narrowDsse(config, false);
    const facts = [
        ...writer.encryption.flatMap((s) => sourceFacts(s, forWriter.config, forWriter.dsseOff)),
        ...replicationFacts(writer.replication, writer.kind.replicates),
    ];
    return facts.map((f) => finding(NAME, r.urn, { label: writer.kind.label, resource: r.name }, f, expectedFor(f, forWriter.config)));
}

export const s3BucketEncryptedWithCmk: StackValidationPolicy = {
    name: NAME,
    description: "S3 buckets of every kind (general-purpose, directory, table, vector, Outposts), tables and S3 Files file systems must be encrypted by default with SSE-KMS under an allowed customer-managed KMS key.",
    enforcementLevel: "mandatory",
    configSchema: KEY_CHOICE_SCHEMA,
    ...policyMetadata(NAME),
    validateStack: (args, reportViolation) => {
        const config = readKeyChoiceConfig(NAME, args.getConfig());
        const model = StackModel.of(args.resources);
        const findings: Finding[] = [...unlinkedFindings(NAME, model, "encryption")];
        for (const { bucket, sharedBy, source } of model.unattachedEncryption) {
            // Directory buckets, named --x-s3 by S3's rule, have no DSSE-KMS.
            const forBucket = narrowDsse(config, dialectOfBucketName(bucket) === "s3");
            const name = source.where.kind === "configuration" ? source.where.name : source.urn;
            const subject: Subject = { label: "encryption configuration", resource: name, configures: { bucket, sharedBy } };
            findings.push(...sourceFacts(source, forBucket.config, forBucket.dsseOff)
                .map((facts) => finding(NAME, source.urn, subject, facts, expectedEncryption(forBucket.config), sharedBy)));
        }
        for (const storage of model.storage) {
            findings.push(...storageFindings(storage, config, model));
        }
        for (const writer of model.writers) {
            findings.push(...writerFindings(writer, config));
        }
        reportFindings(findings, reportViolation);
    },
};
