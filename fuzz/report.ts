/** What the fuzzer prints: a progress line while it runs, then a summary and the reproductions. */
import { Case } from "./world";
import { PolicyFuzzStats } from "./policy-fuzz";
import { PackVerdict } from "./judge";
import { OracleVerdict } from "./oracle";
import { StackFuzzResult } from "./stacks";

/** One line on stderr, rewritten in place on a terminal, every `every` updates elsewhere (CI logs). */
export class Progress {
    private updates = 0;

    constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly every = 4) {}

    update(line: string): void {
        this.updates++;
        if (this.stream.isTTY) {
            this.stream.write(`\r${line}\x1b[K`);
        } else if (this.updates % this.every === 0) {
            this.stream.write(`${line}\n`);
        }
    }

    done(): void {
        if (this.stream.isTTY && this.updates > 0) {
            this.stream.write("\n");
        }
    }
}

export function percent(part: number, whole: number): string {
    return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(2)}%`;
}

export function policyProgress(stats: PolicyFuzzStats, count: number, startedMs: number): string {
    const secs = (Date.now() - startedMs) / 1000;
    const passes = stats.findings.filter((f) => f.kind === "false pass").length;
    const blocks = stats.findings.filter((f) => f.kind === "false block").length;
    return `policies ${stats.cases}/${count} · false passes ${passes} · false blocks ${blocks} · ${(stats.cases / Math.max(secs, 0.001)).toFixed(0)}/s · ${secs.toFixed(0)} s`;
}

export function falseBlockRate(stats: PolicyFuzzStats, origin?: Case["origin"]): { blocked: number; total: number } {
    const parts = origin ? [stats.safeWorking[origin]] : Object.values(stats.safeWorking);
    return parts.reduce((a, b) => ({ blocked: a.blocked + b.blocked, total: a.total + b.total }), { blocked: 0, total: 0 });
}

export function summary(stats: PolicyFuzzStats, stacks: StackFuzzResult, crashes: string[], seed: number, secs: number): string {
    const passes = stats.findings.filter((f) => f.kind === "false pass").length;
    const all = falseBlockRate(stats);
    const mutated = falseBlockRate(stats, "mutation");
    return [
        `seed ${seed}: ${stats.cases} bucket policies, ${stats.simulations} evaluator simulations, ${stacks.stacks} engine-shaped stacks, ${secs.toFixed(0)} s`,
        `  false passes (pack passes, evaluator allows a forbidden upload): ${passes}`,
        `  false blocks among safe, working policies: ${all.blocked}/${all.total} (${percent(all.blocked, all.total)}); among mutations of correct policies: ${mutated.blocked}/${mutated.total} (${percent(mutated.blocked, mutated.total)})`,
        `  insecure (evaluator allows a forbidden upload): ${stats.insecure}; pack passed: ${stats.packPassed}; unproven (evaluator could not evaluate a statement): ${stats.unproven}`,
        `  crashes: ${crashes.length}; engine-shaped stacks failing: ${stacks.failure ? 1 : 0}`,
    ].join("\n");
}

export function reproduction(kind: string, m: { c: Case; pack: PackVerdict; oracle: OracleVerdict }, replay: string): string {
    const lines = [
        `--- ${kind} (minimal; replay: ${replay})`,
        `config ${JSON.stringify(m.c.config)}, SSE-C blocked by the encryption configuration: ${m.c.sseCBlocked}`,
        `policy (__BUCKET__ is the bucket's name): ${JSON.stringify(m.c.doc)}`,
    ];
    if (m.oracle.witness) {
        const w = m.oracle.witness;
        lines.push(`evaluator allows: ${w.upload} by ${w.caller} to ${w.objectKey}${w.problems.length ? ` (evaluator notes: ${w.problems.join("; ")})` : ""}`);
    }
    lines.push(m.pack.blocked ? `pack blocks: ${m.pack.messages.join(" | ")}` : "pack passes");
    return lines.join("\n");
}
