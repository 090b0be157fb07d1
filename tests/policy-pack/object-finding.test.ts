/**
 * s3-object-encrypted-with-cmk looks up an object's bucket only when the verdict depends on it:
 * most objects ask for no encryption of their own, and stacks hold many of them.
 */
import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { readKeyChoiceConfig } from "../../policy-pack/src/config";
import { StackModel } from "../../policy-pack/src/model/stack";
import { objectFacts } from "../../policy-pack/src/policies/s3-object-encrypted-with-cmk";
import { compliantBucket, keyArnOf, res } from "./fixtures";

// ObjectCopy: the one writer that can also ask for SSE-C.
const OBJECT = "aws:s3/objectCopy:ObjectCopy";

/** The model of the compliant bucket "data" and one object in it, counting bucket lookups. */
function modelWith(encryption: Record<string, unknown>) {
    const stack = [...compliantBucket("update", "data"), res(OBJECT, "report.csv", { bucket: "data", key: "report.csv", ...encryption })];
    const model = new StackModel(stack.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.properties, propertyDependencies: {} }) as unknown as PolicyResource));
    const lookups = { count: 0 };
    const bucketFor = model.bucketFor.bind(model);
    model.bucketFor = (...args) => {
        lookups.count++;
        return bucketFor(...args);
    };
    return { model, object: model.objects[0], lookups };
}

describe("s3-object-encrypted-with-cmk: the object's bucket is looked up only when needed", () => {
    const config = readKeyChoiceConfig("test", {});
    const cases: { name: string; encryption: Record<string, unknown>; lookups: number; code: string | undefined }[] = [
        { name: "asks for nothing", encryption: {}, lookups: 0, code: undefined },
        { name: "asks for SSE-S3", encryption: { serverSideEncryption: "AES256" }, lookups: 0, code: "EB-SSE-001" },
        { name: "asks for SSE-C", encryption: { customerAlgorithm: "AES256" }, lookups: 0, code: "EB-SSE-006" },
        { name: "asks for aws:kms without a key id", encryption: { serverSideEncryption: "aws:kms" }, lookups: 1, code: "EB-KEY-001" },
        { name: "asks for its bucket's key", encryption: { serverSideEncryption: "aws:kms", kmsKeyId: keyArnOf("data-key") }, lookups: 1, code: undefined },
        { name: "names a key with no algorithm", encryption: { kmsKeyId: keyArnOf("other-key") }, lookups: 1, code: "EB-OBJ-001" },
    ];
    for (const c of cases) {
        it(`an object that ${c.name}: ${c.lookups} lookup(s), ${c.code ?? "passed"}`, () => {
            const { model, object, lookups } = modelWith(c.encryption);
            assert.strictEqual(objectFacts(object, model, config).facts?.code, c.code);
            assert.strictEqual(lookups.count, c.lookups);
        });
    }
});
