/**
 * Every command a workflow runs exists: npm scripts in package.json with flags their own parsers
 * accept, policy packs that are folders with a PulumiPolicy.yaml, and every preview or update
 * under the policy pack.
 */
import { Render } from "./expressions";
import { Operation } from "./operations";
import { RepoFacts } from "./repo";
import { JobRun, renderSteps } from "./runs";
import { commandsIn, npmInvocation } from "./shell";

/** Programs a `run:` script may start; anything else is reported rather than assumed to exist. */
const KNOWN_PROGRAMS = new Set(["npm", "pulumi"]);

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
