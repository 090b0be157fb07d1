/**
 * Every workflow check, run over one set of workflows against one repository's facts. Tests feed
 * it the real `.github/workflows` and repository, or variants built in memory.
 */
import { checkCommands, checkPolicyPacks, checkReusableCalls } from "./check-commands";
import { checkConcurrency, checkEnvironments, checkNodeVersions, checkPromotionOrder } from "./check-delivery";
import { checkVersionMatrix } from "./check-matrix";
import { checkForkSafety, checkNoSecrets, checkPermissions, checkPins } from "./check-security";
import { checkStackCoverage, checkVerifyAfterUp } from "./check-stacks";
import { createRenderer, Render } from "./expressions";
import { Operation, operationsOf } from "./operations";
import { RepoFacts } from "./repo";
import { expandRuns, JobRun } from "./runs";
import { workflowErrors } from "./validate";
import { Workflow } from "./workflow";

export interface Analysis {
    runs: JobRun[];
    operations: Operation[];
    /** Findings by check name; every list empty means the workflows are in step with the repository. */
    findings: Record<string, string[]>;
}

let renderer: Promise<Render> | undefined;

export async function analyse(workflows: Workflow[], repo: RepoFacts): Promise<Analysis> {
    const render = await (renderer ??= createRenderer());
    const runs = expandRuns(workflows, render);
    const operations = runs.flatMap((run) => operationsOf(run, render));
    const validation = (await Promise.all(workflows.map((w) => workflowErrors(w.file, w.text)))).flat();
    return {
        runs,
        operations,
        findings: {
            validation,
            stackCoverage: checkStackCoverage(operations, repo.stacks),
            verifyAfterUp: checkVerifyAfterUp(operations, render),
            commands: await checkCommands(runs, repo, render),
            reusableCalls: checkReusableCalls(workflows),
            policyPacks: checkPolicyPacks(operations, repo),
            pins: checkPins(workflows),
            secrets: checkNoSecrets(workflows),
            permissions: checkPermissions(workflows),
            forkSafety: checkForkSafety(workflows, render),
            concurrency: checkConcurrency(operations, render),
            environments: checkEnvironments(operations, render),
            promotionOrder: checkPromotionOrder(operations),
            nodeVersions: checkNodeVersions(runs, repo.nodeEngines, render),
            versionMatrix: checkVersionMatrix(runs, repo, render),
        },
    };
}
