/**
 * `npm run bench`: policy pack start-up and scale against a floor pack (the mix, and the
 * policy-dense shape), per-resource Analyze, the component's cost per bucket, the KMS cost model,
 * and `npm start` against its floor. BENCH_QUICK=1 for a smoke run; `-- --only start,dense` runs
 * only the sections named (bench/options.ts).
 * Sections run one after another (never in parallel): they time processes on a 2-core machine.
 */
import { analyzeStackBench } from "./analyze-stack";
import { analyzeThroughput } from "./analyze-throughput";
import { coldStart, coldStartVerdict, startPack } from "./cold-start";
import { componentBench } from "./component";
import { kmsCostTable } from "./kms-cost";
import { generatedProgram, offlinePreviewBench } from "./offline-preview";
import { BenchOptions, BenchUsageError, SECTIONS, Section, benchOptions } from "./options";
import { Pack, awsguardPack, floorPack, stackPoliciesFloorPack, thisPack } from "./packs";
import { RESULTS_FILE, renderReport, writeReport } from "./report";
import { count } from "./stats";
import { startFloorBench } from "./start-floor";
import { captureTemplates, syntheticStack } from "./synthetic-stack";
import { Table } from "./table";

function log(message: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** What the measured pack holds, for the report: its cost scales with its stack policies. */
async function describePack(pack: Pack): Promise<string> {
    if (pack.unavailable) {
        return `${pack.label}: unavailable (${pack.unavailable})`;
    }
    const { analyzer } = await startPack(pack);
    try {
        const info = await analyzer.getAnalyzerInfo();
        const stack = info.policies.filter((p) => p.kind === "stack").length;
        return `${pack.label}: ${info.name} ${info.version}, ${info.policies.length} policies (GetAnalyzerInfo types: ${stack} stack, ${info.policies.length - stack} resource; one with both validateStack and validateResource shows once)`;
    } finally {
        await analyzer.close();
    }
}

async function main(): Promise<void> {
    let opts: BenchOptions;
    try {
        opts = benchOptions(process.env, process.argv.slice(2));
    } catch (e) {
        if (e instanceof BenchUsageError) {
            process.stderr.write(`${e.message}\n`);
            process.exit(2);
        }
        throw e;
    }
    const runs = (s: Section) => opts.sections.has(s);
    const started = Date.now();
    log(`${opts.quick ? "quick" : "full"} run of ${[...opts.sections].join(", ")}; preparing packs (build this pack, install @pulumi/awsguard if missing)`);
    const subject = thisPack();
    const floor = floorPack();
    const reference = stackPoliciesFloorPack();
    const context = [await describePack(subject), await describePack(floor), await describePack(reference), opts.quick ? "BENCH_QUICK=1: fewer repetitions, no 50,000-resource stack" : "full run"];
    if (opts.sections.size < SECTIONS.length) {
        context.push(`sections: ${[...opts.sections].join(", ")} (--only)`);
    }
    const tables: Table[] = [];

    if (runs("cold")) {
        log(`cold start, ${opts.coldStartReps} interleaved repetitions`);
        const cold = await coldStart([floor, subject, awsguardPack()], floor, opts.coldStartReps);
        cold.table.notes.push(coldStartVerdict(cold.ratioToFloor.get(subject)));
        tables.push(cold.table);
    }

    const templates = runs("stack") || runs("dense") || runs("analyze") ? await captureTemplates() : undefined;
    if (runs("stack")) {
        log(`AnalyzeStack at ${opts.stackSizes.map(count).join(", ")} resources`);
        tables.push((await analyzeStackBench({ floor, subject, reference }, templates!, opts.stackSizes, opts.stackReps)).table);
    }

    if (runs("dense")) {
        const sizes = opts.stackSizes.filter((n) => n >= 10_000);
        log(`AnalyzeStack, policy-dense, at ${sizes.map(count).join(", ")} resources`);
        tables.push((await analyzeStackBench({ floor, subject, reference }, templates!, sizes, opts.stackReps, "policy-dense")).table);
    }

    if (runs("analyze")) {
        log(`per-resource Analyze, ${count(opts.analyzeCount)} resources`);
        tables.push(await analyzeThroughput({ floor, subject }, syntheticStack(templates!, opts.analyzeCount)));
    }

    if (runs("component")) {
        log(`component with ${opts.bucketCounts.join(", ")} buckets`);
        tables.push((await componentBench(opts.bucketCounts)).table);
    }

    if (runs("kms")) {
        tables.push(kmsCostTable());
    }

    if (runs("preview")) {
        log("offline preview (npm start): dev stack, 50 and 200 buckets");
        tables.push(await offlinePreviewBench([50, 200], opts.quick ? 1 : 2));
    }

    if (runs("start")) {
        log(`npm start against its floor: dev stack and 50 buckets, ${opts.startReps} alternating pairs each`);
        tables.push(await startFloorBench([
            { label: "dev stack (2 buckets)" },
            { label: "50 buckets", program: generatedProgram(50), stack: "dev" },
        ], opts.startReps, log));
    }

    context.push(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const report = renderReport("Benchmark results", context, tables);
    writeReport(report);
    process.stdout.write(`${report}\n`);
    log(`written to ${RESULTS_FILE}`);
    // The mock runtime can leave handles open; the bench is done.
    process.exit(0);
}

main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
});
