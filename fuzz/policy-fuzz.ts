/**
 * Differential fuzzing of `s3-bucket-policy-enforces-cmk`: every case judged by the pack (over
 * gRPC) and by the IAM evaluator. Cases come in chunks, each chunk `fc.sample`d from its own seed
 * (`seed + chunk`), so case (chunk seed, index) replays alone with `fc.check({ seed, path })`, which
 * is also how a disagreement shrinks to a minimal reproduction.
 */
import * as fc from "fast-check";
import { fuzzCase } from "./generators";
import { PackJudge, PackVerdict } from "./judge";
import { OracleVerdict, judgeByEvaluator } from "./oracle";
import { Case } from "./world";

export const CHUNK = 500;
const BATCH = 100;

export type Disagreement = "false pass" | "false block";

export interface Finding {
    kind: Disagreement;
    /** Replays the case: `fc.check(..., { seed, path: String(index) })`. */
    seed: number;
    index: number;
    c: Case;
    pack: PackVerdict;
    oracle: OracleVerdict;
}

export interface PolicyFuzzStats {
    cases: number;
    /** Cases the evaluator proves safe (no forbidden upload allowed) and working (the CMK upload allowed), with nothing it could not evaluate. */
    safeWorking: Record<Case["origin"], { total: number; blocked: number }>;
    insecure: number;
    packPassed: number;
    /** No forbidden upload allowed, but the evaluator could not evaluate some statement. */
    unproven: number;
    simulations: number;
    findings: Finding[];
}

export function classify(pack: PackVerdict, oracle: OracleVerdict): Disagreement | undefined {
    if (!pack.blocked && oracle.witness) {
        return "false pass";
    }
    if (pack.blocked && oracle.safeAndWorking && oracle.problems.length === 0) {
        return "false block";
    }
    return undefined;
}

export function emptyStats(): PolicyFuzzStats {
    return { cases: 0, safeWorking: { random: { total: 0, blocked: 0 }, mutation: { total: 0, blocked: 0 } }, insecure: 0, packPassed: 0, unproven: 0, simulations: 0, findings: [] };
}

/** Judges chunk `chunk` of the run seeded `seed` (`size` cases) and adds it to `stats`. */
export async function fuzzChunk(judge: PackJudge, seed: number, chunk: number, size: number, stats: PolicyFuzzStats): Promise<void> {
    const chunkSeed = seed + chunk;
    const cases = fc.sample(fuzzCase, { seed: chunkSeed, numRuns: size });
    // The pack judges a batch per config; the cases keep their own index for replay.
    const byConfig = new Map<string, number[]>();
    cases.forEach((c, i) => {
        const id = JSON.stringify(c.config);
        byConfig.set(id, [...(byConfig.get(id) ?? []), i]);
    });
    const verdicts: PackVerdict[] = new Array(size);
    for (const indices of byConfig.values()) {
        for (let from = 0; from < indices.length; from += BATCH) {
            const part = indices.slice(from, from + BATCH);
            const got = await judge.judge(part.map((i) => cases[i]));
            part.forEach((i, j) => (verdicts[i] = got[j]));
        }
    }
    for (let i = 0; i < size; i++) {
        const c = cases[i];
        const oracle = await judgeByEvaluator(c);
        const pack = verdicts[i];
        stats.cases++;
        stats.simulations += oracle.simulations;
        stats.packPassed += pack.blocked ? 0 : 1;
        if (oracle.witness) {
            stats.insecure++;
        } else if (oracle.problems.length > 0) {
            stats.unproven++;
        } else if (oracle.safeAndWorking) {
            stats.safeWorking[c.origin].total++;
            stats.safeWorking[c.origin].blocked += pack.blocked ? 1 : 0;
        }
        const kind = classify(pack, oracle);
        if (kind) {
            stats.findings.push({ kind, seed: chunkSeed, index: i, c, pack, oracle });
        }
    }
}

/** Shrinks a finding to a smallest case that still shows the same disagreement. */
export async function minimize(judge: PackJudge, f: Finding): Promise<{ c: Case; pack: PackVerdict; oracle: OracleVerdict }> {
    let last = { c: f.c, pack: f.pack, oracle: f.oracle };
    const result = await fc.check(
        fc.asyncProperty(fuzzCase, async (c) => {
            const [pack] = await judge.judge([c]);
            const oracle = await judgeByEvaluator(c);
            if (classify(pack, oracle) === f.kind) {
                last = { c, pack, oracle };
                return false;
            }
            return true;
        }),
        { seed: f.seed, path: String(f.index), numRuns: 1, endOnFailure: false },
    );
    if (!result.failed) {
        throw new Error(`case ${f.seed}/${f.index} did not replay as a ${f.kind}: the generator is not deterministic`);
    }
    return last;
}
