import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

/** See .ci/npm-env.js: npm's repository-bound settings dropped, the cache and registry kept. */
export const cleanEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv = require("../../.ci/npm-env.js").cleanEnv;

const { scratchCopy } = require("../../.ci/scratch-copy.js") as { scratchCopy: (root: string, name: string) => string };

/**
 * A copy of this repository's sources that uses this clone's installed node_modules: somewhere to
 * run `npm pack` with its lifecycle scripts (which delete and rebuild dist/ and policy-pack/dist/)
 * while other test files, in parallel, start the policy pack from this clone's policy-pack/dist/.
 */
export function repositoryCopy(name: string): string {
    const dir = scratchCopy(ROOT, name);
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

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
