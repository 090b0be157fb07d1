/**
 * `.ci/run`, the CI script, against the version matrix driver it starts: it runs the two corner
 * combinations and the self-check (the GitHub workflow runs every combination, pipeline.test.ts),
 * and the driver keeps its documented command line and exit codes.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readRepoFacts } from "./lib/repo";

const ROOT = path.resolve(__dirname, "../..");
const DRIVER = path.join(ROOT, ".ci", "matrix.js");

describe("the CI script and the version matrix driver", () => {
    const { versionMatrix } = readRepoFacts(ROOT);
    const corners = require(DRIVER).CORNERS as string[];

    it("the corners are the oldest Node.js with the SDK floor and the newest with the latest SDKs", () => {
        const majors = versionMatrix.combinations.map((c) => Number(c.split("/")[0]));
        assert.deepStrictEqual(corners, [`${Math.min(...majors)}/floor`, `${Math.max(...majors)}/latest`]);
        for (const corner of corners) assert.ok(versionMatrix.combinations.includes(corner), corner);
    });

    it(".ci/run runs the driver with no flags: the corners, then the self-check", () => {
        const script = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
        const calls = [...script.matchAll(/^\s*(?:exec\s+)?node \.ci\/matrix\.js(.*)$/gm)].map((m) => m[1].trim());
        assert.deepStrictEqual(calls, [""]);
        assert.deepStrictEqual(versionMatrix.parse([]), { combinations: corners, selfCheck: true, command: ["test"] });
    });

    it("--all is every combination and the self-check; --only one combination; --self-check none", () => {
        assert.deepStrictEqual(versionMatrix.parse(["--all"]), { combinations: versionMatrix.combinations, selfCheck: true, command: ["test"] });
        assert.deepStrictEqual(versionMatrix.parse(["--only", "22/latest", "--npm", "run bench"]), { combinations: ["22/latest"], selfCheck: false, command: ["run", "bench"] });
        assert.deepStrictEqual(versionMatrix.parse(["--self-check"]), { combinations: [], selfCheck: true, command: ["test"] });
    });

    it("exits 2 on a bad command line, before running anything", () => {
        for (const args of [["--only", "20/latest"], ["--all", "--self-check"], ["--self-check", "--npm", "test"], ["--every"]]) {
            const res = spawnSync(process.execPath, [DRIVER, ...args], { encoding: "utf8" });
            assert.strictEqual(res.status, 2, `${args.join(" ")}: ${res.stdout}${res.stderr}`);
            assert.strictEqual(res.stdout, "", args.join(" "));
            assert.match(res.stderr, /usage: node \.ci\/matrix\.js|unknown combination/, args.join(" "));
        }
    });
});
