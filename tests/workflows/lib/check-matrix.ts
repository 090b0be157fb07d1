/**
 * The version matrix on pull requests: the workflows run, between them, every combination
 * `.ci/matrix.js` knows (its `--all`) and its self-check, each once, with `npm test`. The CI
 * script runs only the corners; this keeps GitHub running the rest when a combination is added.
 */
import { nodeScriptPath } from "./check-commands";
import { Render } from "./expressions";
import { RepoFacts } from "./repo";
import { JobRun, renderSteps } from "./runs";
import { commandsIn } from "./shell";

const DRIVER = ".ci/matrix.js";
const SELF_CHECK = "the self-check";

export function checkVersionMatrix(runs: JobRun[], repo: RepoFacts, render: Render): string[] {
    const seen = new Map<string, string[]>();
    const note = (what: string, where: string) => seen.set(what, [...(seen.get(what) ?? []), where]);
    for (const run of runs.filter((r) => r.trigger.events.includes("pull_request"))) {
        for (const step of renderSteps(run, render)) {
            if (step.run === undefined) continue;
            for (const { argv } of commandsIn(step.run, step.env)) {
                if (argv[0] !== "node" || argv[1] === undefined || nodeScriptPath(argv[1]) !== DRIVER) continue;
                const parsed = repo.versionMatrix.parse(argv.slice(2));
                // A command line the driver refuses is the commands check's finding; another npm command tests nothing.
                if ("error" in parsed || parsed.command.join(" ") !== "test") continue;
                const where = `${run.label} step ${step.step.index}`;
                for (const combination of parsed.combinations) note(combination, where);
                if (parsed.selfCheck) note(SELF_CHECK, where);
            }
        }
    }
    return [...repo.versionMatrix.combinations, SELF_CHECK].flatMap((what) => {
        const name = what === SELF_CHECK ? `${DRIVER}'s self-check` : `${DRIVER} combination ${what}`;
        const where = seen.get(what) ?? [];
        if (where.length === 0) return [`${name} is not run on pull_request`];
        return where.length > 1 ? [`${name} runs ${where.length} times on pull_request (${where.join("; ")})`] : [];
    });
}
