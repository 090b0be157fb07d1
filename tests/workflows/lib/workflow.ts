/**
 * A workflow file read into the few shapes the checks need. Parsing here is plain YAML; whether
 * the file is a valid workflow at all is GitHub's parser's job (validate.ts).
 */
import { parse } from "yaml";

export type Permissions = Record<string, string> | string | undefined;

export interface Step {
    /** 1-based position in the job, for messages. */
    index: number;
    name?: string;
    uses?: string;
    run?: string;
    with: Record<string, string>;
    env: Record<string, string>;
    if?: string;
}

export interface Job {
    id: string;
    name?: string;
    if?: string;
    needs: string[];
    permissions: Permissions;
    environment?: string;
    concurrency?: { group: string; cancelInProgress: boolean };
    /** `strategy.matrix`, only the plain "key: list of values" form. */
    matrix: Record<string, unknown[]>;
    /** A reusable workflow this job calls (`jobs.<id>.uses`), and what it passes. */
    uses?: string;
    with: Record<string, string>;
    env: Record<string, string>;
    steps: Step[];
}

export interface Workflow {
    /** Path relative to the repository, e.g. `.github/workflows/deploy.yml`. */
    file: string;
    text: string;
    /** Event names under `on`. */
    events: string[];
    /** Inputs declared under `on.workflow_call.inputs`, by name: whether each is required. */
    callInputs: Record<string, boolean>;
    permissions: Permissions;
    jobs: Job[];
}

export function readWorkflow(file: string, text: string): Workflow {
    const doc = parse(text) as Record<string, any> | null;
    if (!doc || typeof doc !== "object") throw new Error(`${file}: not a YAML mapping`);
    const on = doc.on;
    const events = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(on ?? {});
    const jobs = Object.entries<Record<string, any>>(doc.jobs ?? {}).map(([id, job]) => readJob(file, id, job ?? {}));
    const declared = Object.entries<Record<string, unknown>>(on?.workflow_call?.inputs ?? {});
    const callInputs = Object.fromEntries(declared.map(([name, input]) => [name, input?.required === true]));
    return { file, text, events, callInputs, permissions: doc.permissions, jobs };
}

function readJob(file: string, id: string, job: Record<string, any>): Job {
    const matrix: Record<string, unknown[]> = {};
    for (const [key, values] of Object.entries(job.strategy?.matrix ?? {})) {
        if (!Array.isArray(values)) throw new Error(`${file}: job ${id}: matrix key ${key} is not a plain list (include/exclude are not modelled)`);
        matrix[key] = values;
    }
    const concurrency = job.concurrency === undefined ? undefined
        : typeof job.concurrency === "string" ? { group: job.concurrency, cancelInProgress: false }
        : { group: String(job.concurrency.group), cancelInProgress: job.concurrency["cancel-in-progress"] === true };
    const environment = job.environment === undefined ? undefined
        : typeof job.environment === "string" ? job.environment : String(job.environment.name);
    return {
        id,
        name: job.name,
        if: job.if === undefined ? undefined : String(job.if),
        needs: job.needs === undefined ? [] : [job.needs].flat().map(String),
        permissions: job.permissions,
        environment,
        concurrency,
        matrix,
        uses: job.uses,
        with: stringValues(job.with),
        env: stringValues(job.env),
        steps: ((job.steps ?? []) as Record<string, any>[]).map((step, i) => ({
            index: i + 1,
            name: step.name,
            uses: step.uses,
            run: step.run,
            with: stringValues(step.with),
            env: stringValues(step.env),
            if: step.if === undefined ? undefined : String(step.if),
        })),
    };
}

/** Inputs and env values reach actions as strings, whatever YAML type they were written as. */
function stringValues(map: Record<string, unknown> | undefined): Record<string, string> {
    return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v)]));
}

export function describeStep(step: Step): string {
    return `step ${step.index}${step.name ? ` (${step.name})` : step.uses ? ` (${step.uses})` : ""}`;
}
