/**
 * What the workflows are checked against, read from a repository folder: its stacks, npm scripts,
 * policy packs, supported Node.js range, and the real argument parsers of the scripts a workflow
 * passes flags to. The only module here that touches the file system.
 */
import * as fs from "fs";
import * as path from "path";
import { main as previewMain } from "../../../offline/preview-cli";
import { main as verifyMain } from "../../../verify/cli";
import { readWorkflow, Workflow } from "./workflow";

export const WORKFLOW_DIR = ".github/workflows";

/** Checks the arguments a script is given; resolves to an error message, or undefined if they parse. */
export type ArgsCheck = (args: string[]) => Promise<string | undefined>;

/** What `.ci/matrix.js` runs for a command line: combinations ("<node major>/<set>"), self-check, npm command. */
export type MatrixRun = { combinations: string[]; selfCheck: boolean; command: string[] } | { error: string };

export interface VersionMatrix {
    /** Every combination `.ci/matrix.js` knows: what its `--all` runs. */
    combinations: string[];
    /** The driver's own command-line parser. */
    parse(args: string[]): MatrixRun;
}

/** The version matrix driver, plain CommonJS with its parser exported (it runs only as a script). */
const matrixDriver: { COMBINATIONS: string[]; parseArgs(args: string[]): MatrixRun } = require("../../../.ci/matrix.js");

export interface RepoFacts {
    /** One per `Pulumi.<stack>.yaml`. */
    stacks: string[];
    npmScripts: string[];
    /** Folders (relative, no `./`) that hold a `PulumiPolicy.yaml`. */
    policyPacks: string[];
    /** package.json `engines.node`. */
    nodeEngines: string;
    /** Scripts whose flags can be checked, by script name. A script missing here takes no flags. */
    scriptArgs: Record<string, ArgsCheck>;
    /** Scripts a workflow may start with `node <path>`, by path, each with its own argument check. */
    nodeScripts: Record<string, ArgsCheck>;
    versionMatrix: VersionMatrix;
}

const STACK_FILE = /^Pulumi\.([^.]+)\.ya?ml$/;

export function stacksFromFileNames(names: readonly string[]): string[] {
    return names.flatMap((name) => STACK_FILE.exec(name)?.[1] ?? []).sort();
}

export function readRepoFacts(root: string): RepoFacts {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const entries = fs.readdirSync(root, { withFileTypes: true });
    return {
        stacks: stacksFromFileNames(entries.filter((e) => e.isFile()).map((e) => e.name)),
        npmScripts: Object.keys(pkg.scripts ?? {}),
        policyPacks: entries.filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, "PulumiPolicy.yaml"))).map((e) => e.name),
        nodeEngines: pkg.engines?.node ?? "*",
        scriptArgs: { start: helpExitsZero(previewMain), verify: helpExitsZero(verifyMain) },
        nodeScripts: { ".ci/matrix.js": parsesWithoutError(matrixDriver.parseArgs) },
        versionMatrix: { combinations: [...matrixDriver.COMBINATIONS], parse: matrixDriver.parseArgs },
    };
}

export function readWorkflows(root: string): Workflow[] {
    const dir = path.join(root, WORKFLOW_DIR);
    return fs.readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => readWorkflow(`${WORKFLOW_DIR}/${name}`, fs.readFileSync(path.join(dir, name), "utf8")));
}

/**
 * The script's own command-line parser, asked to print its help after the given flags: both CLIs
 * parse every flag strictly first and exit 2 on an unknown or malformed one, and with `--help`
 * they stop before doing any work.
 */
function helpExitsZero(main: (argv: string[], io: any) => Promise<number>): ArgsCheck {
    return async (args) => {
        let stderr = "";
        const sink = () => undefined;
        const io = { stdout: sink, out: sink, stderr: (t: string) => void (stderr += t), err: (t: string) => void (stderr += t), readStdin: async () => undefined };
        const code = await main([...args, "--help"], io);
        return code === 0 ? undefined : stderr.split("\n")[0] || `exit code ${code}`;
    };
}

/** A parser that returns `{ error }` for a bad command line (the matrix driver's). */
function parsesWithoutError(parse: (args: string[]) => MatrixRun): ArgsCheck {
    return async (args) => {
        const parsed = parse(args);
        return "error" in parsed ? parsed.error.split("\n")[0] : undefined;
    };
}
