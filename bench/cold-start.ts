/**
 * 1. Analyzer cold start: from spawning the pack process to the first answered GetAnalyzerInfo,
 * which is what the engine waits for before the first resource of every preview is analysed.
 */
import { PolicyAnalyzer } from "../offline/analyzer";
import { Pack } from "./packs";
import { median, ms, ratio, timed } from "./stats";
import { Table, verdict } from "./table";

export const COLD_START_TARGET = 1.15;

/** Starts a pack and waits for its first answer; the time is the cold start. */
export async function startPack(pack: Pack): Promise<{ analyzer: PolicyAnalyzer; ms: number }> {
    let analyzer: PolicyAnalyzer | undefined;
    const { ms: elapsed } = await timed(async () => {
        analyzer = await PolicyAnalyzer.start(pack.dir);
        await analyzer.getAnalyzerInfo();
    });
    return { analyzer: analyzer!, ms: elapsed };
}

export async function coldStart(packs: Pack[], floor: Pack, reps: number): Promise<{ table: Table; ratioToFloor: Map<Pack, number> }> {
    const samples = new Map<Pack, number[]>(packs.map((p) => [p, []]));
    const errors = new Map<Pack, string>();
    // Interleaved (A B C A B C ...) so that a slow spell of the machine hits every pack alike.
    for (let rep = 0; rep < reps; rep++) {
        for (const pack of packs) {
            if (pack.unavailable || errors.has(pack)) {
                continue;
            }
            try {
                const { analyzer, ms: elapsed } = await startPack(pack);
                await analyzer.close();
                samples.get(pack)!.push(elapsed);
            } catch (e) {
                errors.set(pack, (e as Error).message.split("\n").slice(0, 4).join(" "));
            }
        }
    }
    const floorMs = median(samples.get(floor) ?? []);
    const ratioToFloor = new Map<Pack, number>();
    const rows = packs.map((pack) => {
        const xs = samples.get(pack)!;
        const why = pack.unavailable ?? errors.get(pack);
        if (why || xs.length === 0) {
            return [pack.label, "unavailable", "-", "-", "-"];
        }
        const m = median(xs);
        ratioToFloor.set(pack, m / floorMs);
        return [pack.label, ms(m), `${ms(Math.min(...xs))} / ${ms(Math.max(...xs))}`, String(xs.length), ratio(m, floorMs)];
    });
    const notes = packs.flatMap((p) => {
        const why = p.unavailable ?? errors.get(p);
        return why ? [`${p.label} unavailable: ${why}`] : [];
    });
    return {
        table: {
            title: "Analyzer cold start (spawn to first answered GetAnalyzerInfo)",
            headers: ["pack", "median", "min / max", "reps", "vs floor"],
            rows,
            notes,
        },
        ratioToFloor,
    };
}

export function coldStartVerdict(ratioToFloor: number | undefined): string {
    return `cold start within ${COLD_START_TARGET}x of the floor: ${verdict(ratioToFloor === undefined ? undefined : ratioToFloor <= COLD_START_TARGET)}`;
}
