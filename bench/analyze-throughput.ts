/**
 * 3. Per-resource Analyze over the same gRPC channel: the engine calls it for every resource it
 * registers, before the step, so its latency is paid once per resource in every preview.
 */
import { PolicyAnalyzer } from "../offline/analyzer";
import { EngineResource } from "../offline/engine-resource";
import { startPack } from "./cold-start";
import { Pack } from "./packs";
import { packPid, sample } from "./proc";
import { count, ratio, timed } from "./stats";
import { Table } from "./table";

/** Requests in flight at once in the concurrent row: the engine analyses resources as the program registers them. */
const IN_FLIGHT = 16;

interface Throughput {
    perSecond: number;
    packCpuUsPerResource: number;
}

async function drive(analyzer: PolicyAnalyzer, resources: EngineResource[], inFlight: number): Promise<Throughput> {
    const pid = packPid(analyzer);
    const before = sample(pid);
    let next = 0;
    const worker = async () => {
        while (next < resources.length) {
            await analyzer.analyze(resources[next++]);
        }
    };
    const { ms } = await timed(() => Promise.all(Array.from({ length: inFlight }, worker)));
    const cpu = sample(pid).cpuMs - before.cpuMs;
    return { perSecond: (resources.length * 1000) / ms, packCpuUsPerResource: (cpu * 1000) / resources.length };
}

export async function analyzeThroughput(packs: { floor: Pack; subject: Pack }, resources: EngineResource[]): Promise<Table> {
    const rows: string[][] = [];
    const notes: string[] = [];
    const results = new Map<string, Throughput>();
    for (const inFlight of [1, IN_FLIGHT]) {
        for (const pack of [packs.floor, packs.subject]) {
            if (pack.unavailable) {
                rows.push([pack.label, String(inFlight), "unavailable", "-", "-"]);
                continue;
            }
            let analyzer: PolicyAnalyzer | undefined;
            try {
                analyzer = (await startPack(pack)).analyzer;
                await analyzer.configure();
                // Warm-up: the first calls pay JIT and lazy module loading, not steady-state cost.
                await drive(analyzer, resources.slice(0, 200), 1);
                const t = await drive(analyzer, resources, inFlight);
                results.set(`${pack.label}/${inFlight}`, t);
                const f = results.get(`${packs.floor.label}/${inFlight}`);
                rows.push([pack.label, String(inFlight), count(Math.round(t.perSecond)), count(Math.round(t.packCpuUsPerResource)), pack === packs.subject ? ratio(f?.perSecond, t.perSecond) : "1.00x"]);
            } catch (e) {
                rows.push([pack.label, String(inFlight), "failed", "-", "-"]);
                notes.push(`${pack.label}: ${(e as Error).message.split("\n")[0]}`);
            } finally {
                await analyzer?.close();
            }
        }
    }
    notes.push(`${count(resources.length)} resources of the synthetic stack, one Analyze call each, after 200 warm-up calls; "time vs floor" is the floor's rate over this pack's (above 1 is slower).`);
    return {
        title: "Per-resource Analyze throughput (same gRPC channel)",
        headers: ["pack", "in flight", "resources/s", "pack CPU us/resource", "time vs floor"],
        rows,
        notes,
    };
}
