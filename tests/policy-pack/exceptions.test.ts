/**
 * Exceptions owned by the policy's owner (docs/exceptions.md), through the real analyzer over gRPC
 * as the engine runs a pack. The pack here is tests/policy-pack/dated-pack: the real pack's policies
 * with expiry judged on the date the test passes (TODAY), never the machine's clock.
 */
import * as assert from "assert";
import * as path from "path";
import { Diagnostic, PolicyAnalyzer, PolicyConfigError, PolicyPackConfig, ResolvedPolicyConfig } from "../../offline/analyzer";
import { analyzeCaptured } from "../../offline/analyze-captured";
import { EngineResource } from "../../offline/engine-resource";
import { resolvePolicyConfig } from "../../offline/policy-config";
import { captureProgram, loadProgram } from "../../offline/program";
import { CODES, codeUrl } from "../../policy-pack/src/findings/codes";
import { POLICY_CODES } from "../../policy-pack/src/findings/policy-codes";
import {
    BUCKET, DATED_PACK_DIR, FORMS, OTHER_KEY_ARN, bucket, bucketArn, bucketPolicy, codeOf, compliantBucket, encryptionConfig, goodPolicy, key, keyArnOf, res,
} from "./fixtures";

const TODAY = "2027-06-15";
/** The policies whose config the tests put exceptions in: the bucket, bucket-policy and rotation policies. */
const [ENC, BPL, ROT] = ["s3-bucket-encrypted-with-cmk", "s3-bucket-policy-enforces-cmk", "kms-key-rotation-enabled"];
const REASON = "legacy import from the 2019 data lake, moved by ticket SEC-1234";

/** One dated pack for the suite, judging expiry on TODAY; each test configures it. */
function useDatedPack(): () => PolicyAnalyzer {
    let analyzer: PolicyAnalyzer | undefined;
    before(async () => {
        analyzer = await PolicyAnalyzer.start(DATED_PACK_DIR, { env: { PACK_TODAY: TODAY } });
    });
    after(async () => {
        await analyzer?.close();
    });
    return () => analyzer!;
}

function exception(urn: string, codes: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { urn, codes, reason: REASON, approvedBy: "security@example.com", expires: "2027-12-31", ...extra };
}

/** What the assertions compare: code, level and URN of each diagnostic, sorted. */
function verdicts(ds: Diagnostic[]): string[] {
    return ds.map((d) => `${d.policyName} ${codeOf(d)} [${d.enforcementLevel}] @ ${d.urn}`).sort();
}

function v(policy: string, code: string, level: string, urn: string): string {
    return `${policy} ${code} [${level}] @ ${urn}`;
}

/** The engine's config for `policy` with `exceptions`, every other policy at its defaults. */
function config(exceptions: Record<string, unknown[]>, levels: Record<string, string> = {}): PolicyPackConfig {
    return Object.fromEntries([...new Set([...Object.keys(exceptions), ...Object.keys(levels)])].map((p) => [p, {
        ...(levels[p] ? { enforcementLevel: levels[p] } : {}),
        ...(exceptions[p] ? { exceptions: exceptions[p] } : {}),
    }])) as PolicyPackConfig;
}

describe("exceptions owned by the policy's owner", () => {
    const pack = useDatedPack();
    const legacy = bucket("update", "legacy");
    const other = bucket("update", "other");
    const stack = [legacy, other];
    const uncovered = [
        v(BPL, "EB-BPL-001", "mandatory", legacy.urn), v(BPL, "EB-BPL-001", "mandatory", other.urn),
        v(ENC, "EB-ENC-001", "mandatory", other.urn),
    ];

    async function judge(cfg: PolicyPackConfig, resources: EngineResource[] = stack): Promise<Diagnostic[]> {
        await pack().configure(cfg);
        return pack().analyzeStack(resources);
    }

    async function judgeUnchecked(cfg: PolicyPackConfig, resources: EngineResource[] = stack): Promise<Diagnostic[]> {
        const resolved: Record<string, ResolvedPolicyConfig> = resolvePolicyConfig((await pack().getAnalyzerInfo()).policies, {});
        for (const [name, entry] of Object.entries(cfg)) {
            resolved[name] = { ...resolved[name], properties: { ...resolved[name].properties, ...(entry as object) } };
        }
        await pack().configureUnchecked(resolved);
        return pack().analyzeStack(resources);
    }

    it("without exceptions, both buckets fail both policies", async () => {
        assert.deepStrictEqual(verdicts(await judge({})), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn)].sort());
    });

    it("a valid exception turns exactly its finding into an advisory naming its reason, approver and expiry", async () => {
        const ds = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-ENC-001"])] }));
        assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "advisory", legacy.urn)].sort());
        const covered = ds.find((d) => d.enforcementLevel === "advisory")!;
        for (const data of [REASON, "security@example.com", "2027-12-31", `exceptions[0] of ${ENC}`]) {
            assert.ok(covered.message.includes(data), `${data} in ${covered.message}`);
        }
        assert.ok(covered.message.endsWith(`See ${codeUrl("EB-ENC-001")}`), covered.message);
    });

    it("exceptions in two policies' configs leave the stack with no mandatory finding on the excepted bucket", async () => {
        const ds = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-ENC-001"])], [BPL]: [exception(legacy.urn, ["EB-BPL-001"])] }));
        assert.deepStrictEqual(verdicts(ds.filter((d) => d.urn === legacy.urn)), [v(BPL, "EB-BPL-001", "advisory", legacy.urn), v(ENC, "EB-ENC-001", "advisory", legacy.urn)].sort());
    });

    it("a stack pattern matches the stack part only; project, type and name must be the resource's", async () => {
        const [, , , name] = legacy.urn.split("::");
        const matching = `urn:pulumi:t*::proj::${BUCKET}::${name}`;
        const misses = [
            `urn:pulumi:prod-*::proj::${BUCKET}::${name}`,
            `urn:pulumi:*::other-project::${BUCKET}::${name}`,
            `urn:pulumi:*::proj::aws:s3/bucketV2:BucketV2::${name}`,
            `urn:pulumi:*::proj::${BUCKET}::legacy-2`,
        ];
        assert.deepStrictEqual(verdicts(await judge(config({ [ENC]: [exception(matching, ["EB-ENC-001"])] }))).filter((x) => x.includes(legacy.urn) && x.startsWith(ENC)),
            [v(ENC, "EB-ENC-001", "advisory", legacy.urn)]);
        const ds = await judge(config({ [ENC]: misses.map((u) => exception(u, ["EB-ENC-001"])) }));
        assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn)].sort());
    });

    it("applies through its expiry day (UTC); expired, it does not apply and is reported as expired", async () => {
        const lastDay = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-ENC-001"], { expires: TODAY })] }));
        assert.ok(verdicts(lastDay).includes(v(ENC, "EB-ENC-001", "advisory", legacy.urn)));
        const ds = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-ENC-001"], { expires: "2027-06-14" })] }));
        assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn), v(ENC, "EB-EXC-001", "advisory", "")].sort());
        const expired = ds.find((d) => codeOf(d) === "EB-EXC-001")!;
        for (const data of ["2027-06-14", TODAY, `exceptions[0] of ${ENC}`, legacy.urn]) {
            assert.ok(expired.message.includes(data), `${data} in ${expired.message}`);
        }
    });

    it("an exception for another finding of the same policy changes nothing", async () => {
        const ds = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-SSE-001"])] }));
        assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn)].sort());
    });

    it("exceptions declared in the program (resource tags) change nothing: exceptions are config only", async () => {
        const tagged = bucket("update", "legacy", BUCKET, {
            tags: { "policy-exception": JSON.stringify(exception(legacy.urn, ["EB-ENC-001", "EB-BPL-001"])), exceptions: "EB-ENC-001 EB-BPL-001", "approved-by": "security@example.com" },
        });
        const ds = await judge({}, [tagged, other]);
        assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn)].sort());
    });

    describe("what the config schema refuses (the engine then runs nothing), and what the pack does when sent it anyway", () => {
        const refused: Array<[string, Record<string, unknown>, RegExp, string]> = [
            ["a code the policy does not report", exception(legacy.urn, ["EB-ENC-001", "EB-ROT-001"]), /exceptions\[0\]\.codes\[1\]: must be one of/, "EB-EXC-004"],
            ["a wildcard name (too broad)", exception(`urn:pulumi:test::proj::${BUCKET}::*`, ["EB-ENC-001"]), /exceptions\[0\]\.urn: .* does not match the pattern/, "EB-EXC-003"],
            ["a wildcard type and name (too broad)", exception("urn:pulumi:*::proj::*::*", ["EB-ENC-001"]), /exceptions\[0\]\.urn: .* does not match the pattern/, "EB-EXC-003"],
            ["no approver", exception(legacy.urn, ["EB-ENC-001"], { approvedBy: undefined }), /exceptions\[0\]: approvedBy is required/, "EB-EXC-002"],
            ["a blank reason", exception(legacy.urn, ["EB-ENC-001"], { reason: "  " }), /exceptions\[0\]\.reason: .* does not match the pattern/, "EB-EXC-002"],
            ["no expiry", exception(legacy.urn, ["EB-ENC-001"], { expires: undefined }), /exceptions\[0\]: expires is required/, "EB-EXC-002"],
            ["an expiry that is no date", exception(legacy.urn, ["EB-ENC-001"], { expires: "31/12/2027" }), /exceptions\[0\]\.expires: .* does not match the pattern/, "EB-EXC-002"],
            ["no codes", exception(legacy.urn, []), /exceptions\[0\]\.codes: number of items must be at least 1/, "EB-EXC-002"],
            ["a field the pack does not know", exception(legacy.urn, ["EB-ENC-001"], { stack: "test" }), /exceptions\[0\]: unknown property stack/, "EB-EXC-002"],
            ["no urn", exception(legacy.urn, ["EB-ENC-001"], { urn: undefined }), /exceptions\[0\]: urn is required/, "EB-EXC-002"],
        ];
        for (const [what, entry, schemaError, code] of refused) {
            const clean = JSON.parse(JSON.stringify(entry));
            it(`${what}: the schema refuses it; sent anyway, it does not apply and is reported (${code})`, async () => {
                await assert.rejects(pack().configure(config({ [ENC]: [clean] })), (e: unknown) => e instanceof PolicyConfigError && schemaError.test(e.message));
                const ds = await judgeUnchecked(config({ [ENC]: [clean] }));
                assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn), v(ENC, code, "advisory", "")].sort());
                assert.ok(ds.find((d) => codeOf(d) === code)!.message.includes(`exceptions[0] of ${ENC}`));
            });
        }

        it("a date the schema's pattern lets through but no calendar has: the pack reports it and applies nothing", async () => {
            const ds = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-ENC-001"], { expires: "2027-02-30" })] }));
            assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn), v(ENC, "EB-EXC-002", "advisory", "")].sort());
        });

        it("exceptions that are not a list apply nothing and are reported", async () => {
            const ds = await judgeUnchecked({ [ENC]: { exceptions: exception(legacy.urn, ["EB-ENC-001"]) } } as PolicyPackConfig);
            assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "mandatory", legacy.urn), v(ENC, "EB-EXC-002", "advisory", "")].sort());
        });

        it("one broken exception leaves the valid ones beside it in force", async () => {
            const ds = await judgeUnchecked(config({ [ENC]: [exception(legacy.urn, ["EB-ROT-001"]), exception(legacy.urn, ["EB-ENC-001"])] }));
            assert.deepStrictEqual(verdicts(ds), [...uncovered, v(ENC, "EB-ENC-001", "advisory", legacy.urn), v(ENC, "EB-EXC-004", "advisory", "")].sort());
        });
    });

    describe("per-resource analysis and resource-only policies", () => {
        for (const form of FORMS) {
            it(`a bucket policy judged alone before the update: its finding covered (${form} form of the stack)`, async () => {
                const [k, b] = compliantBucket(form, "data");
                const loose = bucketPolicy("update", b, goodPolicy(bucketArn(b), keyArnOf(k.name), { omit: ["DenySseC", "DenyWrongKmsKey"] }), [k]);
                await pack().configure({});
                assert.deepStrictEqual(verdicts(await pack().analyze(loose)), [v(BPL, "EB-BPL-005", "mandatory", loose.urn)]);
                await pack().configure(config({ [BPL]: [exception(loose.urn, ["EB-BPL-005"])] }));
                assert.deepStrictEqual(verdicts(await pack().analyze(loose)), [v(BPL, "EB-BPL-005", "advisory", loose.urn)]);
            });
        }

        it("a resource-only policy set mandatory: covered per resource, its broken exceptions reported on the resource they name", async () => {
            const k = key("update", "k", { enableKeyRotation: false });
            const k2 = key("update", "k2", { enableKeyRotation: false });
            const levels = { [ROT]: "mandatory" };
            await pack().configure(config({}, levels));
            assert.deepStrictEqual(verdicts(await pack().analyze(k)), [v(ROT, "EB-ROT-001", "mandatory", k.urn)]);
            await pack().configure(config({ [ROT]: [exception(k.urn, ["EB-ROT-001"]), exception(k2.urn, ["EB-ROT-001"], { expires: "2026-01-01" })] }, levels));
            assert.deepStrictEqual(verdicts(await pack().analyze(k)), [v(ROT, "EB-ROT-001", "advisory", k.urn)]);
            assert.deepStrictEqual(verdicts(await pack().analyze(k2)), [v(ROT, "EB-EXC-001", "advisory", k2.urn), v(ROT, "EB-ROT-001", "mandatory", k2.urn)]);
            // No stack pass of its own: @pulumi/policy prepares the whole stack once per stack policy.
            assert.deepStrictEqual(verdicts(await pack().analyzeStack([k, k2])).filter((x) => x.startsWith(ROT)), []);
            const tooBroad = [{ ...exception(k.urn, ["EB-ROT-001"]), urn: "urn:pulumi:test::proj::aws:kms/key:Key::*" }];
            const resolved = resolvePolicyConfig((await pack().getAnalyzerInfo()).policies, config({}, levels));
            resolved[ROT].properties.exceptions = tooBroad;
            await pack().configureUnchecked(resolved);
            assert.deepStrictEqual(verdicts(await pack().analyze(k2)), [v(ROT, "EB-EXC-003", "advisory", k2.urn), v(ROT, "EB-ROT-001", "mandatory", k2.urn)]);
        });

        it("a policy's level is still its owner's: an advisory policy stays advisory, a disabled one reports nothing", async () => {
            const covering = { [ENC]: [exception(legacy.urn, ["EB-ENC-001"])] };
            const advisory = await judge(config(covering, { [ENC]: "advisory" }));
            assert.deepStrictEqual(verdicts(advisory).filter((x) => x.startsWith(ENC)), [v(ENC, "EB-ENC-001", "advisory", legacy.urn), v(ENC, "EB-ENC-001", "advisory", other.urn)]);
            const disabled = await judge(config({ [ENC]: [exception(legacy.urn, ["EB-ENC-001"], { expires: "2027-01-01" })] }, { [ENC]: "disabled" }));
            assert.deepStrictEqual(verdicts(disabled).filter((x) => x.startsWith(ENC)), []);
        });
    });

    describe("the codes an exception may name are exactly the codes its policy reports", () => {
        it("every listed code exists, and every policy's schema offers exactly its codes", async () => {
            for (const [policy, codes] of Object.entries(POLICY_CODES)) {
                for (const code of codes) {
                    assert.ok(code in CODES, `${policy}: ${code}`);
                }
            }
            const info = await pack().getAnalyzerInfo();
            assert.deepStrictEqual(info.policies.map((p) => p.name).sort(), Object.keys(POLICY_CODES).sort());
            for (const p of info.policies) {
                const schema = p.configSchema?.properties.exceptions as { items: { properties: { codes: { items: { enum: string[] } } } } };
                assert.deepStrictEqual(schema.items.properties.codes.items.enum, [...POLICY_CODES[p.name]], p.name);
            }
        });

        it("no policy reports a code outside its list, on stacks with every kind of problem and on the examples", async () => {
            await pack().configure({});
            const stacks: EngineResource[][] = FORMS.flatMap((form) => {
                const [k, b, sse, policy] = compliantBucket(form, "data");
                return [
                    [bucket(form, "plain")],
                    [k, b, encryptionConfig(form, b, { sseAlgorithm: "AES256" })],
                    [k, b, encryptionConfig(form, b, {}), policy],
                    [k, b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN }), policy],
                    [{ ...k, properties: { ...k.properties, enableKeyRotation: false, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] }) } }],
                    [k, b, sse, policy, res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { bucket: "data", key: "o", serverSideEncryption: "AES256" })],
                    [k, b, sse, policy, res("aws:s3/bucketObjectv2:BucketObjectv2", "c", { bucket: "data", key: "c", sseCustomerAlgorithm: "AES256" })],
                    [key(form, "k2"), bucket(form, "solo"), encryptionConfig(form, bucket(form, "solo"), { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArnOf("k2") })],
                ];
            });
            const ds: Diagnostic[] = [];
            for (const s of stacks) {
                ds.push(...await pack().analyzeStack(s), ...(await Promise.all(s.map((r) => pack().analyze(r)))).flat());
            }
            const root = path.join(__dirname, "..", "..");
            for (const example of ["insecure"]) {
                ds.push(...await analyzeCaptured(pack(), await captureProgram(loadProgram(path.join(root, "examples", example)), "dev", false)));
            }
            const seen = new Set(ds.map((d) => `${d.policyName} ${codeOf(d)}`));
            assert.ok(seen.size >= 10, [...seen].join(", "));
            for (const pair of seen) {
                const [policy, code] = pair.split(" ");
                assert.ok((POLICY_CODES[policy] as readonly string[]).includes(code), `${policy} reported ${code}, not in its list`);
            }
        });
    });
});
