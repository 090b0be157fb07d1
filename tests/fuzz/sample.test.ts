/**
 * A fixed-seed sample of `npm run fuzz` that CI runs (about a minute on 2 cores): the full run's
 * figures and command are in docs/fuzzing.md. Same generators, oracle and pack judge.
 */
import * as assert from "assert";
import { BASES } from "../../fuzz/generators";
import { PackJudge } from "../../fuzz/judge";
import { judgeByEvaluator } from "../../fuzz/oracle";
import { CONFIGS } from "../../fuzz/world";
import { CHUNK, emptyStats, fuzzChunk } from "../../fuzz/policy-fuzz";
import { fuzzStacks } from "../../fuzz/stacks";
import { usePack } from "../policy-pack/fixtures";

const SEED = 20261127;
const POLICIES = 2 * CHUNK;
const STACKS = 300;

describe("fuzz: fixed-seed sample", () => {
    const pack = usePack();

    it("the correct policies the mutations start from pass the pack, and the evaluator proves them safe and working", async () => {
        const judge = new PackJudge(pack());
        for (const config of CONFIGS) {
            for (const [i, doc] of BASES.entries()) {
                const c = { origin: "mutation" as const, config, sseCBlocked: false, doc };
                const oracle = await judgeByEvaluator(c);
                // The header-tolerant base lets header-less uploads through, as it should only where headers are optional.
                const expectSafe = i !== 3 || !config.requireEncryptionHeaders;
                assert.strictEqual(oracle.safeAndWorking, expectSafe, `base ${i} under ${JSON.stringify(config)}: ${JSON.stringify(oracle.witness)}`);
                const [verdict] = await judge.judge([c]);
                assert.strictEqual(verdict.blocked, !expectSafe, `base ${i} under ${JSON.stringify(config)}: ${verdict.messages.join(" | ")}`);
            }
        }
    });

    it(`no false pass among ${POLICIES} bucket policies judged by the pack and the IAM evaluator (seed ${SEED})`, async () => {
        const stats = emptyStats();
        const judge = new PackJudge(pack());
        for (let chunk = 0; chunk * CHUNK < POLICIES; chunk++) {
            await fuzzChunk(judge, SEED, chunk, CHUNK, stats);
        }
        const falsePasses = stats.findings.filter((f) => f.kind === "false pass");
        assert.deepStrictEqual(falsePasses.map((f) => ({ seed: f.seed, path: f.index, doc: f.c.doc, witness: f.oracle.witness })), []);
        // The sample is not hollow: it holds policies of every verdict.
        assert.strictEqual(stats.cases, POLICIES);
        assert.ok(stats.insecure > 0 && stats.packPassed > 0 && stats.safeWorking.mutation.total > 0, JSON.stringify({ ...stats, findings: stats.findings.length }));
    });

    it(`${STACKS} engine-shaped random stacks: no crash, no advisory downgrade, no bucket let through (seed ${SEED})`, async () => {
        const result = await fuzzStacks(pack(), STACKS, SEED, () => undefined);
        assert.deepStrictEqual(result, { stacks: STACKS });
    });
});
