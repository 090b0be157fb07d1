/**
 * Engine-shaped stack fuzz: random properties (garbage, unknown sentinels, nested junk) on
 * resources of every type the pack reads, sent as the engine sends them. Whatever arrives, the
 * pack must answer (no crash), must not fall back to an advisory "can't run" note, and must
 * never let a bucket through without a proven bucket policy.
 */
import * as fc from "fast-check";
import { EngineResource, UNKNOWN } from "../offline/engine-resource";
import { PolicyAnalyzer } from "../offline/analyzer";
import { STORAGE_KINDS } from "../policy-pack/src/model/bucket-kinds";
import { KEY_POLICY_HOLDERS } from "../policy-pack/src/model/key-kinds";
import { MODEL_FIELDS } from "../policy-pack/src/model/stack";
import { TYPES } from "../policy-pack/src/resource-types";
import { res, urnOf } from "../tests/policy-pack/fixtures";
import { POLICY } from "./judge";

const sentinel = fc.constantFrom(...Object.values(UNKNOWN));
export const junk: fc.Arbitrary<unknown> = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), sentinel, fc.constant([]), fc.constant({}));

/**
 * Every type the pack reads and every property it reads of them, from its own tables (the stack
 * model's, and the key policies' holders): a type or property added there is fuzzed here too.
 */
const TYPES_READ = [...new Set([...Object.values(TYPES), ...MODEL_FIELDS.keys(), ...KEY_POLICY_HOLDERS.map((h) => h.type)])];
const PROPERTY_NAMES = [...new Set([
    ...[...MODEL_FIELDS.values()].flat(),
    ...KEY_POLICY_HOLDERS.flatMap((h) => [h.policy, ...(h.bypass ? [h.bypass] : [])]),
    "enableKeyRotation", "keySpec", "customerMasterKeySpec", "keyUsage",
])];
const NESTED_NAMES = ["rule", "rules", "applyServerSideEncryptionByDefault", "serverSideEncryptionByDefault", "sseAlgorithm", "kmsMasterKeyId", "kmsKeyArn",
    "encryptionConfiguration", "bucketKeyEnabled", "blockedEncryptionTypes", "Statement", "Effect", "Condition", "Action", "Resource", "bucket", "AWS"];

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: "small" }, junk, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...NESTED_NAMES), tie("v"), { maxKeys: 3 })),
})).v;

const resource = fc.record({
    type: fc.constantFrom(...TYPES_READ),
    props: fc.dictionary(fc.constantFrom(...PROPERTY_NAMES), value, { maxKeys: 6 }),
    deps: fc.array(fc.nat(5), { maxLength: 2 }),
});

export const randomStack: fc.Arbitrary<EngineResource[]> = fc.array(resource, { maxLength: 8 }).map((specs) => {
    const urns = specs.map((s, i) => urnOf(s.type, `r${i}`));
    return specs.map((s, i) => res(s.type, `r${i}`, s.props as Record<string, unknown>, {
        urn: urns[i],
        propertyDependencies: Object.fromEntries(Object.keys(s.props).map((k) => [k, s.deps.flatMap((d) => urns[d] ?? [])])),
    }));
});

/** What is wrong with the pack's answer on `stack`, or undefined; a crash (RPC error) propagates. */
export async function stackProblem(pack: PolicyAnalyzer, stack: EngineResource[]): Promise<string | undefined> {
    const ds = [...await pack.analyzeStack(stack), ...(await Promise.all(stack.map((r) => pack.analyze(r)))).flat()];
    const downgraded = ds.find((d) => d.message.includes("can't run"));
    if (downgraded) {
        return `${downgraded.policyName} was downgraded to advisory: ${downgraded.message}`;
    }
    // Kinds whose uploads a bucket policy must refuse; other kinds take no bucket policy.
    const unproven = stack.find((r) => STORAGE_KINDS.get(r.type)?.policyDialect !== undefined && !ds.some((d) => d.urn === r.urn && d.policyName === POLICY && d.enforcementLevel === "mandatory"));
    return unproven ? `${unproven.urn} has no proven bucket policy yet passed` : undefined;
}

export interface StackFuzzResult {
    stacks: number;
    /** The shrunk failing stack and what went wrong (a crash is reported as its error). */
    failure?: { problem: string; stack: EngineResource[]; seed: number; path: string };
}

const STACK_CHUNK = 500;

/**
 * `count` stacks in chunks of 500, chunk `i` seeded `seed + i` (so a failure replays alone);
 * stops at the first failure, shrunk, or between chunks when `stop()` says so.
 */
export async function fuzzStacks(pack: PolicyAnalyzer, count: number, seed: number, progress: (done: number) => void, stop: () => boolean = () => false): Promise<StackFuzzResult> {
    let done = 0;
    const problemOf = async (stack: EngineResource[]) => {
        try {
            return (await stackProblem(pack, stack)) ?? "";
        } catch (e) {
            return `the pack crashed: ${(e as Error).message}`;
        }
    };
    for (let chunk = 0; chunk * STACK_CHUNK < count && !stop(); chunk++) {
        const size = Math.min(STACK_CHUNK, count - chunk * STACK_CHUNK);
        const result = await fc.check(fc.asyncProperty(randomStack, async (stack) => (await problemOf(stack)) === ""), { seed: seed + chunk, numRuns: size });
        if (result.failed) {
            const stack = result.counterexample![0];
            return { stacks: done + result.numRuns, failure: { problem: await problemOf(stack), stack, seed: seed + chunk, path: result.counterexamplePath ?? "" } };
        }
        done += size;
        progress(done);
    }
    return { stacks: done };
}
