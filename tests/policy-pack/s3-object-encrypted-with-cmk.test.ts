import * as assert from "assert";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { FORMS, Form, OTHER_KEY_ARN, compliantBucket, computed, key, keyArnOf, res, usePack, violation, violations } from "./fixtures";

const POLICY = "s3-object-encrypted-with-cmk";
const OBJECT_TYPES = ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"];

/** An object in the compliant bucket "data", asking for `encryption` (values and what they are computed from). */
function object(form: Form, type: string, encryption: { serverSideEncryption?: unknown; kmsKeyId?: { value: unknown; deps: string[] } | string }): EngineResource {
    const bucketRef = computed(form, "data", { urn: "urn:pulumi:test::proj::aws:s3/bucket:Bucket::data" } as EngineResource);
    const k = encryption.kmsKeyId;
    const kms = typeof k === "string" || k === undefined ? { value: k, deps: [] } : k;
    return res(type, "report.csv", { bucket: bucketRef.value, key: "report.csv", content: "a,b", serverSideEncryption: encryption.serverSideEncryption, kmsKeyId: kms.value }, {
        propertyDependencies: { bucket: bucketRef.deps, kmsKeyId: kms.deps, serverSideEncryption: [] },
    });
}

describe(`policy ${POLICY}`, () => {
    const pack = usePack();

    const ours = async (stack: EngineResource[]) => (await pack().analyzeStack(stack)).filter((d) => d.policyName === POLICY);

    for (const form of FORMS) {
        for (const type of OBJECT_TYPES) {
            describe(`${type}, ${form} form`, () => {
                const bucketStack = () => compliantBucket(form, "data");
                const bucketKey = (stack: EngineResource[]) => computed(form, keyArnOf("data-key"), stack[0]);

                // Under a strict policy, an object asking for nothing is refused at apply (EB-OBJ-002, refused-uploads.test.ts).
                it("passes an object that asks for nothing in a bucket whose policy lets header-less uploads through, or for its bucket's key", async () => {
                    const stack = compliantBucket(form, "data", { strict: false });
                    const plain = object(form, type, {});
                    const sameKey = { ...object(form, type, { serverSideEncryption: "aws:kms", kmsKeyId: bucketKey(stack) }), name: "b", urn: `${plain.urn}-b` };
                    assert.deepStrictEqual(violations(await ours([...stack, plain, sameKey])), []);
                });

                it("passes S3's read-back of the encryption it applied (unknown, computed from nothing)", async () => {
                    const o = object(form, type, { serverSideEncryption: form === "preview" ? UNKNOWN.string : "aws:kms", kmsKeyId: form === "preview" ? UNKNOWN.string : keyArnOf("data-key") });
                    assert.deepStrictEqual(violations(await ours([...bucketStack(), o])), []);
                });

                const bad: { name: string; encryption: (stack: EngineResource[]) => Parameters<typeof object>[2]; message: RegExp }[] = [
                    { name: "SSE-S3 (AES256)", encryption: () => ({ serverSideEncryption: "AES256" }), message: /SSE-S3 \(AES256\)/ },
                    { name: "aws:kms without a key id", encryption: () => ({ serverSideEncryption: "aws:kms" }), message: /without a key id.*aws\/s3/ },
                    { name: "another key", encryption: () => ({ serverSideEncryption: "aws:kms", kmsKeyId: OTHER_KEY_ARN }), message: /instead of its bucket's key/ },
                    { name: "the AWS-managed key", encryption: () => ({ serverSideEncryption: "aws:kms", kmsKeyId: "alias/aws/s3" }), message: /AWS-managed key alias\/aws\/s3/ },
                    {
                        name: "another key of the same stack",
                        encryption: (stack) => {
                            const other = stack.find((r) => r.name === "other-key")!;
                            return { serverSideEncryption: "aws:kms", kmsKeyId: computed(form, keyArnOf("other-key"), other) };
                        },
                        message: /instead of its bucket's key/,
                    },
                ];
                for (const b of bad) {
                    it(`blocks an object asking for ${b.name}`, async () => {
                        const stack = [...bucketStack(), key(form, "other-key")];
                        const o = object(form, type, b.encryption(stack));
                        const ds = await ours([...stack, o]);
                        assert.deepStrictEqual(violations(ds), [violation(POLICY, o)]);
                        assert.match(ds[0].message, b.message);
                        assert.match(ds[0].message, /object report\.csv/);
                    });
                }
            });
        }
    }

    it("judges an object in a bucket outside the stack by the allowed keys", async () => {
        const o = res("aws:s3/bucketObjectv2:BucketObjectv2", "x", { bucket: "someone-elses-bucket", serverSideEncryption: "aws:kms", kmsKeyId: OTHER_KEY_ARN });
        assert.deepStrictEqual(violations(await ours([o])), [violation(POLICY, o)]);
        await pack().configure({ [POLICY]: { allowedKeyArns: [OTHER_KEY_ARN] } });
        try {
            assert.deepStrictEqual(violations(await ours([o])), []);
        } finally {
            await pack().configure({});
        }
    });

    it("refuses aws:kms:dsse objects when allowDsse is false", async () => {
        const stack = compliantBucket("update", "data", { algorithm: "aws:kms:dsse" });
        const o = object("update", OBJECT_TYPES[0], { serverSideEncryption: "aws:kms:dsse", kmsKeyId: keyArnOf("data-key") });
        assert.deepStrictEqual(violations(await ours([...stack, o])), []);
        await pack().configure({ [POLICY]: { allowDsse: false } });
        try {
            assert.deepStrictEqual(violations(await ours([...stack, o])), [violation(POLICY, o)]);
        } finally {
            await pack().configure({});
        }
    });
});
