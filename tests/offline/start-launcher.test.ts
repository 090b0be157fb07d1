// `npm start` (offline/start.js) runs the compiled tool only while it is at least as new as every
// source in offline/, and the TypeScript sources otherwise: an edit is never run stale. Checked on
// a copy of the launcher beside stub sources and builds, whose modification times the test sets.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./preview-cli-runs";

const LAUNCHER = path.join(REPO, "offline", "start.js");

/** A repository-shaped folder under out/ (so that ts-node resolves) with stub entries that say which one ran. */
function stubRepo(): { root: string; source: (name: string) => string; built: (name: string) => string } {
    fs.mkdirSync(path.join(REPO, "out"), { recursive: true });
    const root = fs.mkdtempSync(path.join(REPO, "out", "start-launcher-"));
    fs.mkdirSync(path.join(root, "offline"));
    fs.mkdirSync(path.join(root, "dist-tool"));
    fs.copyFileSync(LAUNCHER, path.join(root, "offline", "start.js"));
    const entry = (ran: string) => `exports.runCommand = (argv: string[]) => { process.stdout.write(${JSON.stringify(ran)} + " " + argv.join(" ")); };\n`;
    fs.writeFileSync(path.join(root, "offline", "preview-cli.ts"), entry("sources"));
    fs.writeFileSync(path.join(root, "offline", "report.ts"), "export const unused = 1;\n");
    fs.writeFileSync(path.join(root, "dist-tool", "preview-cli.js"), entry("build").replace(": string[]", ""));
    fs.writeFileSync(path.join(root, "dist-tool", "report.js"), "exports.unused = 1;\n");
    return { root, source: (n) => path.join(root, "offline", `${n}.ts`), built: (n) => path.join(root, "dist-tool", `${n}.js`) };
}

function setTime(file: string, seconds: number): void {
    fs.utimesSync(file, seconds, seconds);
}

function launch(root: string): { status: number | null; stdout: string; stderr: string } {
    return spawnSync(process.execPath, [path.join(root, "offline", "start.js"), "--stack", "dev"], { cwd: root, encoding: "utf8" });
}

describe("npm start's launcher (offline/start.js)", function () {
    let repo: ReturnType<typeof stubRepo>;
    beforeEach(() => {
        repo = stubRepo();
        for (const n of ["preview-cli", "report"]) {
            setTime(repo.source(n), 1_000_000);
            setTime(repo.built(n), 2_000_000);
        }
    });
    afterEach(() => fs.rmSync(repo.root, { recursive: true, force: true }));

    it("runs the build, with the arguments, when every source is older than its compiled file", () => {
        const res = launch(repo.root);
        assert.strictEqual(res.status, 0, res.stderr);
        assert.strictEqual(res.stdout, "build --stack dev");
        assert.strictEqual(res.stderr, "");
    });

    it("runs the sources when any one source is newer than its build, and says why", () => {
        setTime(repo.source("report"), 3_000_000);
        const res = launch(repo.root);
        assert.strictEqual(res.status, 0, res.stderr);
        assert.strictEqual(res.stdout, "sources --stack dev");
        assert.match(res.stderr, /offline\/report\.ts is newer than its build/);
    });

    it("runs the sources when a source has no compiled file (a new module not built yet)", () => {
        fs.rmSync(repo.built("report"));
        const res = launch(repo.root);
        assert.strictEqual(res.status, 0, res.stderr);
        assert.strictEqual(res.stdout, "sources --stack dev");
        assert.match(res.stderr, /dist-tool\/report\.js is missing/);
    });
});
