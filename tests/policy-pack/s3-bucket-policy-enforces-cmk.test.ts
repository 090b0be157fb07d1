import * as assert from "assert";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import {
    BUCKET_POLICY, FORMS, Form, NATIVE_BUCKET_POLICY, OTHER_KEY_ARN, SSE_CONFIG, bucket, bucketArn, bucketPolicy, bucketRef, compliantBucket, computed,
    encryptionConfig, goodPolicy, key, keyArnOf, mandatory, res, usePack, violation, violations,
} from "./fixtures";

const POLICY = "s3-bucket-policy-enforces-cmk";
type Doc = ReturnType<typeof goodPolicy>;

/** Bucket policies that let some upload through encrypted other than with the bucket's key. */
interface Bad {
    name: string;
    mutate: (doc: Doc, arn: string, keyArn: string) => Doc;
    gap: RegExp;
    /** Turns on which ARN a Resource names: an unknown ARN in preview cannot show it. */
    aboutResourceArn?: boolean;
    /** Needs the stack (the key, or whether the encryption configuration blocks SSE-C). */
    stackOnly?: boolean;
}

const BAD: Bad[] = [
    { name: "no wrong-key deny", mutate: (d) => omit(d, "DenyWrongKmsKey"), gap: /with a key other than the bucket's/ },
    {
        name: "algorithm and key checks ANDed in one statement",
        mutate: (d, arn, keyArn) => ({
            ...omit(d, "DenyWrongKmsKey", "DenyWrongAlgorithm"),
            Statement: [...omit(d, "DenyWrongKmsKey", "DenyWrongAlgorithm").Statement, {
                Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${arn}/*`,
                Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn } },
            }],
        }),
        gap: /with a key other than the bucket's/,
    },
    { name: "narrowing to another key", mutate: (d, arn) => goodPolicyWith(d, arn, OTHER_KEY_ARN), gap: /with a key other than the bucket's/, stackOnly: true },
    { name: "no deny for header-less uploads", mutate: (d) => omit(d, "DenyUnencryptedUploads"), gap: /send no encryption header/ },
    // Without the wrong-algorithm deny, AES256 uploads are still refused for lacking a key id.
    { name: "no wrong-algorithm or missing-key-id deny", mutate: (d) => omit(d, "DenyWrongAlgorithm", "DenyKmsWithoutKeyId"), gap: /SSE-S3 \(AES256\)/ },
    { name: "no deny for aws:kms without a key id", mutate: (d) => omit(d, "DenyKmsWithoutKeyId"), gap: /aws:kms without a key id/ },
    // In strict mode the header-less deny refuses SSE-C uploads too.
    { name: "no SSE-C deny (and SSE-C not blocked)", mutate: (d) => omit(d, "DenySseC", "DenyUnencryptedUploads"), gap: /customer-provided key \(SSE-C\)/, stackOnly: true },
    { name: "denies on the bucket ARN only, not its objects", mutate: (d, arn) => mapDenies(d, (s) => ({ ...s, Resource: arn })), gap: /SSE-S3/, aboutResourceArn: true },
    { name: "denies on one prefix only", mutate: (d, arn) => mapDenies(d, (s) => ({ ...s, Resource: arn === UNKNOWN.string ? arn : `${arn}/reports/*` })), gap: /SSE-S3/, aboutResourceArn: true },
    { name: "denies one principal only", mutate: (d) => mapDenies(d, (s) => ({ ...s, Principal: { AWS: `arn:aws:iam::${"1".repeat(12)}:root` } })), gap: /SSE-S3/ },
    { name: "NotPrincipal", mutate: (d) => mapDenies(d, ({ Principal: _p, ...s }) => ({ ...s, NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" } })), gap: /SSE-S3/ },
    { name: "Allow instead of Deny", mutate: (d) => mapDenies(d, (s) => ({ ...s, Effect: "Allow" })), gap: /SSE-S3/ },
    { name: "a condition on an unrelated key", mutate: (d) => mapDenies(d, (s) => ({ ...s, Condition: { ...(s.Condition as object), StringEquals: { "aws:PrincipalAccount": "111111111111" } } })), gap: /SSE-S3/ },
];

function omit(d: Doc, ...sids: string[]): Doc {
    return { ...d, Statement: d.Statement.filter((s) => !sids.includes(s.Sid as string)) };
}

function mapDenies(d: Doc, f: (s: Record<string, unknown>) => Record<string, unknown>): Doc {
    return { ...d, Statement: d.Statement.map((s) => (s.Action === "s3:PutObject" ? f(s) : s)) };
}

function goodPolicyWith(_d: Doc, arn: string, keyArn: string): Doc {
    return goodPolicy(arn, keyArn);
}

/** Equivalent rewrites of the component's policy that must still pass. */
const EQUIVALENT: { name: string; mutate: (doc: Doc) => Doc }[] = [
    { name: "statements reversed", mutate: (d) => ({ ...d, Statement: [...d.Statement].reverse() }) },
    { name: "no Sids, lists for single values, {AWS: *}", mutate: (d) => ({ ...d, Statement: d.Statement.map(({ Sid: _s, ...s }) => ({ ...s, Principal: { AWS: ["*"] }, Action: [s.Action], Resource: [s.Resource].flat() })) }) },
    { name: "s3:Put* and IfExists instead of a Null check", mutate: (d) => mapDenies(d, (s) => ({ ...s, Action: "s3:Put*" })) },
    { name: "deny on every resource", mutate: (d) => mapDenies(d, (s) => ({ ...s, Resource: "*" })) },
];

/** A stack with a compliant key and encryption and the given policy, in one of the policy shapes. */
function stackWith(form: Form, shape: "BucketPolicy" | "aws-native BucketPolicy" | "inline policy", doc: (arn: string, keyArn: string) => Doc, sseCBlocked = false): { b: EngineResource; p?: EngineResource; stack: EngineResource[] } {
    // Inline policies cannot refer to their own bucket's ARN, so they name a known bucket and key.
    const k = shape === "inline policy" ? key("update", "k") : key(form, "k");
    const b = bucket(form, "data");
    const keyRef = computed(shape === "inline policy" ? "update" : form, keyArnOf("k"), k);
    const config = encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyRef }, SSE_CONFIG, sseCBlocked ? { blockedEncryptionTypes: ["SSE-C"] } : {});
    if (shape === "inline policy") {
        const withPolicy = { ...b, properties: { ...b.properties, policy: JSON.stringify(doc(bucketArn(b), keyArnOf("k"))) } };
        return { b: withPolicy, p: withPolicy, stack: [k, withPolicy, config] };
    }
    const native = shape === "aws-native BucketPolicy";
    // aws-native keeps the document's structure in preview: only the ARNs are unknown.
    const document = native && form === "preview" ? doc(UNKNOWN.string, UNKNOWN.string) : doc(bucketArn(b), keyArnOf("k"));
    const p = bucketPolicy(form, b, document, [k], native ? NATIVE_BUCKET_POLICY : undefined);
    return { b, p, stack: [k, b, config, p] };
}

describe(`policy ${POLICY}`, () => {
    const pack = usePack();

    const ours = async (stack: EngineResource[]) => (await pack().analyzeStack(stack)).filter((d) => d.policyName === POLICY);
    const perResource = async (stack: EngineResource[]) => (await Promise.all(stack.map((r) => pack().analyze(r)))).flat().filter((d) => d.policyName === POLICY);

    for (const form of FORMS) {
        describe(`${form} form`, () => {
            it("passes the component's layout", async () => {
                assert.deepStrictEqual(violations(await pack().analyzeStack(compliantBucket(form, "data"))), []);
                assert.deepStrictEqual(violations(await perResource(compliantBucket(form, "data"))), []);
            });

            it("blocks a bucket with no bucket policy", async () => {
                const [k, b, config] = compliantBucket(form, "data");
                const ds = await ours([k, b, config]);
                assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
                assert.match(ds[0].message, /bucket "data" \(data\): it has no bucket policy\. Expected explicit Deny/);
            });

            it("blocks a policy of another bucket", async () => {
                const [k, b, config] = compliantBucket(form, "data");
                const other = bucket(form, "other");
                const p = bucketPolicy(form, other, goodPolicy(bucketArn(b), keyArnOf("k")), [k]);
                assert.ok(violations(await ours([k, b, config, other, p])).includes(violation(POLICY, b)));
            });

            for (const shape of ["BucketPolicy", "aws-native BucketPolicy", "inline policy"] as const) {
                describe(shape, () => {
                    it("passes the component's policy", async () => {
                        const { stack } = stackWith(form, shape, (arn, keyArn) => goodPolicy(arn, keyArn));
                        assert.deepStrictEqual(violations(await ours(stack)), []);
                    });

                    for (const eq of EQUIVALENT) {
                        it(`passes an equivalent policy: ${eq.name}`, async () => {
                            const { stack } = stackWith(form, shape, (arn, keyArn) => eq.mutate(goodPolicy(arn, keyArn)));
                            assert.deepStrictEqual(violations(await ours(stack)), []);
                        });
                    }

                    it("accepts SSE-C blocked by the encryption configuration instead of the policy", async () => {
                        const { stack } = stackWith(form, shape, (arn, keyArn) => omit(goodPolicy(arn, keyArn), "DenySseC"), true);
                        assert.deepStrictEqual(violations(await ours(stack)), []);
                    });

                    for (const bad of BAD) {
                        // In preview a BucketPolicy's JSON text computed from unknown ARNs is one unknown
                        // string, and an unknown ARN cannot show what it names: those are judged before
                        // the update applies the document (below) and by the stack check after it.
                        const unseenInPreview = shape === "BucketPolicy" || (shape === "aws-native BucketPolicy" && bad.aboutResourceArn);
                        const judgedInThisForm = !(form === "preview" && unseenInPreview);
                        it(`${judgedInThisForm ? "blocks" : "defers to the update"}: ${bad.name}`, async () => {
                            const { b, p, stack } = stackWith(form, shape, (arn, keyArn) => bad.mutate(goodPolicy(arn, keyArn), arn, keyArn));
                            const ds = await ours(stack);
                            if (!judgedInThisForm) {
                                assert.deepStrictEqual(violations(ds), []);
                                return;
                            }
                            assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
                            assert.match(ds[0].message, bad.gap);
                            if (form === "update" && p && !bad.stackOnly) {
                                // Per-resource analysis stops the document before it is applied.
                                const before = await perResource([p]);
                                assert.deepStrictEqual(violations(before), [violation(POLICY, p)]);
                                assert.match(before[0].message, bad.gap);
                            }
                        });
                    }
                });
            }
        });
    }

    it("blocks in preview a policy document that is not computed from the bucket's key", async () => {
        const [k, b, config] = compliantBucket("preview", "data");
        const p = bucketPolicy("preview", b, goodPolicy(bucketArn(b), OTHER_KEY_ARN), []);
        const ds = await ours([k, b, config, p]);
        assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
        assert.match(ds[0].message, /unknown until apply, and nothing known shows it narrows uploads to the bucket's key/);
    });

    // @pulumi/pulumi runtime/invoke.ts (invokeAsync): an output-form invoke with an unknown argument
    // resolves to an unknown result with no dependencies, so getPolicyDocumentOutput loses the evidence.
    it("says how to keep the evidence when an unknown policy depends on no resource (getPolicyDocumentOutput in a preview)", async () => {
        const [k, b, config] = compliantBucket("preview", "data");
        const ref = bucketRef("preview", b);
        const orphanPolicy = res(BUCKET_POLICY, "data-policy", { bucket: ref.value, policy: UNKNOWN.string },
            { propertyDependencies: { bucket: ref.deps, policy: [] } });
        const orphan = await ours([k, b, config, orphanPolicy]);
        assert.deepStrictEqual(violations(orphan), [violation(POLICY, b)]);
        assert.match(orphan[0].message, /depends on no resource at all, which is what aws\.iam\.getPolicyDocumentOutput returns in a preview.*pulumi\.jsonStringify/);
        const fromBucket = await ours([k, b, config, bucketPolicy("preview", b, goodPolicy(bucketArn(b), OTHER_KEY_ARN), [b])]);
        assert.deepStrictEqual(violations(fromBucket), [violation(POLICY, b)]);
        assert.doesNotMatch(fromBucket[0].message, /getPolicyDocumentOutput/);
    });

    it("blocks in preview a policy when the bucket has no provable key", async () => {
        const k = key("preview", "k");
        const b = bucket("preview", "data");
        const noise = res("aws:ssm/parameter:Parameter", "noise", {});
        const config = encryptionConfig("preview", b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed("preview", "x", noise) });
        const p = bucketPolicy("preview", b, goodPolicy(bucketArn(b), keyArnOf("k")), [k]);
        const ds = await ours([k, noise, b, config, p]);
        assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
        assert.match(ds[0].message, /no provable customer-managed key/);
    });

    it("blocks an unreadable or empty document", async () => {
        for (const policy of ["{not json", "[]", "", 42]) {
            const [k, b, config] = compliantBucket("update", "data");
            const p = res("aws:s3/bucketPolicy:BucketPolicy", "data-policy", { bucket: "data", policy });
            const ds = await ours([k, b, config, p]);
            assert.deepStrictEqual(violations(ds), [violation(POLICY, b)], `policy ${JSON.stringify(policy)}`);
        }
    });

    it("accepts header-less uploads when requireEncryptionHeaders is false", async () => {
        await pack().configure({ [POLICY]: { requireEncryptionHeaders: false } });
        try {
            for (const form of FORMS) {
                const { stack, p } = stackWith(form, "aws-native BucketPolicy", (arn, keyArn) => goodPolicy(arn, keyArn, { strict: false }));
                assert.deepStrictEqual(violations(await ours(stack)), []);
                assert.deepStrictEqual(violations(await perResource([p!])), []);
            }
        } finally {
            await pack().configure({});
        }
    });

    it("requires aws:kms:dsse uploads to be denied when allowDsse is false", async () => {
        const { b, stack } = stackWith("update", "BucketPolicy", (arn, keyArn) => goodPolicy(arn, keyArn, { algorithm: "aws:kms:dsse" }));
        assert.deepStrictEqual(violations(await ours(stack)), []);
        await pack().configure({ [POLICY]: { allowDsse: false } });
        try {
            const ds = await ours(stack);
            assert.deepStrictEqual(violations(mandatory(ds)), [violation(POLICY, b)]);
            assert.match(ds[0].message, /aws:kms:dsse, which is not allowed/);
        } finally {
            await pack().configure({});
        }
    });

    describe("evidence it must not take on trust", () => {
        const allowingOther = { "s3-bucket-encrypted-with-cmk": { allowedKeyArns: [OTHER_KEY_ARN] } };

        it("blocks in preview an unknown policy of a bucket under an allowed external key, when nothing declares its statements", async () => {
            await pack().configure(allowingOther);
            try {
                const b = bucket("preview", "data");
                const config = encryptionConfig("preview", b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN });
                const p = bucketPolicy("preview", b, goodPolicy(bucketArn(b), OTHER_KEY_ARN), []);
                const ds = await ours([b, config, p]);
                assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
                assert.match(ds[0].message, /nothing known shows it narrows uploads to the bucket's key/);
                // Known, the same document passes: the block is about evidence, not about the document.
                const ub = bucket("update", "data");
                const known = [ub, encryptionConfig("update", ub, { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN }),
                    bucketPolicy("update", ub, goodPolicy(bucketArn(ub), OTHER_KEY_ARN), [])];
                assert.deepStrictEqual(violations(await ours(known)), []);
            } finally {
                await pack().configure({});
            }
        });

        it("reports a bucket policy whose unknown bucket is computed from no single bucket, on its own URN", async () => {
            const stack = compliantBucket("preview", "data");
            const [k, b] = stack;
            const other = bucket("preview", "other");
            const stray = { ...bucketPolicy("preview", b, goodPolicy(bucketArn(b), keyArnOf(k.name)), [k]), name: "stray", urn: "urn:pulumi:test::proj::aws:s3/bucketPolicy:BucketPolicy::stray" };
            stray.propertyDependencies = { ...stray.propertyDependencies, bucket: [b.urn, other.urn] };
            const ds = await ours([...stack, other, stray]);
            assert.ok(violations(ds).includes(violation(POLICY, stray)), violations(ds).join("\n"));
            assert.match(ds.find((d) => d.urn === stray.urn)!.message, /computed from no single bucket of the stack/);
        });

        it("refuses, before it is applied, a known policy that narrows uploads to an alias instead of a key ARN", async () => {
            const [k, b, config] = compliantBucket("update", "data");
            const p = bucketPolicy("update", b, goodPolicy(bucketArn(b), "alias/data"), [k]);
            const ds = await perResource([k, b, config, p]);
            assert.deepStrictEqual(violations(ds), [violation(POLICY, p)]);
        });

        it("answers at once for a bucket policy with a pathological wildcard (no exponential matching)", async () => {
            const [k, b, config] = compliantBucket("update", "data");
            const doc = goodPolicy(bucketArn(b), keyArnOf(k.name));
            doc.Statement = doc.Statement.map((st) => ({ ...st, Resource: `${"*?".repeat(22)}Z*` }));
            const started = Date.now();
            const ds = await ours([k, b, config, bucketPolicy("update", b, doc, [k])]);
            assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
            assert.deepStrictEqual(violations(ds), [violation(POLICY, b)]);
        });
    });
});
