/**
 * The bench's sections, in the order they run. `npm run bench -- --only start,dense` runs only
 * those named: issue 25's two targets, checked in a few minutes.
 */
export const SECTIONS = ["cold", "stack", "dense", "analyze", "component", "kms", "preview", "start"] as const;
export type Section = (typeof SECTIONS)[number];

/** A command line the bench does not take: `npm run bench` exits 2 with the message. */
export class BenchUsageError extends Error {}

/** How much to measure: the full run (under ~10 minutes on 2 cores) or a smoke run with BENCH_QUICK=1. */
export interface BenchOptions {
    quick: boolean;
    sections: ReadonlySet<Section>;
    /** Alternating pairs of floor and `npm start` per program (section "start"). */
    startReps: number;
    coldStartReps: number;
    stackSizes: number[];
    /**
     * Repetitions per stack size, each one pack process per pack, interleaved. Pack CPU at 50,000
     * resources varies by up to 20% between runs (garbage collection), and three repetitions let
     * one slow pair move the median ratio past the target (docs/benchmarks.md): five at every size.
     */
    stackReps: (size: number) => number;
    analyzeCount: number;
    bucketCounts: number[];
}

/** `--only a,b`: the sections named, or every section without it. */
export function sectionsOf(argv: string[]): ReadonlySet<Section> {
    if (argv.length === 0) {
        return new Set(SECTIONS);
    }
    const usage = `usage: npm run bench -- [--only <sections>], sections separated by commas, of: ${SECTIONS.join(", ")}`;
    if (argv.length !== 2 || argv[0] !== "--only") {
        throw new BenchUsageError(usage);
    }
    const named = argv[1].split(",").map((x) => x.trim()).filter(Boolean);
    const unknown = named.filter((x) => !(SECTIONS as readonly string[]).includes(x));
    if (named.length === 0 || unknown.length > 0) {
        throw new BenchUsageError(`unknown section ${unknown.join(", ") || "(none named)"}; ${usage}`);
    }
    return new Set(named as Section[]);
}

export function benchOptions(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): BenchOptions {
    const quick = env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
    const sections = sectionsOf(argv);
    return quick
        ? { quick, sections, startReps: 1, coldStartReps: 3, stackSizes: [1_000, 10_000], stackReps: () => 1, analyzeCount: 500, bucketCounts: [1, 10, 100] }
        : {
            quick,
            sections,
            // Five pairs: the target is to hold in at least four of five.
            startReps: 5,
            coldStartReps: 7,
            stackSizes: [1_000, 10_000, 50_000],
            stackReps: () => 5,
            analyzeCount: 3_000,
            bucketCounts: [1, 10, 100, 500],
        };
}
