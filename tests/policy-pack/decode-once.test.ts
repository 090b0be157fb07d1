/**
 * policy-pack/src/decode-once.ts: every stack policy of an AnalyzeStack request gets one shared
 * decoding of the resources, and a model built once (StackModel.of). What must hold for that to
 * be safe: the hook is in place only for the @pulumi/policy it was checked against; each request
 * is decoded once and never served from an earlier one; the pack's verdicts are those it gives
 * without the hook; and no policy writes to what it shares.
 */
import * as assert from "assert";
import * as path from "path";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import { Diagnostic, PolicyAnalyzer } from "../../offline/analyzer";
import { CHECKED_POLICY_SDK_VERSION, installDecodeOnce, isSharedDecoding } from "../../policy-pack/src/decode-once";
import { StackModel } from "../../policy-pack/src/model/stack";
import { POLICIES } from "../../policy-pack/src/policies";
import {
    FORMS, Form, OTHER_KEY_ARN, bucket, bucketRef, compliantBucket, computed, encryptionConfig, key, keyArnOf, res,
} from "./fixtures";

const PROBE_DIR = path.join(__dirname, "decode-once-probe");
const STACK_POLICIES = POLICIES.filter((p): p is StackValidationPolicy => "validateStack" in p);

/** A stack on which each of the four stack policies has something to report, and something to pass. */
function mixedStack(form: Form): EngineResource[] {
    const good = compliantBucket(form, "good");
    const goodBucket = good[1];
    const looseKey = key(form, "loose-key");
    const loose = bucket(form, "loose");
    const plain = bucket(form, "plain");
    const ref = bucketRef(form, goodBucket);
    return [
        ...good,
        looseKey,
        loose,
        encryptionConfig(form, loose, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf(looseKey.name), looseKey) }),
        plain,
        encryptionConfig(form, plain, { sseAlgorithm: "AES256" }),
        res("aws:s3/bucketObjectv2:BucketObjectv2", "report", { bucket: ref.value, key: "report.csv", serverSideEncryption: "aws:kms", kmsKeyId: OTHER_KEY_ARN }, {
            propertyDependencies: { bucket: ref.deps },
        }),
        // Server access logs into an SSE-KMS bucket: they would never arrive.
        res("aws:s3/bucketLogging:BucketLogging", "plain-logging", { bucket: bucketRef(form, plain).value, targetBucket: ref.value }, {
            propertyDependencies: { bucket: bucketRef(form, plain).deps, targetBucket: ref.deps },
        }),
    ];
}

function summary(ds: Diagnostic[]): string[] {
    return ds.map((d) => `${d.policyName} [${d.enforcementLevel}] @ ${d.urn}: ${d.message}`).sort();
}

/** The probe's JSON report: @pulumi/policy puts the policy's description before the message. */
function probeReport(d: Diagnostic): any {
    return JSON.parse(d.message.slice(d.message.indexOf("{")));
}

/** The probe pack started as the engine starts a pack, with no policy config. */
async function startProbe(env: NodeJS.ProcessEnv): Promise<PolicyAnalyzer> {
    const analyzer = await PolicyAnalyzer.start(PROBE_DIR, { env });
    try {
        await analyzer.configure({});
        return analyzer;
    } catch (e) {
        await analyzer.close();
        throw e;
    }
}

async function withProbe<T>(env: NodeJS.ProcessEnv, use: (a: PolicyAnalyzer) => Promise<T>): Promise<T> {
    const analyzer = await startProbe(env);
    try {
        return await use(analyzer);
    } finally {
        await analyzer.close();
    }
}

describe("one decoding per AnalyzeStack request (policy-pack/src/decode-once.ts)", () => {
    it("was checked against the @pulumi/policy the pack pins: a bump fails here until the decoder is re-read", () => {
        const pinned = require("../../policy-pack/package.json").dependencies["@pulumi/policy"];
        assert.strictEqual(
            pinned,
            CHECKED_POLICY_SDK_VERSION,
            `policy-pack pins @pulumi/policy ${pinned}; decode-once.ts was checked against ${CHECKED_POLICY_SDK_VERSION}. Re-read that version's `
            + "server.js (makeAnalyzeStackRpcFun, makeAnalyzeRpcFun) and deserialize.js: the decoder must still be a pure function of the "
            + "request's Struct, called through the module's exports. Then move CHECKED_POLICY_SDK_VERSION.",
        );
    });

    it("decodes each resource once per request, hands every stack policy the same objects, and never serves an earlier request", async () => {
        const stack = (marker: string): EngineResource[] => ["a", "b", "c", "d"].map((n) => res("test:index:Thing", n, { marker: `${marker}-${n}` }));
        await withProbe({ PROBE: "identity" }, async (probe) => {
            for (const marker of ["first", "second"]) {
                const reports = (await probe.analyzeStack(stack(marker))).map((d) => ({ policy: d.policyName, ...probeReport(d) }));
                assert.deepStrictEqual(reports.map((r) => r.policy).sort(), ["probe-1", "probe-2", "probe-3"]);
                for (const r of reports) {
                    assert.deepStrictEqual(r.status, { installed: true }, r.policy);
                    assert.strictEqual(r.decodes, 4, `${r.policy} (${marker}): each of the 4 resources decoded once`);
                    assert.strictEqual(r.sameAsFirst, true, `${r.policy} (${marker}) saw other objects than probe-1`);
                    assert.deepStrictEqual(r.markers, ["a", "b", "c", "d"].map((n) => `${marker}-${n}`), `${r.policy} saw stale data`);
                }
            }
        });
    });

    it("without the hook @pulumi/policy decodes once per stack policy: the cost it saves", async () => {
        const stack = ["a", "b"].map((n) => res("test:index:Thing", n, { marker: n }));
        await withProbe({ PROBE: "identity", DECODE_ONCE: "off" }, async (probe) => {
            const reports = (await probe.analyzeStack(stack)).map(probeReport);
            assert.deepStrictEqual(reports.map((r) => r.decodes).sort(), [2, 4, 6]);
            assert.ok(reports.some((r) => !r.sameAsFirst));
        });
    });

    // The real pack's policies with the hook and without: one process of each serves both forms, as
    // one pack process serves every request of an update (each request is decoded anew: above).
    const real: { hooked?: PolicyAnalyzer; unhooked?: PolicyAnalyzer } = {};
    before(async () => {
        real.hooked = await startProbe({ PROBE: "pack" });
        real.unhooked = await startProbe({ PROBE: "pack", DECODE_ONCE: "off" });
    });
    after(async () => {
        await Promise.all([real.hooked?.close(), real.unhooked?.close()]);
    });

    for (const form of FORMS) {
        it(`gives the pack's verdicts unchanged (${form} form): the same diagnostics with the hook as without`, async () => {
            const stack = mixedStack(form);
            const [withHook, withoutHook] = [await real.hooked!.analyzeStack(stack), await real.unhooked!.analyzeStack(stack)];
            assert.deepStrictEqual(
                [...new Set(withHook.map((d) => d.policyName))].sort(),
                STACK_POLICIES.map((p) => p.name).sort(),
                "every stack policy has something to report on this stack",
            );
            assert.deepStrictEqual(summary(withHook), summary(withoutHook));
        });
    }
});

describe("one stack model per request (StackModel.of), in process", () => {
    const structpb = require("google-protobuf/google/protobuf/struct_pb");
    const decoder = require("@pulumi/policy/deserialize");
    const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
    // The hook replaces the SDK's decoder for the whole process: this block puts the SDK's own
    // back when it is done, so that no later test in this mocha process runs on it unknowingly.
    const sdkDecoder = decoder.deserializeProperties;
    before(() => installDecodeOnce());
    after(() => {
        decoder.deserializeProperties = sdkDecoder;
    });

    /** What the decoder gives for each resource; frozen, so that any write by a policy throws. */
    function decodeAll(stack: EngineResource[]): Record<string, unknown>[] {
        return stack.map((r) => deepFreeze(decoder.deserializeProperties(structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(r.properties))), false)));
    }

    /** The resources as @pulumi/policy's server hands them to a stack policy, over given decoded properties. */
    function asPolicyResources(stack: EngineResource[], decoded: Record<string, unknown>[]): PolicyResource[] {
        const resources = stack.map((r, i): PolicyResource => ({
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: unknownCheckingProxy(decoded[i]),
            opts: { protect: r.protect ?? false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        }));
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        stack.forEach((r, i) => {
            resources[i].parent = r.parent ? byUrn.get(r.parent) : undefined;
            resources[i].dependencies = (r.dependencies ?? []).flatMap((u) => byUrn.get(u) ?? []);
            resources[i].propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, us]) => [k, us.flatMap((u) => byUrn.get(u) ?? [])]));
        });
        return resources;
    }

    async function run(policy: StackValidationPolicy, resources: PolicyResource[]): Promise<string[]> {
        const found: string[] = [];
        await policy.validateStack({ resources, getConfig: <T>() => ({}) as T, notApplicable: () => { throw new Error("not applicable"); } } as any, (message: string, urn?: string) => {
            found.push(`${urn}: ${message}`);
        });
        return found.sort();
    }

    for (const form of FORMS) {
        it(`builds the model once for all stack policies, in any order, with the verdicts of separate models (${form} form)`, async () => {
            const stack = mixedStack(form);
            const alone = new Map<string, string[]>();
            for (const p of STACK_POLICIES) {
                alone.set(p.name, await run(p, asPolicyResources(stack, decodeAll(stack))));
                assert.ok(alone.get(p.name)!.length > 0, `${p.name} reports something on this stack`);
            }
            for (const order of permutations(STACK_POLICIES)) {
                const decoded = decodeAll(stack);
                const model = StackModel.of(asPolicyResources(stack, decoded));
                for (const p of order) {
                    // A fresh set of wrappers per policy, over the same decoding: as the server does it.
                    const resources = asPolicyResources(stack, decoded);
                    assert.strictEqual(StackModel.of(resources), model, "the request's model is reused");
                    assert.deepStrictEqual(await run(p, resources), alone.get(p.name), `${p.name} after ${order.map((q) => q.name).join(", ")}`);
                }
            }
        });
    }

    it("builds a new model for a new decoding, and for properties it did not decode", () => {
        const stack = mixedStack("update");
        const first = asPolicyResources(stack, decodeAll(stack));
        assert.notStrictEqual(StackModel.of(asPolicyResources(stack, decodeAll(stack))), StackModel.of(first));
        const plain = asPolicyResources(stack, stack.map((r) => r.properties));
        assert.ok(!isSharedDecoding(stack[0].properties));
        assert.notStrictEqual(StackModel.of(plain), StackModel.of(plain));
    });

    it("keeps unknowns unknown through the shared decoding", () => {
        const k = key("preview", "k");
        const [decoded] = decodeAll([k]);
        assert.ok(isSharedDecoding(decoded));
        assert.strictEqual(decoded.arn, UNKNOWN.string);
    });
});

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) {
            deepFreeze(v);
        }
    }
    return value;
}

function permutations<T>(xs: T[]): T[][] {
    return xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}
