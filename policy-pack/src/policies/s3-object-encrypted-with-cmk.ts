import { StackValidationPolicy } from "@pulumi/policy";
import { bucketKey } from "../checks/bucket-key";
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

export const s3ObjectEncryptedWithCmk: StackValidationPolicy = {
    name: NAME,
    description: "S3 objects (BucketObject, BucketObjectv2, ObjectCopy) must not override their bucket's encryption with another algorithm, key or SSE-C.",
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
            if (facts) {
                const subject = { label: OBJECT_KINDS.get(object.type)?.label ?? "object", resource: object.name };
                findings.push(finding(NAME, object.urn, subject, facts, { kind: "object-follows-bucket" }, bucket ? [bucket] : []));
            }
        }
        reportFindings(findings, reportViolation);
    },
};
