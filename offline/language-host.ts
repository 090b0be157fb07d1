/**
 * Runs a Pulumi Node.js program as the Pulumi CLI's Node.js language host does
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `Run`): `node <@pulumi/pulumi
 * resolved from the program's folder>/cmd/run --monitor <addr> --engine <addr> --project <p>
 * --stack <s> --pwd <dir> [--dry-run] <entry point>`, with the stack's config in `PULUMI_CONFIG` /
 * `PULUMI_CONFIG_SECRET_KEYS` and the runtime options in `PULUMI_NODEJS_*`. The program thus runs
 * in its own folder, on its own node_modules (its own SDK and provider versions), as CommonJS or
 * ESM, TypeScript (through its tsconfig) or JavaScript, exactly as the SDK's `run` loads it. Our
 * process plays the engine: `OfflineMonitor`.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CapturedStack } from "./captured";
import { childEnv } from "./child-env";
import { AwsTarget } from "./target";
import { EngineLog, OfflineMonitor } from "./monitor-server";
import { PulumiProject, StackConfig, configEnv, configText } from "./project";

/** The program did not run to the end: exit 2. `message` is the one-line-per-error summary. */
export class ProgramFailure extends Error {
    constructor(message: string, readonly detail: string) {
        super(message);
        this.name = "ProgramFailure";
    }
}

/** The program's packages are not installed where Node looks for them: one line says what to run. */
export class DependenciesMissing extends ProgramFailure {}

export interface RunOptions {
    preview: boolean;
    target: AwsTarget;
    /** Type-check TypeScript as `pulumi` does by default; off unless asked, for speed. */
    typeCheck?: boolean;
    timeoutMs?: number;
    /** The environment the CLI would read PULUMI_HOME from (default: ours); the program never sees it. */
    env?: NodeJS.ProcessEnv;
    /** Where transpiled TypeScript is kept between program processes (offline/transpile-cache.js); none: not kept. */
    transpileCache?: string;
}

export interface ProgramRun {
    captured: CapturedStack;
    logs: EngineLog[];
    /** What the program wrote to stdout (`pulumi` shows it as diagnostics). */
    stdout: string;
}

// The language host exits quietly on this code: the SDK has already logged the error.
const LOGGED_ERROR_EXIT = 32;

/** `@pulumi/pulumi/cmd/run` as Node resolves it from the program's folder, or why it cannot. */
export function locateRunScript(project: PulumiProject): string {
    try {
        return require.resolve("@pulumi/pulumi/cmd/run", { paths: [project.pwd] });
    } catch {
        throw new DependenciesMissing(`${project.pwd}: the program's dependencies are not installed (no @pulumi/pulumi): run \`npm install\` in that folder`, "");
    }
}

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

/**
 * One error in a few lines: the message, and where in the program it was thrown (the first stack
 * frame in the program's own files), instead of the SDK's full inspection of the error.
 */
export function summarizeError(text: string, programDir: string): string {
    const lines = stripAnsi(text).split("\n");
    const header = /^Running program '.*' failed with an unhandled exception:$/;
    const body = header.test(lines[0]) ? lines.slice(1) : lines;
    const frameAt = body.findIndex((l) => /^\s+at /.test(l));
    const message = (frameAt < 0 ? body : body.slice(0, frameAt)).filter((l) => l.trim() !== "" && !/^\s*[{}]/.test(l)).join("\n");
    const own = body.slice(Math.max(frameAt, 0)).find((l) => /^\s+at /.test(l) && l.includes(programDir) && !l.includes(`${path.sep}node_modules${path.sep}`));
    const location = own?.match(/\(?((?:file:\/\/)?\/[^()]+:\d+:\d+)\)?\s*$/)?.[1]?.replace(/^file:\/\//, "");
    return location ? `${message}\n    at ${path.relative(process.cwd(), location)}` : message;
}

const TRANSPILE_CACHE_HOOK = path.join(__dirname, "..", "offline", "transpile-cache.js");

/** Whether the nearest package.json at or above an entry point (a file, or `.`: a folder) says `"type": "module"`. */
function inEsmPackage(entry: string): boolean {
    const start = fs.statSync(entry, { throwIfNoEntry: false })?.isDirectory() ? entry : path.dirname(entry);
    for (let dir = start; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            try {
                return JSON.parse(fs.readFileSync(manifest, "utf8")).type === "module";
            } catch {
                return true; // Unreadable: the run script decides, and no hook is in its way.
            }
        }
        if (path.dirname(dir) === dir) {
            return false;
        }
    }
}

/**
 * The node arguments and environment that keep the program's transpiled TypeScript for the next
 * process, or none. Only where ts-node runs in CommonJS mode: the SDK's run script turns its ESM
 * mode off when node was given `--require`, so an ES module program is run without it.
 */
export function transpileCaching(project: PulumiProject, runScript: string, opts: RunOptions): { args: string[]; env: Record<string, string> } {
    if (!opts.transpileCache || !project.runtime.typescript || opts.typeCheck || inEsmPackage(path.resolve(project.pwd, project.entryPoint))) {
        return { args: [], env: {} };
    }
    const sdkDir = path.resolve(path.dirname(runScript), "..", "..");
    return {
        args: ["--require", TRANSPILE_CACHE_HOOK],
        env: { ENCRYPTED_BUCKET_TRANSPILE_CACHE: opts.transpileCache, ENCRYPTED_BUCKET_PULUMI_SDK: sdkDir },
    };
}

const MISSING_MODULE = /Cannot find (?:module|package) '([^'./][^']*)'/;

export async function runProgram(project: PulumiProject, stack: string, config: StackConfig, opts: RunOptions): Promise<ProgramRun> {
    const runScript = locateRunScript(project);
    const monitor = await OfflineMonitor.start({
        project: project.project,
        stack,
        preview: opts.preview,
        target: opts.target,
        config: { values: Object.fromEntries(Object.entries(config.values).map(([k, v]) => [k, configText(k, v)])), secretKeys: config.secretKeys },
        localPlugins: project.localPlugins,
        env: opts.env,
    });
    try {
        const caching = transpileCaching(project, runScript, opts);
        const args = [
            ...caching.args,
            ...(project.runtime.nodeargs ? project.runtime.nodeargs.split(/\s+/).filter(Boolean) : []),
            runScript,
            "--monitor", monitor.address,
            "--engine", monitor.address,
            "--project", project.project,
            "--root-directory", project.dir,
            "--stack", stack,
            "--pwd", project.pwd,
            ...(opts.preview ? ["--dry-run"] : []),
            "--parallel", "16",
            project.entryPoint,
        ];
        const env = childEnv({
            ...caching.env,
            ...configEnv(config),
            ...(project.runtime.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
            ...(project.runtime.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: project.runtime.tsconfig } : {}),
            ...(opts.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
        });
        const { code, signal, stdout, stderr } = await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn(process.execPath, args, { cwd: project.pwd, env, stdio: ["ignore", "pipe", "pipe"] });
            let out = "";
            let err = "";
            child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
            child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
            const timeoutMs = opts.timeoutMs ?? 300_000;
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new ProgramFailure(`the program did not finish within ${timeoutMs / 1000} s`, err));
            }, timeoutMs);
            child.once("error", (e) => {
                clearTimeout(timer);
                reject(new ProgramFailure(`could not start node: ${e.message}`, ""));
            });
            child.once("close", (c, s) => {
                clearTimeout(timer);
                resolve({ code: c, signal: s, stdout: out, stderr: err });
            });
        });
        // A plugin that failed is the cause, whatever the program made of the error it got.
        if (monitor.pluginFailure) {
            throw monitor.pluginFailure;
        }
        if (code !== 0) {
            const errors = monitor.logs.filter((l) => l.severity === "error").map((l) => l.message);
            const detail = stripAnsi([...errors, stderr.trim()].filter(Boolean).join("\n"));
            const missing = detail.match(MISSING_MODULE);
            if (missing) {
                throw new DependenciesMissing(`${project.pwd}: the program's dependencies are not installed (cannot find ${missing[1]}): run \`npm install\` in that folder`, detail);
            }
            const summary = errors.length > 0
                ? errors.map((e) => summarizeError(e, project.pwd)).join("\n")
                : code === LOGGED_ERROR_EXIT ? "the program failed" : `the program exited with ${signal ?? `code ${code}`}: ${summarizeError(stderr.trim(), project.pwd)}`;
            throw new ProgramFailure(summary, detail);
        }
        return {
            captured: {
                project: project.project,
                stack,
                preview: opts.preview,
                target: opts.target,
                resources: monitor.resources,
                outputs: monitor.outputs,
                invokes: monitor.invokes.map((i) => i.token),
                invokeAnswers: monitor.invokes,
                notModelled: monitor.notModelled,
            },
            logs: monitor.logs,
            stdout,
        };
    } finally {
        await monitor.close();
    }
}

/**
 * The preview's and the update's program processes, started side by side, each a fresh process
 * against its own offline engine as the engine runs them: they mostly load modules, one core each.
 */
export function startPreviewAndUpdate(project: PulumiProject, stack: string, config: StackConfig, opts: Omit<RunOptions, "preview">): Promise<ProgramRun>[] {
    return [true, false].map((preview) => runProgram(project, stack, config, { ...opts, preview }));
}

/**
 * Every run's result, or the failure of the first run that failed in the runs' order (the
 * preview's before the update's), whichever failed first in time: the message does not depend on
 * which process the machine happened to finish first. Every run settles before this does, so
 * none is left running.
 */
export async function inOrder<T>(runs: Promise<T>[]): Promise<T[]> {
    const settled = await Promise.allSettled(runs);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) {
        throw failed.reason;
    }
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
