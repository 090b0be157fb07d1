/**
 * The policy packs measured side by side. Each is a folder the engine could run as a pack; one that
 * cannot be prepared (build or install failed) is reported with the reason instead of failing the bench.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");

export interface Pack {
    label: string;
    dir: string;
    /** Why the pack cannot be run; absent when it can. */
    unavailable?: string;
}

/** The last lines of a failed command's output: enough to say why, short enough for a table note. */
function failure(what: string, res: ReturnType<typeof spawnSync>): string {
    const out = `${res.stdout ?? ""}${res.stderr ?? ""}`.trim().split("\n").slice(-3).join(" | ");
    return `${what} failed (${res.error?.message ?? `exit ${res.status}`}): ${out}`;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): ReturnType<typeof spawnSync> {
    return spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: timeoutMs });
}

/**
 * This repository's pack, compiled first (the engine runs `main`, dist/index.js, never the
 * TypeScript), then copied to out/bench-scratch/this-pack: every section measures the same build
 * even if policy-pack/dist is rebuilt while the bench runs. From there @pulumi/policy still
 * resolves to the repository's node_modules.
 */
export function thisPack(): Pack {
    const src = path.join(ROOT, "policy-pack");
    const dir = path.join(ROOT, "out", "bench-scratch", "this-pack");
    const res = run("npm", ["run", "build", "--workspace", "policy-pack"], ROOT, 300_000);
    if (res.status !== 0) {
        return { label: "this pack", dir, unavailable: failure("npm run build --workspace policy-pack", res) };
    }
    const main = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8")).main ?? "index.js";
    if (!fs.existsSync(path.join(src, main))) {
        return { label: "this pack", dir, unavailable: `built, but its main ${main} does not exist (is policy-pack/src/index.ts there?)` };
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of ["package.json", "PulumiPolicy.yaml", "dist"]) {
        fs.cpSync(path.join(src, entry), path.join(dir, entry), { recursive: true });
    }
    return { label: "this pack", dir };
}

/** Same @pulumi/policy, one no-op stack policy: the cost of being a Node policy pack at all. */
export function floorPack(): Pack {
    return { label: "floor", dir: path.join(__dirname, "floor-pack") };
}

/**
 * As many no-op stack policies as this pack, with its shared decoding: what @pulumi/policy charges
 * the pack before any of its checks (read with thisPack(), which builds policy-pack/dist).
 */
export function stackPoliciesFloorPack(): Pack {
    return { label: "floor, pack's stack policies", dir: path.join(__dirname, "stack-policies-floor-pack") };
}

const AWSGUARD_VERSION = "0.3.1";
// Under out/ (git-ignored): @pulumi/awsguard drags in @pulumi/aws v4, which must never reach the
// repository's own node_modules.
const AWSGUARD_DIR = path.join(ROOT, "out", "bench-scratch", "awsguard");

/** @pulumi/awsguard, the published AWS pack, installed once into a scratch folder and run with every policy advisory. */
export function awsguardPack(): Pack {
    const label = `@pulumi/awsguard ${AWSGUARD_VERSION}`;
    const installed = path.join(AWSGUARD_DIR, "node_modules", "@pulumi", "awsguard", "package.json");
    const isCurrent = () =>
        fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, "utf8")).version.replace(/^v/, "") === AWSGUARD_VERSION;
    fs.mkdirSync(AWSGUARD_DIR, { recursive: true });
    fs.writeFileSync(path.join(AWSGUARD_DIR, "package.json"), JSON.stringify({ name: "bench-awsguard", version: "0.0.0", private: true, main: "index.js" }, null, 2));
    fs.writeFileSync(path.join(AWSGUARD_DIR, "PulumiPolicy.yaml"), "description: AWSGuard, every policy advisory (benchmark)\nruntime: nodejs\n");
    // As AWSGuard's own template does.
    fs.writeFileSync(path.join(AWSGUARD_DIR, "index.js"), `"use strict";\nconst { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "advisory" });\n`);
    if (!isCurrent()) {
        const res = run("npm", ["install", "--no-audit", "--no-fund", `@pulumi/awsguard@${AWSGUARD_VERSION}`], AWSGUARD_DIR, 300_000);
        if (res.status !== 0 || !isCurrent()) {
            return { label, dir: AWSGUARD_DIR, unavailable: failure(`npm install @pulumi/awsguard@${AWSGUARD_VERSION}`, res) };
        }
    }
    return { label, dir: AWSGUARD_DIR };
}
