import * as assert from "assert";
import * as fc from "fast-check";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { readBucketPolicyConfig, readKeyChoiceConfig } from "../../policy-pack/src/config";
import { junk } from "../../fuzz/stacks";
import {
    BUCKET, BUCKET_POLICY, BUCKET_V2, NATIVE_BUCKET, OTHER_KEY_ARN, SSE_CONFIG, SSE_CONFIG_V2, bucket, compliantBucket, key,
    codeOf, keyArnOf, res, usePack, urnOf, violation, violations,
} from "./fixtures";

const ENCRYPTED = "s3-bucket-encrypted-with-cmk";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

describe("malformed and partial properties", () => {
    const pack = usePack();

    const garbage: unknown[] = [null, 42, "x", [], {}, [{}], [null], { rule: null }, UNKNOWN.array, UNKNOWN.object, [UNKNOWN.object], true];

    it("never crashes on garbage in any property the pack reads, and never passes such a bucket", async () => {
        for (const g of garbage) {
            const b = bucket("update", "data", BUCKET, { serverSideEncryptionConfiguration: g, policy: g });
            const stack: EngineResource[] = [
                b,
                res(SSE_CONFIG, "c1", { bucket: "data", rules: g }),
                res(SSE_CONFIG_V2, "c2", { bucket: g, rules: [{ applyServerSideEncryptionByDefault: g }] }),
                res(BUCKET_POLICY, "p", { bucket: "data", policy: g }),
                bucket("update", "v2", BUCKET_V2, { serverSideEncryptionConfigurations: g }),
                bucket("update", "native", NATIVE_BUCKET, { bucketEncryption: { serverSideEncryptionConfiguration: g } }),
                res("aws:kms/key:Key", "k", { policy: g, enableKeyRotation: g, bypassPolicyLockoutSafetyCheck: g }),
                res("aws:kms/alias:Alias", "a", { name: g, targetKeyId: g }),
                res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { bucket: g, serverSideEncryption: g, kmsKeyId: g }),
            ];
            const ds = await pack().analyzeStack(stack);
            const encrypted = violations(ds.filter((d) => d.policyName === ENCRYPTED));
            for (const b2 of [stack[0], stack[4], stack[5]]) {
                assert.ok(encrypted.includes(violation(ENCRYPTED, b2)), `${b2.name} with ${JSON.stringify(g)}`);
            }
            for (const r of stack) {
                await pack().analyze(r);
            }
        }
    });

    it("reads secrets as plain values", async () => {
        const stack = compliantBucket("update", "data");
        const config = stack[2];
        const secretRules = { ...SECRET_SIG, value: config.properties.rules };
        const withSecret = { ...config, properties: { ...config.properties, rules: secretRules } };
        assert.deepStrictEqual(violations(await pack().analyzeStack([stack[0], stack[1], withSecret, stack[3]])), []);
    });

    it("explains an encryption configuration whose rules are empty or missing their default", async () => {
        // No rule at all (S3 then applies SSE-S3), and a rule naming no algorithm: one finding each,
        // never "the algorithm nothing" nor a key finding beside it.
        for (const [rules, code, words] of [[[], "EB-ENC-004", /encryption configuration c has no rule with default encryption/], [[{ bucketKeyEnabled: true }], "EB-SSE-002", /encryption configuration c names no encryption algorithm/]] as const) {
            const b = bucket("update", "data");
            const ds = (await pack().analyzeStack([b, res(SSE_CONFIG, "c", { bucket: "data", rules })])).filter((d) => d.policyName === ENCRYPTED);
            assert.deepStrictEqual(violations(ds), [violation(ENCRYPTED, b)]);
            assert.deepStrictEqual(ds.map(codeOf), [code]);
            assert.match(ds[0].message, words);
            assert.doesNotMatch(ds[0].message, /nothing,/);
        }
    });

    it("fails loudly, in the pack, on config the engine would have refused", () => {
        assert.throws(() => readKeyChoiceConfig("p", { allowedKeyArns: ["alias/aws/s3"] }), /allowedKeyArns must be a list of KMS key ARNs/);
        assert.throws(() => readKeyChoiceConfig("p", { allowStackKeys: "no" }), /allowStackKeys must be true or false/);
        assert.throws(() => readBucketPolicyConfig("p", { requireEncryptionHeaders: 1 }), /requireEncryptionHeaders must be true or false/);
        assert.deepStrictEqual(readKeyChoiceConfig("p", {}), { allowDsse: true, allowStackKeys: true, allowedKeyArns: [] });
    });
});

/**
 * Random stacks. Buckets are generated "bad" (nothing known proves an allowed customer-managed
 * key) among noise that includes good keys and buckets; every bad bucket must be reported.
 */
describe("property: no bucket without a provably allowed CMK passes", () => {
    const pack = usePack();

    const sentinel = fc.constantFrom(...Object.values(UNKNOWN));
    const stackKeys = ["k1", "k2"];

    /** A key reference that does not prove an allowed CMK, and what it depends on. */
    const badKeyRef = fc.oneof(
        fc.constant({ value: undefined, deps: [] as string[] }),
        fc.constantFrom("alias/aws/s3", `arn:aws:kms:eu-west-1:111122223333:alias/aws/s3`, OTHER_KEY_ARN, "alias/not-in-stack", "1234abcd-12ab-34cd-56ef-1234567890ab").map((value) => ({ value, deps: [] as string[] })),
        // Unknown, computed from nothing or from a resource that is not a key.
        fc.constantFrom<string[][]>([], [urnOf("aws:ssm/parameter:Parameter", "noise")]).map((deps) => ({ value: UNKNOWN.string as unknown, deps })),
        junk.map((value) => ({ value, deps: [] as string[] })),
    );
    const goodKeyRef = fc.constantFrom(...stackKeys).map((k) => ({ value: keyArnOf(k), deps: [urnOf("aws:kms/key:Key", k)] }));
    const algorithm = fc.oneof(fc.constantFrom("aws:kms", "aws:kms:dsse", "AES256", undefined), junk);

    /** Either a bad key under any algorithm, or a good key under an algorithm that is not SSE-KMS. */
    const badDefault = fc.oneof(
        fc.record({ sseAlgorithm: algorithm, key: badKeyRef }),
        fc.record({ sseAlgorithm: fc.oneof(fc.constantFrom("AES256", "aws:kms:fake", undefined), sentinel, junk.filter((x) => x !== "aws:kms" && x !== "aws:kms:dsse")), key: goodKeyRef }),
    );

    type Layout = "split" | "split-v2" | "inline" | "none";
    const badBucket = fc.record({
        type: fc.constantFrom(BUCKET, BUCKET_V2, NATIVE_BUCKET),
        layout: fc.constantFrom<Layout>("split", "split-v2", "inline", "none"),
        byDefault: badDefault,
        preview: fc.boolean(),
    });

    function declare(i: number, spec: { type: string; layout: Layout; byDefault: { sseAlgorithm: unknown; key: { value: unknown; deps: string[] } }; preview: boolean }): { b: EngineResource; rest: EngineResource[] } {
        const form = spec.preview ? "preview" : "update";
        const b = bucket(form, `bad${i}`, spec.type);
        const byDefault = { sseAlgorithm: spec.byDefault.sseAlgorithm, kmsMasterKeyId: spec.byDefault.key.value };
        const deps = spec.byDefault.key.deps;
        if (spec.layout === "none") {
            return { b, rest: [] };
        }
        if (spec.layout === "inline") {
            const prop = spec.type === BUCKET ? "serverSideEncryptionConfiguration" : spec.type === BUCKET_V2 ? "serverSideEncryptionConfigurations" : "bucketEncryption";
            const value = spec.type === BUCKET ? { rule: { applyServerSideEncryptionByDefault: byDefault } }
                : spec.type === BUCKET_V2 ? [{ rules: [{ applyServerSideEncryptionByDefaults: [byDefault] }] }]
                : { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: byDefault }] };
            return { b: { ...b, properties: { ...b.properties, [prop]: value }, propertyDependencies: { [prop]: deps } }, rest: [] };
        }
        const config = res(spec.layout === "split" ? SSE_CONFIG : SSE_CONFIG_V2, `bad${i}-encryption`, {
            bucket: spec.preview ? UNKNOWN.string : b.name,
            rules: [{ applyServerSideEncryptionByDefault: byDefault }],
        }, { propertyDependencies: { bucket: [b.urn], rules: deps } });
        return { b, rest: [config] };
    }

    it("reports every bad bucket, with its URN, at mandatory level", async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(badBucket, { minLength: 1, maxLength: 4 }), fc.boolean(), async (specs, preview) => {
                const form = preview ? "preview" : "update";
                const noise = [
                    ...stackKeys.map((k) => key(form, k)),
                    res("aws:ssm/parameter:Parameter", "noise", { value: "x" }),
                    ...compliantBucket(form, "good"),
                ];
                const declared = specs.map((s, i) => declare(i, s));
                const stack = [...noise, ...declared.flatMap((d) => [d.b, ...d.rest])];
                const ds = await pack().analyzeStack(stack);
                const reported = new Set(ds.filter((d) => d.policyName === ENCRYPTED && d.enforcementLevel === "mandatory").map((d) => d.urn));
                for (const { b } of declared) {
                    assert.ok(reported.has(b.urn), `${b.urn} passed: ${JSON.stringify(stack.filter((r) => r.urn === b.urn || r.name.startsWith(`${b.name}-`)))}`);
                }
                assert.ok(!reported.has(noise.find((r) => r.name === "good")!.urn), "the compliant bucket was reported");
                assert.ok(!ds.some((d) => d.message.includes("can't run")), "a policy was downgraded");
            }),
            // Fixed, so that a failure here is the same failure on every machine.
            { numRuns: 60, seed: 20261127 },
        );
    });
});
