/**
 * Every command a workflow runs exists: npm scripts in package.json with flags their own parsers
 * accept, policy packs that are folders with a PulumiPolicy.yaml, and every preview or update
 * under the policy pack.
 */
import { Render } from "./expressions";
import { Operation } from "./operations";
import { RepoFacts } from "./repo";
import { JobRun, localPath, renderSteps } from "./runs";
import { Workflow } from "./workflow";
import { commandsIn, npmInvocation } from "./shell";

/** Programs a `run:` script may start; anything else is reported rather than assumed to exist. */
const KNOWN_PROGRAMS = new Set(["npm", "pulumi", "node"]);

export async function checkCommands(runs: JobRun[], repo: RepoFacts, render: Render): Promise<string[]> {
    const findings: string[] = [];
    for (const run of runs) {
        for (const step of renderSteps(run, render)) {
            if (step.run === undefined) continue;
            for (const { argv } of commandsIn(step.run, step.env)) {
                const where = `${run.label} step ${step.step.index}: \`${argv.join(" ")}\``;
                if (!KNOWN_PROGRAMS.has(argv[0])) {
                    findings.push(`${where}: ${argv[0]} is not a program these checks know`);
                    continue;
                }
                if (argv[0] === "node") {
                    const error = await checkNodeScript(argv.slice(1), repo);
                    if (error) findings.push(`${where}: ${error}`);
                    continue;
                }
                const npm = npmInvocation(argv);
                if (!npm || npm.kind === "ci") continue;
                if (npm.kind === "other") {
                    findings.push(`${where}: npm ${npm.name} is not an npm command a workflow should run`);
                } else if (!repo.npmScripts.includes(npm.name)) {
                    findings.push(`${where}: package.json has no "${npm.name}" script`);
                } else if (npm.scriptArgs.length > 0) {
                    const check = repo.scriptArgs[npm.name];
                    const error = check ? await check(npm.scriptArgs) : `the "${npm.name}" script takes no flags`;
                    if (error) findings.push(`${where}: ${error}`);
                }
            }
        }
    }
    return findings;
}

/** `node <script> <args>`: a script of this repository the checks know, with arguments its parser accepts. */
async function checkNodeScript([script, ...args]: string[], repo: RepoFacts): Promise<string | undefined> {
    const check = script === undefined ? undefined : repo.nodeScripts[nodeScriptPath(script)];
    if (!check) return `node ${script ?? ""} is not a script these checks know (${Object.keys(repo.nodeScripts).join(", ")})`;
    return check(args);
}

/** `./.ci/matrix.js` and `.ci/matrix.js` alike. */
export function nodeScriptPath(script: string): string {
    return script.replace(/^\.\//, "");
}

export function checkPolicyPacks(operations: Operation[], repo: RepoFacts): string[] {
    return operations.filter((op) => op.kind !== "offline-preview").flatMap((op) => {
        const where = `${op.run.label} step ${op.step.step.index}: pulumi ${op.kind} of ${op.stack}`;
        const unknown = op.policyPacks.filter((pack) => !repo.policyPacks.includes(pack));
        return [
            ...(op.policyPacks.length === 0 ? [`${where} runs without a policy pack`] : []),
            ...unknown.map((pack) => `${where}: policy pack ${pack} is not a folder with a PulumiPolicy.yaml`),
        ];
    });
}

/** Each job calling a workflow of this repository calls one that exists, declares workflow_call, and takes what it is given. */
export function checkReusableCalls(workflows: Workflow[]): string[] {
    return workflows.flatMap((w) => w.jobs.flatMap((job) => {
        const file = job.uses === undefined ? undefined : localPath(job.uses);
        if (file === undefined) return [];
        const where = `${w.file} job ${job.id}`;
        const called = workflows.find((c) => c.file === file);
        if (!called) return [`${where}: ${job.uses} does not exist`];
        if (!called.events.includes("workflow_call")) return [`${where}: ${file} is not a reusable workflow (no workflow_call)`];
        return [
            ...Object.keys(job.with).filter((name) => !(name in called.callInputs)).map((name) => `${where}: ${file} has no input ${name}`),
            ...Object.entries(called.callInputs).filter(([name, required]) => required && !(name in job.with)).map(([name]) => `${where}: required input ${name} of ${file} is not given`),
        ];
    }));
}
