/**
 * examples/access-logs, an EncryptedBucket with its `accessLogs` option, run through the offline
 * preview (`npm start -- --program examples/access-logs`) in preview and update mode: the pack
 * must pass it (Security Hub S3.9 met), without giving up on an unknown. docs/log-destinations.md
 * shows the program verbatim.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SynthDocument } from "../../offline/synth";
import { REPO, runInProcess } from "./preview-cli-runs";

const DIR = path.join(REPO, "examples", "access-logs");

describe("examples/access-logs passes the offline preview", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "access-logs-example-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("exit 0, no violation in preview or update, logging configured into the created destination", async () => {
        const out = path.join(tmp, "access-logs.json");
        const { code, stdout, stderr } = await runInProcess(["--program", DIR, "--out", out]);
        assert.strictEqual(code, 0, stdout + stderr);
        const doc: SynthDocument = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.deepStrictEqual(doc.runs.map((r) => r.mode), ["preview", "update"]);
        for (const run of doc.runs) {
            assert.deepStrictEqual(run.diagnostics, [], run.mode);
            const logging = run.resources.filter((r) => r.type === "aws:s3/bucketLogging:BucketLogging");
            assert.strictEqual(logging.length, 1, run.mode);
            assert.ok(run.resources.some((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "data-access-logs"), run.mode);
        }
    });

    it("docs/log-destinations.md shows examples/access-logs/index.ts verbatim", () => {
        const program = fs.readFileSync(path.join(DIR, "index.ts"), "utf8");
        const docs = fs.readFileSync(path.join(REPO, "docs", "log-destinations.md"), "utf8");
        assert.ok(docs.includes("```typescript\n" + program + "```"), "paste examples/access-logs/index.ts into docs/log-destinations.md");
    });
});
