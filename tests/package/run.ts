import { spawnSync } from "child_process";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

/**
 * npm's settings that would make a child `npm install` in a temporary folder act on this
 * repository (its prefix, workspaces, scripts, package fields). npm exports them when it runs
 * `npm test`. Everything else it exports stays: above all `npm_config_cache`, so a child uses the
 * same cache (and registry, proxy, certificates) as the npm that started the tests.
 */
const REPO_BOUND = /^npm_(package|lifecycle)_|^npm_config_(local_prefix|prefix|global_prefix|workspaces?|include_workspace_root|call|user_agent)$|^INIT_CWD$/i;

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (!REPO_BOUND.test(k)) {
            env[k] = v;
        }
    }
    return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
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
