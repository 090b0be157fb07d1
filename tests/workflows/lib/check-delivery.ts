/**
 * How stacks are deployed: one operation per stack at a time, an update never cancelled halfway,
 * each update in the GitHub environment named after its stack (where prod's reviewers approve),
 * stacks promoted one after another, and Node.js versions the package supports.
 */
import { satisfies, minVersion, coerce } from "semver";
import { Render } from "./expressions";
import { Operation } from "./operations";
import { JobRun, renderField, renderSteps } from "./runs";
import { actionName } from "./operations";

export function checkConcurrency(operations: Operation[], render: Render): string[] {
    const findings: string[] = [];
    const groups = new Map<string, string>();
    for (const op of operations.filter((o) => o.kind !== "offline-preview")) {
        const concurrency = op.run.job.concurrency;
        if (!concurrency) {
            findings.push(`${op.run.label}: pulumi ${op.kind} of ${op.stack} has no job concurrency group`);
            continue;
        }
        const group = render(concurrency.group, op.run.context);
        const key = `${op.kind} ${group}`;
        if (!group.includes(op.stack ?? "")) findings.push(`${op.run.label}: concurrency group "${group}" does not name stack ${op.stack}`);
        const other = groups.get(key);
        if (other !== undefined && other !== op.stack) findings.push(`${op.run.label}: stacks ${other} and ${op.stack} share concurrency group "${group}"`);
        groups.set(key, op.stack ?? "");
        if (op.kind === "up" && concurrency.cancelInProgress) findings.push(`${op.run.label}: cancel-in-progress would stop pulumi up of ${op.stack} halfway`);
    }
    return findings;
}

export function checkEnvironments(operations: Operation[], render: Render): string[] {
    return operations.filter((op) => op.kind === "up").flatMap((op) => {
        const environment = renderField(op.run, op.run.job.environment, render);
        return environment === op.stack ? [] : [`${op.run.label}: pulumi up of ${op.stack} runs in environment ${environment ?? "(none)"}, expected ${op.stack}`];
    });
}

/** The deploying jobs form one chain: of any two, one waits (through `needs`) for the other. */
export function checkPromotionOrder(operations: Operation[]): string[] {
    const deploys = operations.filter((op) => op.kind === "up");
    const findings: string[] = [];
    for (const a of deploys) {
        for (const b of deploys) {
            if (a === b || a.run.trigger !== b.run.trigger || a.stack! >= b.stack!) continue;
            const jobA = (a.run.caller ?? a.run.job).id;
            const jobB = (b.run.caller ?? b.run.job).id;
            const needs = transitiveNeeds(a.run);
            if (!needs(jobA).has(jobB) && !needs(jobB).has(jobA)) {
                findings.push(`${a.run.trigger.file}: deployments of ${a.stack} (job ${jobA}) and ${b.stack} (job ${jobB}) may run at once; one must need the other`);
            }
        }
    }
    return findings;
}

function transitiveNeeds(run: JobRun): (jobId: string) => Set<string> {
    const jobs = new Map(run.trigger.jobs.map((j) => [j.id, j.needs]));
    return (jobId) => {
        const seen = new Set<string>();
        const stack = [...(jobs.get(jobId) ?? [])];
        while (stack.length > 0) {
            const next = stack.pop()!;
            if (seen.has(next)) continue;
            seen.add(next);
            stack.push(...(jobs.get(next) ?? []));
        }
        return seen;
    };
}

/** Every actions/setup-node step asks for a Node.js version that package.json's engines allow. */
export function checkNodeVersions(runs: JobRun[], engines: string, render: Render): string[] {
    return runs.flatMap((run) => renderSteps(run, render)
        .filter((s) => actionName(s.uses) === "actions/setup-node")
        .flatMap((s) => {
            const where = `${run.label} step ${s.step.index}`;
            if (s.with["node-version-file"]) return [];
            const requested = s.with["node-version"];
            if (!requested) return [`${where}: setup-node without node-version takes whatever Node.js the runner has`];
            // `20` asks for the newest 20.x: it is supported if some release of that line is.
            const lowest = minVersion(requested) ?? coerce(requested);
            const supported = lowest !== null && (satisfies(lowest, engines) || satisfies(`${lowest.major}.999.999`, engines));
            return supported ? [] : [`${where}: Node.js ${requested} is outside engines.node ${engines}`];
        }));
}
