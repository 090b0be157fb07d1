/**
 * `npm run fuzz -- [--count N] [--seed S] [--stacks M] [--repro K]`
 *
 * Differential fuzzing of the bucket-policy check against the IAM evaluator, then the
 * engine-shaped stack fuzz, against one long-lived analyzer process.
 *
 * Exit codes: 0 nothing found; 1 a false pass, a pack crash or downgrade on some input, or an
 * engine-shaped stack let through; 2 bad arguments; 3 the fuzzer itself failed (the pack would
 * not start, the evaluator could not run); 4 interrupted (SIGINT/SIGTERM) with nothing found in
 * what ran: the summary then covers the cases judged so far.
 */
import * as path from "path";
import { PolicyAnalyzer } from "../offline/analyzer";
import { PackJudge } from "./judge";
import { CHUNK, emptyStats, fuzzChunk, minimize } from "./policy-fuzz";
import { Progress, policyProgress, reproduction, summary } from "./report";
import { fuzzStacks } from "./stacks";

export interface Options {
    count: number;
    seed: number;
    stacks: number;
    repro: number;
}

export const DEFAULTS: Options = { count: 10_000, seed: 20261127, stacks: 10_000, repro: 5 };

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Options {
    const opts = { ...DEFAULTS };
    for (let i = 0; i < argv.length; i++) {
        const name = argv[i].replace(/^--/, "");
        if (!argv[i].startsWith("--") || !(name in opts)) {
            throw new UsageError(`unknown argument ${argv[i]} (expected --count, --seed, --stacks, --repro)`);
        }
        const raw = argv[++i];
        const n = Number(raw);
        if (raw === undefined || !Number.isSafeInteger(n) || n < 0) {
            throw new UsageError(`--${name} needs a whole number >= 0, got ${raw ?? "nothing"}`);
        }
        opts[name as keyof Options] = n;
    }
    return opts;
}

/** Runs everything and returns the exit code; output goes to stdout, progress to stderr. */
export async function run(opts: Options, stop: () => boolean = () => false, packDir = path.join(__dirname, "..", "policy-pack")): Promise<number> {
    const started = Date.now();
    const analyzer = await PolicyAnalyzer.start(packDir);
    try {
        const judge = new PackJudge(analyzer);
        const stats = emptyStats();
        const crashes: string[] = [];
        const progress = new Progress();
        for (let chunk = 0; chunk * CHUNK < opts.count && !stop(); chunk++) {
            const size = Math.min(CHUNK, opts.count - chunk * CHUNK);
            try {
                await fuzzChunk(judge, opts.seed, chunk, size, stats);
            } catch (e) {
                // A pack that fails on some input is a finding; the chunk replays with its seed.
                crashes.push(`chunk seed ${opts.seed + chunk}: ${(e as Error).message}`);
                stats.cases += size;
            }
            progress.update(policyProgress(stats, opts.count, started));
        }
        progress.done();
        const stackProgress = new Progress(process.stderr, 1);
        const stacks = await fuzzStacks(analyzer, opts.stacks, opts.seed, (n) => stackProgress.update(`engine-shaped stacks ${n}/${opts.stacks}`), stop);
        stackProgress.done();

        const out: string[] = [summary(stats, stacks, crashes, opts.seed, (Date.now() - started) / 1000)];
        const interrupted = stats.cases < opts.count || stacks.stacks < opts.stacks;
        if (interrupted) {
            out.unshift(`INTERRUPTED: the figures below cover what ran before the signal, not --count ${opts.count} --stacks ${opts.stacks}`);
        }
        for (const kind of ["false pass", "false block"] as const) {
            const seen = new Set<string>();
            for (const f of stats.findings.filter((x) => x.kind === kind)) {
                if (seen.size >= opts.repro || stop()) {
                    break;
                }
                const m = await minimize(judge, f);
                const id = JSON.stringify(m.c);
                if (!seen.has(id)) {
                    seen.add(id);
                    out.push(reproduction(kind, m, `fc.check(property, { seed: ${f.seed}, path: "${f.index}" })`));
                }
            }
        }
        crashes.forEach((c) => out.push(`--- crash: ${c}`));
        if (stacks.failure) {
            out.push(`--- engine-shaped stack (seed ${stacks.failure.seed}, path ${stacks.failure.path}): ${stacks.failure.problem}\n${JSON.stringify(stacks.failure.stack)}`);
        }
        console.log(out.join("\n"));
        const falsePasses = stats.findings.some((f) => f.kind === "false pass");
        return falsePasses || crashes.length > 0 || stacks.failure ? 1 : interrupted ? 4 : 0;
    } finally {
        await analyzer.close();
    }
}

if (require.main === module) {
    let opts: Options;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        process.exit(2);
    }
    // A signal stops the run between chunks; the summary of what ran is still printed.
    let stopping = false;
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.on(signal, () => {
            stopping = true;
        });
    }
    run(opts, () => stopping).then(
        (code) => process.exit(code),
        (e) => {
            console.error(`the fuzzer failed: ${(e as Error).stack ?? e}`);
            process.exit(3);
        },
    );
}
