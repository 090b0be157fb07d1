/** How much to measure: the full run (under ~10 minutes on 2 cores) or a smoke run with BENCH_QUICK=1. */
export interface BenchOptions {
    quick: boolean;
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

export function benchOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
    const quick = env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
    return quick
        ? { quick, coldStartReps: 3, stackSizes: [1_000, 10_000], stackReps: () => 1, analyzeCount: 500, bucketCounts: [1, 10, 100] }
        : {
            quick,
            coldStartReps: 7,
            stackSizes: [1_000, 10_000, 50_000],
            stackReps: () => 5,
            analyzeCount: 3_000,
            bucketCounts: [1, 10, 100, 500],
        };
}
