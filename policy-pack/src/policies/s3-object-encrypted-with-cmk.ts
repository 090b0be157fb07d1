import { StackValidationPolicy } from "@pulumi/policy";
import { bucketKey } from "../checks/bucket-key";
import { algorithmProblem, keyProblem } from "../checks/encryption-choice";
import { KEY_CHOICE_SCHEMA, KeyChoiceConfig, readKeyChoiceConfig } from "../config";
import { describeKey, sameKey } from "../model/keys";
import { readObjectEncryption } from "../model/objects";
import { depsOf, Resource } from "../model/resource";
import { StackModel } from "../model/stack";
import { WRITER_KINDS } from "../model/bucket-kinds";
import { isUnknown, show } from "../known";

const NAME = "s3-object-encrypted-with-cmk";

/** Why the object overrides its bucket's encryption, or `undefined` when it does not. */
export function objectFinding(object: Resource, model: StackModel, config: KeyChoiceConfig): string | undefined {
    const { sseAlgorithm, key, customerAlgorithm } = readObjectEncryption(object, model.keys);
    if (customerAlgorithm !== undefined && customerAlgorithm !== null && customerAlgorithm !== "") {
        return isUnknown(customerAlgorithm)
            ? "its customer-provided key algorithm (SSE-C) is unknown until apply, and nothing known proves it asks for none"
            : `it asks for a customer-provided key (SSE-C, ${show(customerAlgorithm)}), which no KMS key protects`;
    }
    const asksForAlgorithm = sseAlgorithm !== undefined && sseAlgorithm !== null && sseAlgorithm !== "";
    const algorithm = asksForAlgorithm ? algorithmProblem(sseAlgorithm, config.allowDsse) : undefined;
    if (algorithm) {
        return `it asks for ${algorithm}`;
    }
    if (!key && !asksForAlgorithm) {
        return undefined;
    }
    // Only what the object asks of its bucket's key needs the bucket: most objects ask for nothing.
    const bucket = model.bucketFor(object.props.bucket, depsOf(object, "bucket"));
    if (!key) {
        // Where S3 then uses the bucket's own key, s3-bucket-encrypted-with-cmk judges that key.
        return bucket?.kind.kmsWithoutKeyIdUsesBucketKey
            ? undefined
            : `it asks for ${sseAlgorithm} without a key id, so S3 encrypts it under the AWS-managed aws/s3 key`;
    }
    const expected = bucket ? bucketKey(bucket) : undefined;
    if (expected) {
        return sameKey(key, expected) ? undefined : `it asks for the key ${describeKey(key)} instead of its bucket's key ${describeKey(expected)}`;
    }
    // Its bucket is not in this stack, or has no provable key (reported by s3-bucket-encrypted-with-cmk).
    const problem = keyProblem(key, config);
    return problem ? `it asks for ${problem}` : undefined;
}

export const s3ObjectEncryptedWithCmk: StackValidationPolicy = {
    name: NAME,
    description: "S3 objects (BucketObject, BucketObjectv2, ObjectCopy) must not override their bucket's encryption with another algorithm, key or SSE-C.",
    enforcementLevel: "mandatory",
    configSchema: KEY_CHOICE_SCHEMA,
    validateStack: (args, reportViolation) => {
        const config = readKeyChoiceConfig(NAME, args.getConfig());
        // Most stacks declare no objects: then the stack model, the costly part, is not worth building.
        if (!args.resources.some((r) => WRITER_KINDS.has(r.type))) {
            return;
        }
        const model = StackModel.of(args.resources);
        for (const object of model.objects) {
            const finding = objectFinding(object, model, config);
            if (finding) {
                reportViolation(`${WRITER_KINDS.get(object.type)?.label} ${object.name}: ${finding}. Expected no encryption override, or SSE-KMS with its bucket's customer-managed key.`, object.urn);
            }
        }
    },
};
