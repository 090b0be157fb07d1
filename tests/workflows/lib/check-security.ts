/**
 * Least privilege: actions pinned to a major version, no stored secrets (OIDC only), write
 * permissions only on the jobs that need them, and nothing that reads configuration or assumes a
 * role running for a fork's pull request.
 */
import { condition, expressionsIn, Render } from "./expressions";
import { actionName, PULUMI_ACTION } from "./operations";
import { localPath } from "./runs";
import { describeStep, Job, Permissions, Step, Workflow } from "./workflow";

/** Actions that exchange the job's OIDC token for cloud or backend credentials. */
export const OIDC_ACTIONS = new Set(["aws-actions/configure-aws-credentials", "pulumi/auth-actions"]);
/** Uploads SARIF to code scanning: needs `security-events: write`, which a fork's pull request never gets. */
export const CODE_SCANNING_UPLOAD = "github/codeql-action/upload-sarif";
const MAJOR_PIN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@]+)?@v\d+$/;
const REPOSITORY = "acme/encrypted-bucket";
const FORK = "someone/encrypted-bucket";

/** Remote actions and workflows pinned to a major version; local ones are checked by checkReusableCalls. */
export function checkPins(workflows: Workflow[]): string[] {
    return workflows.flatMap((w) => w.jobs.flatMap((job) => {
        const refs = [...(job.uses ? [{ uses: job.uses, where: `job ${job.id}` }] : []), ...job.steps.flatMap((s) => (s.uses ? [{ uses: s.uses, where: `job ${job.id} ${describeStep(s)}` }] : []))];
        return refs
            .filter(({ uses }) => localPath(uses) === undefined && !MAJOR_PIN.test(uses))
            .map(({ uses, where }) => `${w.file} ${where}: ${uses} is not pinned to a major version (owner/repo@vN)`);
    }));
}

export function checkNoSecrets(workflows: Workflow[]): string[] {
    return workflows.flatMap((w) => expressionsIn(w.text)
        .filter((e) => /\bsecrets\./.test(e))
        .map((e) => `${w.file}: reads a stored secret (\${{ ${e} }}); credentials come from OIDC only`));
}

export function checkPermissions(workflows: Workflow[]): string[] {
    const findings: string[] = [];
    for (const w of workflows) {
        if (typeof w.permissions !== "object") findings.push(`${w.file}: no workflow-level permissions (the default token may be read-write)`);
        else findings.push(...writes(w.permissions).map((scope) => `${w.file}: workflow-level ${scope}: write; grant writes per job`));
        for (const job of w.jobs) {
            const needed = neededWrites(job, workflows);
            const effective = job.permissions ?? w.permissions;
            if (typeof effective === "string") {
                findings.push(`${w.file} job ${job.id}: permissions ${effective}; list the scopes`);
                continue;
            }
            const granted = new Set(writes(effective));
            for (const scope of granted) if (!needed.has(scope)) findings.push(`${w.file} job ${job.id}: ${scope}: write is not needed`);
            for (const scope of needed) if (!granted.has(scope)) findings.push(`${w.file} job ${job.id}: needs ${scope}: write`);
        }
    }
    return findings;
}

/**
 * Jobs of a pull_request workflow run for forks unless their `if:` says otherwise. A job that reads
 * repository variables or assumes a role must be skipped for a fork's pull request and when its
 * variables are unset, and must still run for the repository's own branches once they are set:
 * its condition is evaluated in those three situations with GitHub's own evaluator.
 */
export function checkForkSafety(workflows: Workflow[], render: Render): string[] {
    return workflows.filter((w) => w.events.includes("pull_request")).flatMap((w) => w.jobs.flatMap((job) => {
        const text = JSON.stringify(job);
        const readsConfig = expressionsIn(text).some((e) => /\b(vars|secrets)\./.test(e)) || /\bvars\./.test(job.if ?? "");
        const where = `${w.file} job ${job.id}`;
        const steps = forkUnsafeSteps(job, where, render);
        if (!readsConfig && !neededWrites(job, workflows).has("id-token")) return steps;
        const configured = Object.fromEntries([...text.matchAll(/\bvars\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => [m[1], "configured"]));
        const runs = (headRepo: string, vars: Record<string, string>) => condition(render, job.if, pullRequestContext(headRepo, vars));
        return [
            ...(runs(FORK, configured) ? [`${where}: uses repository configuration or a cloud role but also runs for a fork's pull request`] : []),
            ...(runs(REPOSITORY, {}) ? [`${where}: runs whether or not its variables are configured`] : []),
            ...(!runs(REPOSITORY, configured) ? [`${where}: never runs, even with its variables configured`] : []),
            ...steps,
        ];
    }));
}

function pullRequestContext(headRepo: string, vars: Record<string, string>) {
    return { vars, github: { repository: REPOSITORY, event: { pull_request: { head: { repo: { full_name: headRepo } } } } } };
}

/**
 * A code scanning upload in a job a fork's pull request runs: GitHub gives such a run a read-only
 * token whatever the job declares, so the upload would fail the job. Its `if:` must skip it for a
 * fork and run it for the repository's own branches, also after a failed step (`always()`).
 */
function forkUnsafeSteps(job: Job, where: string, render: Render): string[] {
    return job.steps.filter((step) => actionName(step.uses) === CODE_SCANNING_UPLOAD).flatMap((step: Step) => {
        const runs = (headRepo: string) => condition(render, step.if, pullRequestContext(headRepo, {}));
        return [
            ...(runs(FORK) ? [`${where} ${describeStep(step)}: uploads to code scanning also for a fork's pull request, whose token cannot`] : []),
            ...(!runs(REPOSITORY) ? [`${where} ${describeStep(step)}: never uploads to code scanning`] : []),
        ];
    });
}

function writes(permissions: Permissions): string[] {
    if (typeof permissions !== "object") return [];
    return Object.entries(permissions).filter(([, level]) => level === "write").map(([scope]) => scope);
}

function neededWrites(job: Job, workflows: Workflow[]): Set<string> {
    const needed = new Set<string>();
    if (job.uses) {
        const called = workflows.find((w) => w.file === localPath(job.uses!));
        for (const calledJob of called?.jobs ?? []) for (const scope of neededWrites(calledJob, workflows)) needed.add(scope);
    }
    for (const step of job.steps) {
        const action = actionName(step.uses);
        if (action && OIDC_ACTIONS.has(action)) needed.add("id-token");
        if (action === PULUMI_ACTION && step.with["comment-on-pr"] === "true") needed.add("pull-requests");
        if (action === CODE_SCANNING_UPLOAD) needed.add("security-events");
    }
    return needed;
}
