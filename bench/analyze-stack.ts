/**
 * 2. AnalyzeStack on synthetic stacks: what the pack pays at the end of every preview and update.
 * One fresh pack process per measurement, as the engine starts one per run: so its peak RSS
 * (VmHWM) is that one call's, and a cold JIT is part of the price, as it is for real.
 */
import { PolicyAnalyzer } from "../offline/analyzer";
import { EngineResource } from "../offline/engine-resource";
import { startPack } from "./cold-start";
import { Pack } from "./packs";
import { ProcSample, packPid, sample } from "./proc";
import { count, holdsFourOfFive, mb, median, ms, ratio, ratios, timed } from "./stats";
import { StackTemplates, describeMix, syntheticStack } from "./synthetic-stack";
import { Table, verdict } from "./table";

export const STACK_RATIO_TARGET = 1.5;
/** Issue 25: this pack over the floor with as many no-op stack policies (what the SDK charges per stack policy). */
export const REFERENCE_RATIO_TARGET = 1.3;
export const GROWTH_TARGET = 5.5;
/** @pulumi/policy's server and analyzer.ts's client both accept 400 MiB messages; grpc-js's default is 4 MiB. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

interface Run {
    wallMs: number;
    /** CPU time of the pack process during the call: its own cost, without this process building the request. */
    packCpuMs: number;
    peakRssBytes: number;
    requestBytes: number;
    diagnostics: number;
}

/** Time, CPU, peak memory and bytes received by the pack for one AnalyzeStack call. */
async function measureCall(analyzer: PolicyAnalyzer, call: () => Promise<{ length: number }>): Promise<Run> {
    const pid = packPid(analyzer);
    const before: ProcSample = sample(pid);
    const { ms: wallMs, value } = await timed(call);
    const after = sample(pid);
    return {
        wallMs,
        packCpuMs: after.cpuMs - before.cpuMs,
        peakRssBytes: after.peakRssBytes,
        requestBytes: after.readBytes - before.readBytes,
        diagnostics: value.length,
    };
}

async function runOnce(pack: Pack, resources: EngineResource[]): Promise<Run> {
    const { analyzer } = await startPack(pack);
    try {
        await analyzer.configure();
        return await measureCall(analyzer, () => analyzer.analyzeStack(resources));
    } finally {
        await analyzer.close();
    }
}

function medians(runs: Run[]): Run {
    const m = (f: (r: Run) => number) => median(runs.map(f));
    return { wallMs: m((r) => r.wallMs), packCpuMs: m((r) => r.packCpuMs), peakRssBytes: m((r) => r.peakRssBytes), requestBytes: m((r) => r.requestBytes), diagnostics: m((r) => r.diagnostics) };
}

export interface StackResults {
    table: Table;
    /** This pack / floor on pack CPU time, by size. */
    ratioBySize: Map<number, number>;
    growth?: number;
}

/**
 * `reference`, when given, is measured like the others and reported beside them: the floor with
 * this pack's number of stack policies, which shows how much of the pack's ratio is the SDK's.
 */
export async function analyzeStackBench(
    packs: { floor: Pack; subject: Pack; reference?: Pack }, templates: StackTemplates, sizes: number[], reps: (size: number) => number,
    shape: "mix" | "policy-dense" = "mix",
): Promise<StackResults> {
    const { floor, subject, reference } = packs;
    const measured = reference ? [floor, reference, subject] : [floor, subject];
    const rows: string[][] = [];
    const notes: string[] = [shape === "mix"
        ? `stack mix by bucket: ${describeMix(templates)}`
        : `policy-dense (issue 25): every bucket is ${describeMix({ ...templates, cycle: templates.policyDense })}: its key, encryption configuration and bucket policy all known, as after pulumi up`];
    const stats = new Map<number, { floor?: Run; subject?: Run }>();
    const ratioBySize = new Map<number, number>();
    const repsBySize = new Map<number, Map<Pack, Run[]>>();
    const referenceNotes: string[] = [];
    for (const size of sizes) {
        const resources = syntheticStack(templates, size, shape);
        const runs = new Map<Pack, Run[]>(measured.map((p) => [p, []]));
        const errors = new Map<Pack, string>();
        for (let rep = 0; rep < reps(size); rep++) {
            for (const pack of measured) {
                if (pack.unavailable || errors.has(pack)) {
                    continue;
                }
                try {
                    runs.get(pack)!.push(await runOnce(pack, resources));
                } catch (e) {
                    errors.set(pack, (e as Error).message.split("\n").slice(0, 3).join(" "));
                }
            }
        }
        const medianOf = (pack: Pack) => (runs.get(pack)!.length ? medians(runs.get(pack)!) : undefined);
        const f = medianOf(floor);
        const s = medianOf(subject);
        stats.set(size, { floor: f, subject: s });
        repsBySize.set(size, runs);
        const ref = reference ? medianOf(reference) : undefined;
        if (reference && ref && f && s && size >= 10_000) {
            referenceNotes.push(
                `${count(size)} resources: ${reference.label} ${ratio(ref.packCpuMs, f.packCpuMs)} of the floor's pack CPU, this pack ${ratio(s.packCpuMs, f.packCpuMs)}; `
                + `the pack's own checks ${((s.packCpuMs - ref.packCpuMs) / f.packCpuMs).toFixed(2)}x of the floor`,
            );
        }
        if (f && s) {
            ratioBySize.set(size, s.packCpuMs / f.packCpuMs);
        }
        for (const pack of measured) {
            const st = medianOf(pack);
            const why = pack.unavailable ?? errors.get(pack);
            rows.push([
                count(size), pack.label,
                st ? ms(st.wallMs) : "unavailable", st ? ms(st.packCpuMs) : "-", st ? mb(st.peakRssBytes) : "-",
                st ? mb(st.requestBytes) : "-", st ? count(st.diagnostics) : "-",
                pack === floor ? "1.00x" : ratio(st?.packCpuMs, f?.packCpuMs),
                pack === floor ? "1.00x" : ratio(st?.wallMs, f?.wallMs),
                pack === floor ? "1.00x" : ratio(st?.peakRssBytes, f?.peakRssBytes),
                String(runs.get(pack)!.length),
            ]);
            if (why) {
                notes.push(`${count(size)} resources, ${pack.label}: ${why}`);
            }
        }
    }
    const largest = Math.max(...sizes);
    const growthOf = (which: "floor" | "subject") => {
        const a = stats.get(10_000)?.[which]?.packCpuMs;
        const b = stats.get(50_000)?.[which]?.packCpuMs;
        return a && b ? b / a : undefined;
    };
    const growth = growthOf("subject");
    const bytes = stats.get(largest)?.floor?.requestBytes ?? stats.get(largest)?.subject?.requestBytes;
    if (bytes) {
        const perResource = bytes / largest;
        notes.push(
            `request size: ${mb(bytes)} for ${count(largest)} resources (${(perResource / 1024).toFixed(1)} KiB each, read by the pack process). ` +
            `The limit is 400 MiB (the pack's server and analyzer.ts's client raise grpc-js's 4 MiB default), so a stack of this mix fits up to about ${count(Math.floor(MAX_MESSAGE_BYTES / perResource))} resources.`,
        );
    }
    notes.push(`growth 10k -> 50k (pack CPU): this pack ${growth?.toFixed(2) ?? "-"}, floor ${growthOf("floor")?.toFixed(2) ?? "-"} (target <= ${GROWTH_TARGET}): ${verdict(growth === undefined ? undefined : growth <= GROWTH_TARGET)}`);
    for (const size of sizes.filter((n) => n >= 10_000)) {
        const r = ratioBySize.get(size);
        notes.push(`${count(size)} resources, this pack within ${STACK_RATIO_TARGET}x of the floor (pack CPU): ${verdict(r === undefined ? undefined : r <= STACK_RATIO_TARGET)}`);
    }
    for (const size of sizes.filter((n) => n >= 10_000)) {
        const runs = repsBySize.get(size)!;
        const of = (pack: Pack, f: (r: Run) => number) => runs.get(pack)!.map(f);
        // Repetitions run floor, (reference,) this pack, floor, ...: each pair shares the machine's mood.
        const pairs = (base: Pack, f: (r: Run) => number) => {
            const b = of(base, f);
            return of(subject, f).slice(0, b.length).map((x, i) => x / b[i]);
        };
        const cpuPairs = pairs(floor, (r) => r.packCpuMs);
        if (cpuPairs.length > 0) {
            notes.push(
                `${count(size)} resources, pack CPU per repetition: floor ${of(floor, (r) => r.packCpuMs).map(ms).join(", ")}; this pack ${of(subject, (r) => r.packCpuMs).map(ms).join(", ")}; `
                + `ratio of each interleaved pair ${ratios(cpuPairs)} (the verdict above uses the medians)`,
            );
        }
        const wallPairs = pairs(floor, (r) => r.wallMs);
        if (wallPairs.length > 0) {
            const within = wallPairs.filter((r) => r <= STACK_RATIO_TARGET).length;
            notes.push(
                `${count(size)} resources, wall per repetition: floor ${of(floor, (r) => r.wallMs).map(ms).join(", ")}; this pack ${of(subject, (r) => r.wallMs).map(ms).join(", ")}; `
                + `ratio of each interleaved pair ${ratios(wallPairs)}: within ${STACK_RATIO_TARGET}x in ${within} of ${wallPairs.length}`
                + (wallPairs.length >= 5 ? ` (target: four of five): ${verdict(holdsFourOfFive(within, wallPairs.length))}` : ""),
            );
        }
        if (reference && runs.get(reference)!.length > 0) {
            for (const [what, f] of [["pack CPU", (r: Run) => r.packCpuMs], ["wall", (r: Run) => r.wallMs]] as const) {
                const refPairs = pairs(reference, f);
                const within = refPairs.filter((r) => r <= REFERENCE_RATIO_TARGET).length;
                notes.push(`${count(size)} resources, this pack over ${reference.label} (${what}), each interleaved pair: ${ratios(refPairs)}: within ${REFERENCE_RATIO_TARGET}x in ${within} of ${refPairs.length}`);
            }
        }
    }
    if (reference && referenceNotes.length > 0) {
        notes.push(`${reference.label}: no-op stack policies, as many as this pack has, with its shared decoding (bench/stack-policies-floor-pack): @pulumi/policy prepares the stack once per stack policy, so this share of the ratio is the SDK's. ${referenceNotes.join("; ")}`);
    }
    notes.push("wall = client call end to end (includes building the request in the bench process, the same for both packs); pack CPU = user+system time of the pack process during the call (gRPC decode, deserialisation, policies, GC); peak RSS = VmHWM of a fresh pack process after the call; ratios are vs the floor.");
    return {
        table: {
            title: shape === "mix"
                ? "AnalyzeStack on synthetic stacks (fresh pack process per call, median)"
                : "AnalyzeStack on policy-dense stacks: update, every bucket policy known (fresh pack process per call, median)",
            headers: ["resources", "pack", "wall", "pack CPU", "peak RSS", "request", "diagnostics", "CPU vs floor", "wall vs floor", "RSS vs floor", "reps"],
            rows,
            notes,
        },
        ratioBySize,
        growth,
    };
}
