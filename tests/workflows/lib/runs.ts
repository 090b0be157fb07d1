/**
 * Job runs: what GitHub would start for each job, one per matrix combination, with reusable
 * workflows expanded into the calling job (so deploy-stack.yml's job runs once per stack its
 * caller passes). Everything a check reads about a step comes rendered for one run.
 */
import { Render, RenderContext } from "./expressions";
import { Job, Step, Workflow } from "./workflow";

export interface JobRun {
    /** The workflow whose events start this run (the caller, for a reusable workflow). */
    trigger: Workflow;
    /** Where the job is defined (the called workflow, for a reusable workflow). */
    workflow: Workflow;
    job: Job;
    /** The calling job, for a job inside a reusable workflow. */
    caller?: Job;
    context: RenderContext;
    /** e.g. `deploy.yml prod -> deploy-stack.yml up`, `pull-request.yml offline-preview [stack=dev]`. */
    label: string;
}

export interface RenderedStep {
    step: Step;
    uses?: string;
    run?: string;
    with: Record<string, string>;
    env: Record<string, string>;
}

export function expandRuns(workflows: Workflow[], render: Render): JobRun[] {
    const runs: JobRun[] = [];
    for (const trigger of workflows) {
        if (isOnlyCalled(trigger)) continue;
        for (const job of trigger.jobs) {
            for (const matrix of combinations(job.matrix)) {
                const context: RenderContext = { matrix };
                const label = `${baseName(trigger.file)} ${job.id}${describeMatrix(matrix)}`;
                if (job.uses === undefined) {
                    runs.push({ trigger, workflow: trigger, job, context, label });
                    continue;
                }
                const called = workflows.find((w) => localPath(job.uses!) === w.file);
                if (!called) continue; // reported by the pins check: a local workflow that does not exist
                const inputs = Object.fromEntries(Object.entries(job.with).map(([k, v]) => [k, render(v, context)]));
                for (const calledJob of called.jobs) {
                    for (const calledMatrix of combinations(calledJob.matrix)) {
                        runs.push({
                            trigger,
                            workflow: called,
                            job: calledJob,
                            caller: job,
                            context: { inputs, matrix: calledMatrix },
                            label: `${label} -> ${baseName(called.file)} ${calledJob.id}${describeMatrix(calledMatrix)}`,
                        });
                    }
                }
            }
        }
    }
    return runs;
}

export function renderSteps(run: JobRun, render: Render): RenderedStep[] {
    const jobEnv = renderMap(run.job.env, run.context, render);
    return run.job.steps.map((step) => {
        const env = { ...jobEnv, ...renderMap(step.env, { ...run.context, env: jobEnv }, render) };
        const context = { ...run.context, env };
        return {
            step,
            uses: step.uses,
            run: step.run === undefined ? undefined : render(step.run, context),
            with: renderMap(step.with, context, render),
            env,
        };
    });
}

export function renderField(run: JobRun, text: string | undefined, render: Render): string | undefined {
    return text === undefined ? undefined : render(text, run.context);
}

/** `./.github/workflows/x.yml` -> `.github/workflows/x.yml`; undefined for a remote reference. */
export function localPath(uses: string): string | undefined {
    return uses.startsWith("./") ? uses.slice(2) : undefined;
}

function isOnlyCalled(workflow: Workflow): boolean {
    return workflow.events.length > 0 && workflow.events.every((e) => e === "workflow_call");
}

function renderMap(map: Record<string, string>, context: RenderContext, render: Render): Record<string, string> {
    return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, render(v, context)]));
}

function combinations(matrix: Record<string, unknown[]>): Record<string, unknown>[] {
    return Object.entries(matrix).reduce<Record<string, unknown>[]>(
        (acc, [key, values]) => acc.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value }))),
        [{}],
    );
}

function describeMatrix(matrix: Record<string, unknown>): string {
    const entries = Object.entries(matrix);
    return entries.length === 0 ? "" : ` [${entries.map(([k, v]) => `${k}=${v}`).join(", ")}]`;
}

function baseName(file: string): string {
    return file.split("/").pop()!;
}
