import { spawnSync } from "child_process";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

/** See .ci/npm-env.js: npm's repository-bound settings dropped, the cache and registry kept. */
export const cleanEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv = require("../../.ci/npm-env.js").cleanEnv;

export interface Ran {
    status: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

export function run(command: string, args: string[], cwd: string, timeoutMs = 120_000): Ran {
    const started = Date.now();
    const res = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { status: res.status, stdout: res.stdout ?? "", stderr: (res.stderr ?? "") + (res.error ? String(res.error) : ""), ms: Date.now() - started };
}

/** Like `run`, but throws with the command's output when it fails. */
export function mustRun(command: string, args: string[], cwd: string, timeoutMs?: number): Ran {
    const res = run(command, args, cwd, timeoutMs);
    if (res.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
    }
    return res;
}
