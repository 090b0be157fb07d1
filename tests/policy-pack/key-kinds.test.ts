/**
 * Every customer-managed key kind a stack can declare (policy-pack/src/model/key-kinds.ts), through
 * the real analyzer in the engine's order: per-resource Analyze on each resource, then AnalyzeStack.
 * AWS pages behind each expectation are cited where the expectation rests on them.
 */
import * as assert from "assert";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { Diagnostic } from "../../offline/analyzer";
import {
    ACCOUNT, FORMS, Form, NATIVE_BUCKET, NATIVE_BUCKET_POLICY, OTHER_KEY_ARN, REGION, SSE_CONFIG,
    bucket, bucketArn, codes, bucketPolicy, computed, encryptionConfig, goodPolicy, inlineEncryption, mandatory, res, usePack, violation, violations,
} from "./fixtures";
import { KIND_CASES, KMS, OUTSIDE_PRIMARY_ARN, REPLICA_REGION, ROOT_POLICY, mrkArn, mrkIdOf, primaryKey, replica } from "./key-fixtures";

const ENCRYPTED = "s3-bucket-encrypted-with-cmk";
const POLICY = "s3-bucket-policy-enforces-cmk";
const ROTATION = "kms-key-rotation-enabled";
const LEAST_PRIVILEGE = "kms-key-policy-least-privilege";

/**
 * The component's layout around a key: split encryption configuration, strict bucket policy, and
 * the bucket depending on its key (kms-key-outlives-its-buckets).
 */
function compliantOn(form: Form, keys: EngineResource[], keyArn: string): { b: EngineResource; stack: EngineResource[] } {
    const k = keys[keys.length - 1];
    const b = { ...bucket(form, "data"), dependencies: [k.urn] };
    return {
        b,
        stack: [
            ...keys,
            b,
            encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArn, k) }, SSE_CONFIG, { blockedEncryptionTypes: ["SSE-C"] }),
            bucketPolicy(form, b, goodPolicy(bucketArn(b), keyArn), [k]),
        ],
    };
}

describe("key kinds", () => {
    const pack = usePack();

    const engineOrder = async (stack: EngineResource[]): Promise<Diagnostic[]> => {
        const perResource = await Promise.all(stack.map((r) => pack().analyze(r)));
        return [...perResource.flat(), ...(await pack().analyzeStack(stack))];
    };
    const encryptionFindings = async (stack: EngineResource[]) => (await pack().analyzeStack(stack)).filter((d) => d.policyName === ENCRYPTED);

    for (const form of FORMS) {
        describe(`${form} form`, () => {
            for (const kc of KIND_CASES) {
                it(`passes a compliant stack whose bucket key is a ${kc.name}: no violation at any level, no preview downgrade`, async () => {
                    const { stack } = compliantOn(form, kc.declare(form, "k"), kc.arn("k"));
                    assert.deepStrictEqual(violations(await engineOrder(stack)), []);
                });
            }

            // S3 supports only symmetric encryption KMS keys (S3 API reference, ServerSideEncryptionByDefault:
            // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html).
            const notForS3: { name: string; keys: () => EngineResource[]; arn: string; message: RegExp }[] = [
                { name: "an RSA aws:kms/key:Key", keys: () => KIND_CASES[0].declare(form, "k", { customerMasterKeySpec: "RSA_2048" }), arn: KIND_CASES[0].arn("k"), message: /KMS key k\).*key spec RSA_2048/ },
                {
                    name: "an HMAC aws:kms/externalKey:ExternalKey", keys: () => KIND_CASES[3].declare(form, "k", { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }), arn: KIND_CASES[3].arn("k"),
                    message: /KMS key with imported key material k\).*key spec HMAC_256, key usage GENERATE_VERIFY_MAC/,
                },
                { name: "a signing aws-native:kms:Key", keys: () => KIND_CASES[5].declare(form, "k", { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }), arn: KIND_CASES[5].arn("k"), message: /aws-native KMS key k\).*ECC_NIST_P256/ },
                {
                    // The replica's own spec is an output, unknown in preview: its primary's decides.
                    name: "a replica of an RSA primary in the stack",
                    keys: () => {
                        const primary = primaryKey(form, "p", { customerMasterKeySpec: "RSA_4096", keyUsage: "ENCRYPT_DECRYPT", enableKeyRotation: false });
                        return [primary, replica(KMS.replicaKey, form, "k", primary, {}, { keySpec: "RSA_4096", keyUsage: "ENCRYPT_DECRYPT" })];
                    },
                    arn: mrkArn("p", REPLICA_REGION),
                    message: /multi-Region replica key k\).*key spec RSA_4096/,
                },
            ];
            for (const bad of notForS3) {
                it(`blocks ${bad.name}, saying S3 cannot use it and naming the key kind`, async () => {
                    const keys = bad.keys();
                    const { b, stack } = compliantOn(form, keys, bad.arn);
                    const ds = await encryptionFindings(stack);
                    assert.deepStrictEqual(violations(ds), [violation(ENCRYPTED, b)]);
                    assert.match(ds[0].message, /which S3 cannot use/);
                    assert.match(ds[0].message, bad.message);
                });
            }

            describe("aliases (KMS resolves an alias per request, in the requester's account)", () => {
                // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html: "If you use a
                // KMS key alias instead, then KMS resolves the key within the requester's account."
                const k = () => KIND_CASES[0].declare(form, "k")[0];
                const awsAlias = (key: EngineResource) => res(KMS.alias, "k-alias", {
                    name: "alias/data",
                    targetKeyId: computed(form, KIND_CASES[0].arn("k"), key).value,
                    arn: form === "preview" ? UNKNOWN.string : `arn:aws:kms:${REGION}:${ACCOUNT}:alias/data`,
                }, { propertyDependencies: { targetKeyId: [key.urn] } });
                const nativeAlias = (key: EngineResource) => res(KMS.nativeAlias, "k-alias", { aliasName: "alias/data", targetKeyId: computed(form, KIND_CASES[0].arn("k"), key).value }, { propertyDependencies: { targetKeyId: [key.urn] } });

                const cases: { name: string; alias: (key: EngineResource) => EngineResource; keyId: (alias: EngineResource) => string | { value: unknown; deps: string[] }; message: RegExp }[] = [
                    { name: "an aws alias's name", alias: awsAlias, keyId: () => "alias/data", message: /now of the stack's KMS key/ },
                    { name: "an aws alias's ARN", alias: awsAlias, keyId: () => `arn:aws:kms:${REGION}:${ACCOUNT}:alias/data`, message: /alias\/data, an alias/ },
                    { name: "a value computed from an aws alias", alias: awsAlias, keyId: (a) => computed(form, `arn:aws:kms:${REGION}:${ACCOUNT}:alias/data`, a), message: /an alias/ },
                    { name: "an aws-native alias's name", alias: nativeAlias, keyId: () => "alias/data", message: /now of the stack's KMS key/ },
                    { name: "an alias the stack does not declare", alias: awsAlias, keyId: () => "alias/elsewhere", message: /alias\/elsewhere, an alias \(now of a key this stack does not declare\)/ },
                ];
                for (const c of cases) {
                    it(`blocks default encryption naming the stack's key through ${c.name}, asking for the key ARN`, async () => {
                        const key = k();
                        const alias = c.alias(key);
                        const b = bucket(form, "data");
                        const ds = await encryptionFindings([key, alias, b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: c.keyId(alias) })]);
                        assert.deepStrictEqual(violations(ds), [violation(ENCRYPTED, b)]);
                        assert.match(ds[0].message, c.message);
                        assert.match(ds[0].message, /name the key by its ARN/);
                    });
                }

                it("passes the same stack naming the key by the ARN the alias resolves to (targetKeyArn in update)", async () => {
                    const key = k();
                    const b = bucket(form, "data");
                    const ds = await encryptionFindings([key, awsAlias(key), b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, KIND_CASES[0].arn("k"), key) })]);
                    assert.deepStrictEqual(violations(ds), []);
                });
            });

            it("blocks a replica key ARN outside the stack unless allowedKeyArns lists it", async () => {
                const outsideReplica = OUTSIDE_PRIMARY_ARN.replace(`:${REGION}:`, ":us-east-1:").replace(ACCOUNT, "444455556666");
                const b = bucket(form, "data");
                const stack = [b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: outsideReplica })];
                const ds = await encryptionFindings(stack);
                assert.deepStrictEqual(violations(ds), [violation(ENCRYPTED, b)]);
                assert.match(ds[0].message, /matches no allowedKeyArns/);
                await pack().configure({ [ENCRYPTED]: { allowedKeyArns: ["arn:aws:kms:us-east-1:444455556666:key/mrk-*"] } });
                try {
                    assert.deepStrictEqual(violations(await encryptionFindings(stack)), []);
                } finally {
                    await pack().configure({});
                }
            });
        });
    }

    it("counts a bare multi-Region key id shared by a stack primary and its replica as a stack key (update)", async () => {
        const [primary, rep] = KIND_CASES[1].declare("update", "k");
        const b = bucket("update", "data");
        const ds = await encryptionFindings([primary, rep, b, encryptionConfig("update", b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: mrkIdOf("k-primary") })]);
        assert.deepStrictEqual(violations(ds), []);
    });

    describe("an all-aws-native stack: native key, native bucket with bucketEncryption, native bucket policy", () => {
        const nativeStack = (form: Form, byDefault: { sseAlgorithm?: string; kmsMasterKeyId?: "key" | "other-key" | string } | undefined, policyKey: "key" | "other-key" = "key") => {
            const [k] = KIND_CASES[5].declare(form, "k");
            const [other] = KIND_CASES[5].declare(form, "other");
            const arnOf = (which: string, r: EngineResource) => computed(form, KIND_CASES[5].arn(which), r);
            const keyRef = byDefault?.kmsMasterKeyId === "key" ? arnOf("k", k) : byDefault?.kmsMasterKeyId === "other-key" ? arnOf("other", other) : byDefault?.kmsMasterKeyId;
            const plain = bucket(form, "data", NATIVE_BUCKET);
            const b = byDefault ? inlineEncryption(plain, { sseAlgorithm: byDefault.sseAlgorithm, kmsMasterKeyId: keyRef }) : plain;
            const policyKeyResource = policyKey === "key" ? k : other;
            // aws-native keeps the document's structure in preview: only the ARNs are unknown.
            const document = form === "preview" ? goodPolicy(UNKNOWN.string, UNKNOWN.string) : goodPolicy(bucketArn(b), KIND_CASES[5].arn(policyKey === "key" ? "k" : "other"));
            return { b, stack: [k, other, b, bucketPolicy(form, b, document, [policyKeyResource], NATIVE_BUCKET_POLICY)] };
        };

        for (const form of FORMS) {
            it(`passes in ${form} form, with no violation at any level`, async () => {
                const { stack } = nativeStack(form, { sseAlgorithm: "aws:kms", kmsMasterKeyId: "key" });
                assert.deepStrictEqual(violations(await engineOrder(stack)), []);
            });

            for (const [name, byDefault, policyKey, policy, message] of [
                ["no encryption", undefined, "key", ENCRYPTED, /declares no default encryption/],
                ["AES256", { sseAlgorithm: "AES256" }, "key", ENCRYPTED, /SSE-S3 \(AES256\)/],
                ["another account's key", { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN }, "key", ENCRYPTED, /matches no allowedKeyArns/],
                ["a bucket policy narrowing uploads to another stack key", { sseAlgorithm: "aws:kms", kmsMasterKeyId: "key" }, "other-key", POLICY, /does not deny uploads|nothing known shows it narrows uploads to the bucket's key/],
            ] as const) {
                it(`blocks its insecure twin with ${name} in ${form} form`, async () => {
                    const { b, stack } = nativeStack(form, byDefault, policyKey);
                    const ds = mandatory(await engineOrder(stack)).filter((d) => d.policyName === policy && d.urn === b.urn);
                    assert.deepStrictEqual(violations(ds), [violation(policy, b)]);
                    assert.match(ds[0].message, message);
                });
            }
        }
    });

    describe("rotation and key policy, per kind (per-resource analysis of the inputs)", () => {
        const analyze = async (r: EngineResource) => pack().analyze(r);
        const lastKey = (i: number, props: Record<string, unknown> = {}) => {
            const keys = KIND_CASES[i].declare("update", "k", props);
            return keys[keys.length - 1];
        };

        it("does not ask replicas (rotation follows the primary) or imported key material (no automatic rotation) to rotate", async () => {
            // https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html: no automatic rotation
            // for imported key material or custom key stores; set multi-Region rotation on the primary.
            const exempt = [
                lastKey(1), lastKey(3), lastKey(4), lastKey(6),
                lastKey(5, { enableKeyRotation: false, origin: "EXTERNAL" }),
                lastKey(0, { enableKeyRotation: false, customKeyStoreId: "cks-1234567890abcdef0" }),
            ];
            for (const r of exempt) {
                assert.deepStrictEqual(violations((await analyze(r)).filter((d) => d.policyName === ROTATION)), [], r.type);
            }
        });

        it("reports an aws-native key with rotation off, naming its kind", async () => {
            const r = lastKey(5, { enableKeyRotation: false });
            const ds = await analyze(r);
            assert.deepStrictEqual(violations(ds), [violation(ROTATION, r, "advisory")]);
            assert.deepStrictEqual(codes(ds), ["EB-ROT-001"]);
            assert.match(ds[0].message, /^EB-ROT-001: aws-native KMS key k: enableKeyRotation is false/);
        });

        const open = { Version: "2012-10-17", Statement: [...ROOT_POLICY.Statement, { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }] };
        for (const [name, resource, label] of [
            ["an aws-native key's keyPolicy object", () => lastKey(5, { keyPolicy: open }), /^EB-KPL-007: aws-native KMS key k: statement Everyone allows any principal/],
            ["an aws-native replica's keyPolicy object", () => lastKey(6, { keyPolicy: open }), /^EB-KPL-007: aws-native multi-Region replica key k: statement Everyone/],
            ["an aws-native key's keyPolicy as JSON text", () => lastKey(5, { keyPolicy: JSON.stringify(open) }), /^EB-KPL-007: aws-native KMS key k: statement Everyone/],
            ["a replica key's policy", () => lastKey(1, { policy: JSON.stringify(open) }), /^EB-KPL-007: multi-Region replica key k: statement Everyone/],
            ["an external key's policy", () => lastKey(3, { policy: JSON.stringify(open) }), /^EB-KPL-007: KMS key with imported key material k: statement Everyone/],
            ["a separate aws:kms/keyPolicy:KeyPolicy", () => res(KMS.keyPolicy, "kp", { keyId: "k", policy: JSON.stringify(open) }), /^EB-KPL-007: key policy kp: statement Everyone/],
            ["an aws-native key bypassing the lock-out safety check", () => lastKey(5, { bypassPolicyLockoutSafetyCheck: true }), /^EB-KPL-001: aws-native KMS key k: bypassPolicyLockoutSafetyCheck is true/],
        ] as const) {
            it(`reports ${name}, naming the kind`, async () => {
                const r = resource();
                const ds = (await analyze(r)).filter((d) => d.policyName === LEAST_PRIVILEGE);
                assert.deepStrictEqual(violations(ds), [violation(LEAST_PRIVILEGE, r, "advisory")]);
                assert.match(ds[0].message, label);
            });
        }
    });
});
