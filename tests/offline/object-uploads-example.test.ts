/**
 * examples/object-uploads: objects and a copy written into a strict EncryptedBucket with its
 * uploadArgs, run through the offline preview (`npm start -- --program examples/object-uploads`)
 * in preview and update mode: the pack must pass them (without uploadArgs it blocks them,
 * tests/programs/object-without-upload-args). docs/component.md shows the program verbatim.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SynthDocument } from "../../offline/synth";
import { REPO, runInProcess } from "./preview-cli-runs";

const EXAMPLE = path.join(REPO, "examples", "object-uploads");

describe("examples/object-uploads passes the offline preview", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "object-uploads-example-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("exit 0, no mandatory violation in preview or update, with the object and the copy judged", async () => {
        const out = path.join(tmp, "object-uploads.json");
        const { code, stdout, stderr } = await runInProcess(["--program", EXAMPLE, "--out", out]);
        assert.strictEqual(code, 0, stdout + stderr);
        const doc: SynthDocument = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.deepStrictEqual(doc.runs.map((r) => r.mode), ["preview", "update"]);
        for (const run of doc.runs) {
            assert.deepStrictEqual(run.diagnostics.filter((d) => d.enforcementLevel === "mandatory"), [], run.mode);
            const types = run.resources.map((r) => r.type);
            for (const t of ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/objectCopy:ObjectCopy", "aws:s3/bucketPolicy:BucketPolicy"]) {
                assert.ok(types.includes(t), `${run.mode}: the example declares no ${t}`);
            }
        }
    });

    it("docs/component.md shows examples/object-uploads/index.ts verbatim", () => {
        const doc = fs.readFileSync(path.join(REPO, "docs", "component.md"), "utf8");
        const program = fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8");
        assert.ok(doc.includes("```typescript\n" + program + "```"), "paste examples/object-uploads/index.ts into docs/component.md");
    });
});
