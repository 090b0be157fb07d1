/**
 * The advisory policy that reports a bucket that does not depend on the stack key it is encrypted
 * with (tests/lifecycle shows why: the engine may schedule the key beside a failing bucket delete).
 */
import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { EncryptedBucket } from "../../components";
import { analyzeCaptured } from "../../offline/analyze-captured";
import { captureStack } from "../../offline/capture";
import { CapturedStack } from "../../offline/captured";
import { EngineResource } from "../../offline/engine-resource";
import { captureProgram, loadProgram } from "../../offline/program";
import {
    BUCKET_V2, FORMS, OTHER_KEY_ARN, SSE_CONFIG, bucket, compliantBucket, computed, codes, encryptionConfig, inlineEncryption, key, keyArnOf, res, usePack, violation, violations,
} from "./fixtures";

const POLICY = "kms-key-outlives-its-buckets";
const ROOT = path.join(__dirname, "..", "..");
const MODES = [{ name: "preview", preview: true }, { name: "update", preview: false }];

describe(`policy ${POLICY}`, () => {
    const pack = usePack();
    const ours = async (stack: EngineResource[]) => (await pack().analyzeStack(stack)).filter((d) => d.policyName === POLICY);

    // Writers name a key for data they have S3 write into other storage: they hold no objects under a
    // default encryption, so no key of theirs can strand their objects (issue 26). In an update, with
    // the key's ARN written out, nothing ties them to the key but the ARN they name.
    it("does not report an Inventory configuration or a replication configuration that names a stack key, nor their buckets", async () => {
        const k = key("update", "k");
        const source = { ...bucket("update", "source"), dependencies: [k.urn] };
        const inventory = res("aws:s3/inventory:Inventory", "weekly", {
            bucket: "source", name: "weekly", includedObjectVersions: "Current", schedule: { frequency: "Weekly" },
            destination: { bucket: { bucketArn: "arn:aws:s3:::reports", format: "CSV", encryption: { sseKms: { keyId: keyArnOf("k") } } } },
        });
        const replication = res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "replication", {
            bucket: "source", role: "arn:aws:iam::111122223333:role/replication",
            rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", encryptionConfiguration: { replicaKmsKeyId: keyArnOf("k") } } }],
        });
        const config = encryptionConfig("update", source, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed("update", keyArnOf("k"), k) });
        // Both name the stack key and depend on nothing: were they taken for buckets, each would be reported.
        assert.deepStrictEqual([inventory, replication].map((w) => w.dependencies), [[], []]);
        assert.deepStrictEqual(violations(await ours([k, source, config, inventory, replication])), []);
        // The same stack with the bucket independent of the key: only the bucket is reported, with EB-DEL-001.
        const independentSource = { ...source, dependencies: [] };
        const ds = await ours([k, independentSource, config, inventory, replication]);
        assert.deepStrictEqual(violations(ds), [violation(POLICY, independentSource, "advisory")]);
        assert.deepStrictEqual(codes(ds), ["EB-DEL-001"]);
        assert.deepStrictEqual(ds.map((d) => d.urn), [source.urn]);
    });

    for (const form of FORMS) {
        describe(`${form} form`, () => {
            /** Key, bucket and split encryption configuration, the bucket depending on nothing. */
            const independent = (): EngineResource[] => {
                const k = key(form, "k");
                const b = bucket(form, "data");
                return [k, b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf("k"), k) })];
            };

            it("reports, as advisory, a bucket that does not depend on its stack key, and says retainOnDelete is invisible to it", async () => {
                const stack = independent();
                const ds = await ours(stack);
                assert.deepStrictEqual(violations(ds), [violation(POLICY, stack[1], "advisory")]);
                assert.match(ds[0].message, /bucket "data" \(data\): its default encryption uses the stack's KMS key urn:pulumi:test::proj::aws:kms\/key:Key::k, but the bucket does not depend on it/);
                assert.match(ds[0].message, /policy packs are not told retainOnDelete/);
            });

            it("passes the bucket once it depends on the key, explicitly or through a component holding it", async () => {
                const [k, b, config] = independent();
                assert.deepStrictEqual(violations(await ours([k, { ...b, dependencies: [k.urn] }, config])), []);
                const holder = res("acme:index:Keys", "keys", {});
                const held = { ...k, parent: holder.urn };
                assert.deepStrictEqual(violations(await ours([holder, held, { ...b, dependencies: [holder.urn] }, config])), []);
            });

            it("passes a protected key: the engine refuses to delete it", async () => {
                const [k, b, config] = independent();
                assert.deepStrictEqual(violations(await ours([{ ...k, protect: true }, b, config])), []);
            });

            it("passes a bucket that is not encrypted with a stack key, and one whose own encryption block names it", async () => {
                const b = bucket(form, "data");
                assert.deepStrictEqual(violations(await ours([b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN })])), []);
                const k = key(form, "k");
                const v2 = inlineEncryption(bucket(form, "v2", BUCKET_V2), { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf("k"), k) });
                assert.deepStrictEqual(violations(await ours([k, v2])), []);
            });

            it("reports each bucket that shares an unprotected key it does not depend on, and only those", async () => {
                const k = key(form, "shared");
                const [one, two] = [bucket(form, "one"), { ...bucket(form, "two"), dependencies: [k.urn] }];
                const byKey = computed(form, keyArnOf("shared"), k);
                const stack = [k, one, two, encryptionConfig(form, one, { sseAlgorithm: "aws:kms", kmsMasterKeyId: byKey }), encryptionConfig(form, two, { sseAlgorithm: "aws:kms", kmsMasterKeyId: byKey })];
                assert.deepStrictEqual(violations(await ours(stack)), [violation(POLICY, one, "advisory")]);
            });

            it("passes the component's layout", async () => {
                assert.deepStrictEqual(violations(await ours(compliantBucket(form, "data"))), []);
            });
        });
    }

    it("can be raised to mandatory", async () => {
        await pack().configure({ [POLICY]: "mandatory" });
        try {
            const k = key("update", "k");
            const b = bucket("update", "data");
            const ds = await ours([k, b, encryptionConfig("update", b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArnOf("k") }, SSE_CONFIG)]);
            assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
        } finally {
            await pack().configure({});
        }
    });

    describe("on captured programs", () => {
        const analyzed = async (stack: CapturedStack) => (await analyzeCaptured(pack(), stack)).filter((d) => d.policyName === POLICY);

        for (const mode of MODES) {
            for (const stackName of ["dev", "prod"]) {
                it(`stays silent on the component's ${stackName} stack in ${mode.name}`, async () => {
                    const stack = await captureProgram(loadProgram(ROOT), stackName, mode.preview);
                    assert.ok(stack.resources.some((r) => r.type === "aws:s3/bucket:Bucket"));
                    assert.deepStrictEqual(violations(await analyzed(stack)), []);
                });
            }

            it(`stays silent on a consumer of the component, with default options or deleteKeyOnRemoval, in ${mode.name}`, async () => {
                const stack = await captureStack(() => {
                    new EncryptedBucket("kept", {});
                    new EncryptedBucket("opted-out", { deleteKeyOnRemoval: true });
                    const own = new aws.kms.Key("own", {});
                    new EncryptedBucket("own-key", { existingKeyArn: own.arn });
                }, { project: "consumer", stack: "test", preview: mode.preview });
                assert.deepStrictEqual(violations(await analyzed(stack)), []);
            });

            it(`reports a hand-written program whose bucket does not depend on its key, in ${mode.name}`, async () => {
                const stack = await captureStack(() => {
                    const k = new aws.kms.Key("data-key", { enableKeyRotation: true });
                    const b = new aws.s3.Bucket("data", {});
                    new aws.s3.BucketServerSideEncryptionConfiguration("data-sse", {
                        bucket: b.id,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: k.arn } }],
                    });
                    const safe = new aws.s3.Bucket("safe", {}, { dependsOn: [k] });
                    new aws.s3.BucketServerSideEncryptionConfiguration("safe-sse", {
                        bucket: safe.id,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: k.arn } }],
                    });
                }, { project: "hand-written", stack: "test", preview: mode.preview });
                const data = stack.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "data")!;
                assert.deepStrictEqual(violations(await analyzed(stack)), [violation(POLICY, data, "advisory")]);
            });
        }
    });
});
