/**
 * Engine-shaped stack fuzz: random properties (garbage, unknown sentinels, nested junk) on
 * resources of every type the pack reads, sent as the engine sends them. Whatever arrives, the
 * pack must answer (no crash), must not fall back to an advisory "can't run" note, and must
 * never let a bucket through without a proven bucket policy.
 */
import * as fc from "fast-check";
import { EngineResource, UNKNOWN } from "../offline/engine-resource";
import { PolicyAnalyzer } from "../offline/analyzer";
import { BUCKET_TYPES, TYPES } from "../policy-pack/src/resource-types";
import { res, urnOf } from "../tests/policy-pack/fixtures";
import { POLICY } from "./judge";

const sentinel = fc.constantFrom(...Object.values(UNKNOWN));
export const junk: fc.Arbitrary<unknown> = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), sentinel, fc.constant([]), fc.constant({}));

const PROPERTY_NAMES = ["bucket", "bucketName", "rules", "serverSideEncryptionConfiguration", "serverSideEncryptionConfigurations", "bucketEncryption", "policy", "policyDocument", "arn", "keyId", "name", "targetKeyId", "enableKeyRotation", "serverSideEncryption", "kmsKeyId"];
const NESTED_NAMES = ["rule", "rules", "applyServerSideEncryptionByDefault", "sseAlgorithm", "kmsMasterKeyId", "Statement", "Effect", "Condition", "bucket", "AWS"];

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof({ depthSize: "small" }, junk, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...NESTED_NAMES), tie("v"), { maxKeys: 3 })),
})).v;

/** Every type the pack reads, from its own table: a type added there is fuzzed here too. */
const resource = fc.record({
    type: fc.constantFrom(...Object.values(TYPES)),
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
    const unproven = stack.find((r) => BUCKET_TYPES.has(r.type) && !ds.some((d) => d.urn === r.urn && d.policyName === POLICY && d.enforcementLevel === "mandatory"));
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
