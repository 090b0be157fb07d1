/**
 * Objects the stack's own bucket policy refuses when the engine writes them (EB-OBJ-002): they
 * pass every encryption rule by asking for nothing, and a preview that stays silent lets the
 * deployment fail halfway. What the provider sends for an object's arguments is
 * terraform-provider-aws's (bridged by @pulumi/aws), internal/service/s3/object.go
 * `resourceObjectUpload` and object_copy.go: no encryption header without `serverSideEncryption`
 * and `kmsKeyId`; `kmsKeyId` alone sends `aws:kms` with that key id. A copy is authorised as
 * s3:PutObject on the destination, with the copy request's headers
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html); bucket policy conditions
 * on those headers: https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyResource } from "@pulumi/policy";
import { EncryptedBucket, EnforcementMode, SseAlgorithm } from "../../components";
import { analyzeCaptured } from "../../offline/analyze-captured";
import { captureStack } from "../../offline/capture";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { sentRequest } from "../../policy-pack/src/checks/refused-upload";
import { StackModel } from "../../policy-pack/src/model/stack";
import { refusedUpload } from "../../policy-pack/src/policies/s3-object-encrypted-with-cmk";
import { KeyRef } from "../../policy-pack/src/model/keys";
import {
    BUCKET, BUCKET_POLICY, FORMS, NATIVE_BUCKET, NATIVE_BUCKET_POLICY, OTHER_KEY_ARN, bucket, bucketArn, bucketPolicy, codes, compliantBucket, computed, goodPolicy,
    inlineEncryption, key, keyArnOf, res, usePack, violation, violations,
} from "./fixtures";

const POLICY = "s3-object-encrypted-with-cmk";
const OBJECT_V2 = "aws:s3/bucketObjectv2:BucketObjectv2";
const OBJECT_V1 = "aws:s3/bucketObject:BucketObject";
const OBJECT_COPY = "aws:s3/objectCopy:ObjectCopy";
const MODES = [{ name: "preview", preview: true }, { name: "update", preview: false }];

/** An object of `type` in the bucket "data" (the reference computed from it), with `props`. */
function objectIn(form: "preview" | "update", type: string, name: string, b: EngineResource, props: Record<string, unknown> = {}, deps: Record<string, string[]> = {}): EngineResource {
    const ref = computed(form, b.name, b);
    const source = type === OBJECT_COPY ? { source: "elsewhere/report.csv" } : { content: "a,b" };
    return res(type, name, { bucket: ref.value, key: `${name}.csv`, ...source, ...props }, { propertyDependencies: { bucket: ref.deps, ...deps } });
}

/** The model of an update-form stack, as the pack builds it. */
function modelOf(stack: EngineResource[]): StackModel {
    return new StackModel(stack.map((r) => ({
        type: r.type, urn: r.urn, name: r.name, props: r.properties,
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))])),
    }) as unknown as PolicyResource));
}

describe("EB-OBJ-002: objects the stack's own bucket policy refuses at apply", () => {
    describe("the request the provider sends for an object's arguments", () => {
        const bucketKey: KeyRef = { kind: "external", arn: keyArnOf("data-key") };
        const same: KeyRef = { kind: "external", arn: keyArnOf("data-key") };
        const other: KeyRef = { kind: "external", arn: OTHER_KEY_ARN };
        const cases: { name: string; sse?: unknown; key?: KeyRef; sseC?: unknown; sent: ReturnType<typeof sentRequest> }[] = [
            { name: "nothing: no encryption header", sent: { algorithm: undefined, key: "absent" } },
            { name: "kmsKeyId alone: aws:kms with that key id", key: same, sent: { algorithm: "aws:kms", key: "cmk" } },
            { name: "both: as given", sse: "aws:kms:dsse", key: same, sent: { algorithm: "aws:kms:dsse", key: "cmk" } },
            { name: "aws:kms alone: no key id", sse: "aws:kms", sent: { algorithm: "aws:kms", key: "absent" } },
            { name: "another key: left to the key rules", sse: "aws:kms", key: other, sent: undefined },
            { name: "SSE-C: left to the SSE-C rule", sseC: "AES256", sent: undefined },
            { name: "an algorithm S3 does not have: not modelled", sse: "rot13", sent: undefined },
        ];
        for (const c of cases) {
            it(c.name, () => {
                assert.deepStrictEqual(sentRequest({ sseAlgorithm: c.sse as never, key: c.key, customerAlgorithm: c.sseC as never }, bucketKey), c.sent);
            });
        }
    });

    describe("as data: the finding names the object, the bucket and its policy's refusing statements, and the fix", () => {
        it("an object asking for nothing in a strict bucket", () => {
            const stack = compliantBucket("update", "data");
            const o = objectIn("update", OBJECT_V2, "plain", stack[1]);
            const model = modelOf([...stack, o]);
            const f = refusedUpload(model.objects[0], model)!;
            assert.strictEqual(f.code, "EB-OBJ-002");
            assert.strictEqual(f.urn, o.urn);
            assert.deepStrictEqual(f.related, [stack[1].urn, stack[3].urn]);
            assert.deepStrictEqual(f.facts, {
                code: "EB-OBJ-002",
                bucket: { label: "general-purpose bucket", name: "data", resource: "data" },
                sent: { algorithm: undefined, key: "absent" },
                refusedBy: [{ policy: { kind: "resource", name: "data-policy" }, statements: ["statement DenyUnencryptedUploads"] }],
            });
            assert.deepStrictEqual(f.expected, { kind: "accepted-upload", args: { serverSideEncryption: "aws:kms", kmsKeyId: model.storage[0].encryption[0].rules[0].key } });
        });

        it("an object asking for aws:kms with the bucket's key in a DSSE-KMS bucket: refused by the algorithm statement, fixed with aws:kms:dsse", () => {
            const stack = compliantBucket("update", "data", { algorithm: "aws:kms:dsse" });
            const o = objectIn("update", OBJECT_V2, "kms", stack[1], { serverSideEncryption: "aws:kms", kmsKeyId: keyArnOf("data-key") });
            const model = modelOf([...stack, o]);
            const f = refusedUpload(model.objects[0], model)!;
            assert.deepStrictEqual(f.facts, {
                code: "EB-OBJ-002",
                bucket: { label: "general-purpose bucket", name: "data", resource: "data" },
                sent: { algorithm: "aws:kms", key: "cmk" },
                refusedBy: [{ policy: { kind: "resource", name: "data-policy" }, statements: ["statement DenyWrongAlgorithm"] }],
            });
            assert.strictEqual(f.expected.kind === "accepted-upload" && f.expected.args?.serverSideEncryption, "aws:kms:dsse");
        });

        it("no fix offered when the policy refuses the bucket's own key too", () => {
            const stack = compliantBucket("update", "data");
            const refusesAll = { ...goodPolicy(bucketArn(stack[1]), keyArnOf("data-key")) };
            refusesAll.Statement = [...refusesAll.Statement, { Sid: "DenyAllUploads", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn(stack[1])}/*` }];
            const policy = bucketPolicy("update", stack[1], refusesAll, [stack[0]]);
            const o = objectIn("update", OBJECT_V2, "plain", stack[1]);
            const model = modelOf([stack[0], stack[1], stack[2], policy, o]);
            const f = refusedUpload(model.objects[0], model)!;
            assert.deepStrictEqual(f.facts.code === "EB-OBJ-002" && f.facts.refusedBy[0].statements, ["statement DenyUnencryptedUploads", "statement DenyAllUploads"]);
            assert.deepStrictEqual(f.expected, { kind: "accepted-upload" });
        });
    });

    describe("through the analyzer, on hand-made stacks", () => {
        const pack = usePack();
        const ours = async (stack: EngineResource[]) => (await pack().analyzeStack(stack)).filter((d) => d.policyName === POLICY);

        for (const type of [OBJECT_V2, OBJECT_V1, OBJECT_COPY]) {
            it(`${type}: asking for nothing in a strict bucket is blocked, naming the object and the bucket policy, with the fix`, async () => {
                const stack = compliantBucket("update", "data");
                const o = objectIn("update", type, "plain", stack[1]);
                const ds = await ours([...stack, o]);
                assert.deepStrictEqual(violations(ds), [violation(POLICY, o)]);
                assert.deepStrictEqual(codes(ds), ["EB-OBJ-002"]);
                assert.match(ds[0].message, /^EB-OBJ-002: object (copy )?plain: /);
                assert.match(ds[0].message, /bucket policy data-policy of its general-purpose bucket "data" \(data\) denies that to every principal \(statement DenyUnencryptedUploads\)/);
                assert.ok(ds[0].message.includes(`serverSideEncryption: "aws:kms" and kmsKeyId: the ARN of the stack's KMS key ${keyArnOf("data-key")}`), ds[0].message);
            });

            it(`${type}: with the bucket's key (both arguments, or kmsKeyId alone) it passes`, async () => {
                const stack = compliantBucket("update", "data");
                const both = objectIn("update", type, "both", stack[1], { serverSideEncryption: "aws:kms", kmsKeyId: keyArnOf("data-key") });
                const keyOnly = objectIn("update", type, "key-only", stack[1], { kmsKeyId: keyArnOf("data-key") });
                assert.deepStrictEqual(violations(await ours([...stack, both, keyOnly])), []);
            });
        }

        for (const form of FORMS) {
            it(`${form}: an object asking for nothing passes in a bucket whose policy does not require encryption headers`, async () => {
                const stack = compliantBucket(form, "data", { strict: false });
                assert.deepStrictEqual(violations(await ours([...stack, objectIn(form, OBJECT_V2, "plain", stack[1])])), []);
            });

            it(`${form}: an object asking for nothing in a bucket this stack does not declare is not judged by its policy`, async () => {
                const o = res(OBJECT_V2, "elsewhere", { bucket: "someone-elses-bucket", key: "a.csv", content: "a" });
                assert.deepStrictEqual(violations(await ours([...compliantBucket(form, "data"), o])), []);
            });
        }

        it("preview: a hand-written policy unknown until apply, with no component declaring it, proves no refusal, so nothing is blocked", async () => {
            const stack = compliantBucket("preview", "data");
            assert.strictEqual(stack[3].properties.policy, UNKNOWN.string);
            assert.deepStrictEqual(violations(await ours([...stack, objectIn("preview", OBJECT_V2, "plain", stack[1])])), []);
        });

        it("a deny scoped to named principals is not relied upon (the deployer's identity is unknown); the same deny for every principal is", async () => {
            const stack = compliantBucket("update", "data");
            const scoped = goodPolicy(bucketArn(stack[1]), keyArnOf("data-key"));
            scoped.Statement = scoped.Statement.map((s) => (s.Sid === "DenyUnencryptedUploads" ? { ...s, Principal: { AWS: "arn:aws:iam::111122223333:role/app" } } : s));
            const o = objectIn("update", OBJECT_V2, "plain", stack[1]);
            const scopedStack = [stack[0], stack[1], stack[2], bucketPolicy("update", stack[1], scoped, [stack[0]]), o];
            assert.deepStrictEqual(violations(await ours(scopedStack)), []);
            const everyone = { ...scoped, Statement: scoped.Statement.map((s) => (s.Sid === "DenyUnencryptedUploads" ? { ...s, Principal: { AWS: "*" } } : s)) };
            assert.deepStrictEqual(violations(await ours([stack[0], stack[1], stack[2], bucketPolicy("update", stack[1], everyone, [stack[0]], BUCKET_POLICY), o])), [violation(POLICY, o)]);
        });

        it("reads every bucket policy kind: a v6 bucket's inline policy, and aws-native's BucketPolicy", async () => {
            const k = key("update", "data-key");
            const keyArn = computed("update", keyArnOf("data-key"), k);
            const inline = inlineEncryption({ ...bucket("update", "data", BUCKET, { policy: JSON.stringify(goodPolicy("arn:aws:s3:::data", keyArnOf("data-key"))) }), dependencies: [k.urn] }, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn });
            const o = objectIn("update", OBJECT_V2, "plain", inline);
            const ds = await ours([k, inline, o]);
            assert.deepStrictEqual(violations(ds), [violation(POLICY, o)]);
            assert.match(ds[0].message, /its inline policy of its general-purpose bucket "data" \(data\) denies/);

            const native = inlineEncryption({ ...bucket("update", "native", NATIVE_BUCKET), dependencies: [k.urn] }, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn });
            const nativePolicy = bucketPolicy("update", native, goodPolicy("arn:aws:s3:::native", keyArnOf("data-key")), [k], NATIVE_BUCKET_POLICY);
            const n = objectIn("update", OBJECT_V2, "plain-native", native);
            assert.deepStrictEqual(violations(await ours([k, native, nativePolicy, n])), [violation(POLICY, n)]);
        });

        it("a deny under a condition the pack does not model (aws:SecureTransport) proves no refusal", async () => {
            const stack = compliantBucket("update", "data");
            const conditional = goodPolicy(bucketArn(stack[1]), keyArnOf("data-key"));
            conditional.Statement = conditional.Statement.map((s) => (s.Sid === "DenyUnencryptedUploads"
                ? { ...s, Condition: { ...(s.Condition as object), Bool: { "aws:SecureTransport": "false" } } }
                : s));
            const o = objectIn("update", OBJECT_V2, "plain", stack[1]);
            assert.deepStrictEqual(violations(await ours([stack[0], stack[1], stack[2], bucketPolicy("update", stack[1], conditional, [stack[0]]), o])), []);
        });
    });

    describe("through the analyzer, on programs with the EncryptedBucket component", () => {
        const pack = usePack();
        const analyzed = async (preview: boolean, program: () => void) =>
            (await analyzeCaptured(pack(), await captureStack(program, { project: "uploads", stack: "test", preview }))).filter((d) => d.enforcementLevel === "mandatory");

        for (const mode of MODES) {
            it(`${mode.name}: objects and a copy without encryption arguments in a strict bucket are blocked, each naming the bucket policy and the fix`, async () => {
                const ds = await analyzed(mode.preview, () => {
                    const data = new EncryptedBucket("data", { enforcement: EnforcementMode.Strict });
                    new aws.s3.BucketObjectv2("plain-v2", { bucket: data.bucketName, key: "a.csv", content: "a" });
                    new aws.s3.BucketObject("plain-v1", { bucket: data.bucketName, key: "b.csv", content: "b" });
                    new aws.s3.ObjectCopy("plain-copy", { bucket: data.bucketName, key: "c.csv", source: pulumi.interpolate`${data.bucketName}/a.csv` });
                });
                assert.deepStrictEqual(ds.map((d) => `${d.policyName} ${d.urn.split("::").pop()}`).sort(), ["plain-copy", "plain-v1", "plain-v2"].map((n) => `${POLICY} ${n}`));
                assert.deepStrictEqual(codes(ds), ["EB-OBJ-002"]);
                for (const d of ds) {
                    assert.match(d.message, /bucket policy data-policy of its general-purpose bucket (".+" )?\(?data\)? denies that to every principal \(statement EncryptedBucketDenyUnencryptedUploads\)/);
                    assert.match(d.message, /serverSideEncryption: "aws:kms" and kmsKeyId: the ARN of the stack's KMS key /);
                    assert.match(d.message, /uploadArgs/);
                }
            });

            it(`${mode.name}: with the component's uploadArgs they pass, in aws:kms and in aws:kms:dsse buckets`, async () => {
                const ds = await analyzed(mode.preview, () => {
                    for (const sseAlgorithm of [SseAlgorithm.Kms, SseAlgorithm.KmsDsse]) {
                        const data = new EncryptedBucket(`data-${sseAlgorithm.replace(/:/g, "-")}`, { enforcement: EnforcementMode.Strict, sseAlgorithm, bucketKeyEnabled: sseAlgorithm === SseAlgorithm.Kms });
                        new aws.s3.BucketObjectv2(`v2-${sseAlgorithm}`, { ...data.uploadArgs, key: "a.csv", content: "a" });
                        new aws.s3.BucketObject(`v1-${sseAlgorithm}`, { ...data.uploadArgs, key: "b.csv", content: "b" });
                        new aws.s3.ObjectCopy(`copy-${sseAlgorithm}`, { ...data.uploadArgs, key: "c.csv", source: pulumi.interpolate`${data.bucketName}/a.csv` });
                    }
                });
                assert.deepStrictEqual(ds.map((d) => d.message), []);
            });

            it(`${mode.name}: aws:kms with the bucket's key into an aws:kms:dsse bucket is refused (its algorithm statement); uploadArgs carries the right one`, async () => {
                const ds = await analyzed(mode.preview, () => {
                    const data = new EncryptedBucket("dsse", { sseAlgorithm: SseAlgorithm.KmsDsse, bucketKeyEnabled: false });
                    new aws.s3.BucketObjectv2("kms", { bucket: data.bucketName, serverSideEncryption: "aws:kms", kmsKeyId: data.keyArn, key: "a.csv", content: "a" });
                });
                assert.deepStrictEqual(ds.map((d) => d.urn.split("::").pop()), ["kms"]);
                assert.match(ds[0].message, /^EB-OBJ-002: .*\(statement EncryptedBucketDenyWrongAlgorithm\).*serverSideEncryption: "aws:kms:dsse"/);
            });

            it(`${mode.name}: an object asking for nothing in a default-encryption bucket passes`, async () => {
                const ds = await analyzed(mode.preview, () => {
                    const data = new EncryptedBucket("lenient", { enforcement: EnforcementMode.DefaultEncryption });
                    new aws.s3.BucketObjectv2("plain", { bucket: data.bucketName, key: "a.csv", content: "a" });
                });
                // The pack's default config still requires the policy to refuse header-less uploads: that is the bucket's finding, not the object's.
                assert.deepStrictEqual(ds.filter((d) => d.policyName === POLICY).map((d) => d.message), []);
            });
        }
    });
});
