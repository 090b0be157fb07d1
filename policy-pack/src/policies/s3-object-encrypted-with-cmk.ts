import { StackValidationPolicy } from "@pulumi/policy";
import { bucketKey } from "../checks/bucket-key";
import { refusal, sentRequest } from "../checks/refused-upload";
import { algorithmFacts, keyFacts } from "../checks/encryption-choice";
import { KEY_CHOICE_SCHEMA, KeyChoiceConfig, readKeyChoiceConfig } from "../config";
import { Facts, Finding, finding } from "../findings/finding";
import { policyMetadata } from "../findings/metadata";
import { reportFindings } from "../findings/wording";
import { sameKey } from "../model/keys";
import { readObjectEncryption } from "../model/objects";
import { depsOf, Resource } from "../model/resource";
import { StackModel } from "../model/stack";
import { OBJECT_KINDS, OBJECT_PROPERTIES } from "../model/bucket-kinds";
import { isUnknown, show } from "../known";

const NAME = "s3-object-encrypted-with-cmk";

/** How the object overrides its bucket's encryption, and the bucket it was judged against; `facts` undefined when it does not. */
export function objectFacts(object: Resource, model: StackModel, config: KeyChoiceConfig): { facts?: Facts; bucket?: string } {
    const { sseAlgorithm, key, customerAlgorithm } = readObjectEncryption(object, model.keys);
    if (customerAlgorithm !== undefined && customerAlgorithm !== null && customerAlgorithm !== "") {
        return { facts: isUnknown(customerAlgorithm) ? { code: "EB-SSE-007" } : { code: "EB-SSE-006", algorithm: show(customerAlgorithm) } };
    }
    const asksForAlgorithm = sseAlgorithm !== undefined && sseAlgorithm !== null && sseAlgorithm !== "";
    // Objects have no DSSE-KMS of their own kind to lack: only the config turns it off.
    const algorithm = asksForAlgorithm ? algorithmFacts(sseAlgorithm, config.allowDsse, "config", undefined) : undefined;
    if (algorithm) {
        return { facts: algorithm };
    }
    if (!key && !asksForAlgorithm) {
        return {};
    }
    // Only what the object asks of its bucket's key needs the bucket: most objects ask for nothing.
    const bucket = model.bucketFor(object.props[OBJECT_PROPERTIES.bucket], depsOf(object, OBJECT_PROPERTIES.bucket));
    const related = bucket ? { bucket: bucket.resource.urn } : {};
    if (!key) {
        // Where S3 then uses the bucket's own key, s3-bucket-encrypted-with-cmk judges that key.
        return bucket?.kind.kmsWithoutKeyIdUsesBucketKey
            ? related
            : { ...related, facts: { code: "EB-KEY-001", where: undefined, algorithm: typeof sseAlgorithm === "string" ? sseAlgorithm : undefined } };
    }
    const expected = bucket ? bucketKey(bucket) : undefined;
    if (expected) {
        return sameKey(key, expected) ? related : { ...related, facts: { code: "EB-OBJ-001", key, bucketKey: expected } };
    }
    // Its bucket is not in this stack, or has no provable key (reported by s3-bucket-encrypted-with-cmk).
    const problem = keyFacts(key, config, undefined);
    return problem ? { ...related, facts: problem } : related;
}

/**
 * An object the encryption rules pass can still be refused by its bucket's own policy (a strict
 * policy refuses the header-less write of an object that asks for nothing): found here, in
 * preview, instead of by a deployment that fails halfway. Only a bucket of this stack has a
 * policy this pack can read.
 */
export function refusedUpload(object: Resource, model: StackModel): Finding | undefined {
    const bucket = model.bucketFor(object.props[OBJECT_PROPERTIES.bucket], depsOf(object, OBJECT_PROPERTIES.bucket));
    if (!bucket) {
        return undefined;
    }
    const sent = sentRequest(readObjectEncryption(object, model.keys), bucketKey(bucket));
    const refused = sent ? refusal(bucket, sent, model) : undefined;
    if (!refused) {
        return undefined;
    }
    const refusedBy = refused.refusedBy.map(({ policy, statements }) => ({ policy, statements }));
    const named = { label: bucket.kind.label, name: bucket.name, resource: bucket.resource.name };
    return finding(NAME, object.urn, subjectOf(object), { code: "EB-OBJ-002", bucket: named, sent: refused.sent, refusedBy }, { kind: "accepted-upload", ...(refused.fix ? { args: refused.fix } : {}) },
        [...new Set([bucket.resource.urn, ...refused.refusedBy.map((r) => r.urn)])]);
}

function subjectOf(object: Resource) {
    return { label: OBJECT_KINDS.get(object.type)?.label ?? "object", resource: object.name };
}

export const s3ObjectEncryptedWithCmk: StackValidationPolicy = {
    name: NAME,
    description: "S3 objects (BucketObject, BucketObjectv2, ObjectCopy) must not override their bucket's encryption with another algorithm, key or SSE-C, "
        + "and must send the encryption arguments their bucket's policy in the same stack requires.",
    enforcementLevel: "mandatory",
    configSchema: KEY_CHOICE_SCHEMA,
    ...policyMetadata(NAME),
    validateStack: (args, reportViolation) => {
        const config = readKeyChoiceConfig(NAME, args.getConfig());
        // Most stacks declare no objects: then the stack model, the costly part, is not worth building.
        if (!args.resources.some((r) => OBJECT_KINDS.has(r.type))) {
            return;
        }
        const model = StackModel.of(args.resources);
        const findings: Finding[] = [];
        for (const object of model.objects) {
            const { facts, bucket } = objectFacts(object, model, config);
            const found = facts ? finding(NAME, object.urn, subjectOf(object), facts, { kind: "object-follows-bucket" }, bucket ? [bucket] : []) : refusedUpload(object, model);
            if (found) {
                findings.push(found);
            }
        }
        reportFindings(findings, reportViolation);
    },
};
