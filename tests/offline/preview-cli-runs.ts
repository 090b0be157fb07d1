/**
 * The two ways the tests run `npm start`'s entry, offline/preview-cli.ts: `runInProcess` calls its
 * `main` here and keeps what it prints; `runAsProcess` starts it as `npm start` does, for what only
 * a process shows (its exit code, the crash guard, the environment it inherits).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../offline/preview-cli";

export const REPO = path.join(__dirname, "..", "..");
const ENTRY = path.join(REPO, "offline", "preview-cli.ts");

export interface CliRun {
    stdout: string;
    stderr: string;
}

/**
 * `pulumiHome`: the plugin cache the run sees, as PULUMI_HOME; by default an empty folder made
 * for the run, so that no machine's own ~/.pulumi is ever read.
 */
export async function runInProcess(argv: string[], pulumiHome?: string): Promise<CliRun & { code: number }> {
    let stdout = "";
    let stderr = "";
    const home = pulumiHome ?? fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));
    try {
        const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, undefined, { PULUMI_HOME: home });
        return { code, stdout, stderr };
    } finally {
        if (pulumiHome === undefined) {
            fs.rmSync(home, { recursive: true, force: true });
        }
    }
}

export interface ProcessOptions {
    /** The whole environment of the process (default: ours). */
    env?: NodeJS.ProcessEnv;
    /** Kill it (SIGTERM) after this long: `status` is then null. */
    timeoutMs?: number;
    /** Close our end of its stdout before it starts, as `npm start | true` does. */
    stdoutClosed?: boolean;
}

export function runAsProcess(argv: string[], opts: ProcessOptions = {}): Promise<CliRun & { status: number | null }> {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", ENTRY, ...argv],
        { cwd: REPO, env: { ...(opts.env ?? process.env), TS_NODE_TRANSPILE_ONLY: "true" }, stdio: ["ignore", "pipe", "pipe"], timeout: opts.timeoutMs });
    let stdout = "";
    let stderr = "";
    if (opts.stdoutClosed) {
        child.stdout.destroy();
    } else {
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    }
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    return new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("close", (status) => resolve({ status, stdout, stderr }));
    });
}
