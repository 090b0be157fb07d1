/**
 * The compliant example of each bucket kind the pack blocks by default (examples/<kind>/), run
 * through the offline preview (`npm start -- --program examples/<kind>`) in preview and update
 * mode: the pack must pass them, without giving up on an unknown. docs/bucket-kinds.md shows each
 * example's program verbatim, so the snippet users copy is the program this test runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SynthDocument } from "../../offline/synth";
import { REPO, runInProcess } from "./preview-cli-runs";

const DOC = fs.readFileSync(path.join(REPO, "docs", "bucket-kinds.md"), "utf8");

const EXAMPLES: { dir: string; judged: string[] }[] = [
    { dir: "directory-bucket", judged: ["aws:s3/directoryBucket:DirectoryBucket", "aws:s3/bucketPolicy:BucketPolicy"] },
    { dir: "table-bucket", judged: ["aws:s3tables/tableBucket:TableBucket", "aws:s3tables/table:Table"] },
    { dir: "vector-bucket", judged: ["aws:s3/vectorsVectorBucket:VectorsVectorBucket", "aws:s3/vectorsIndex:VectorsIndex"] },
    { dir: "metadata-tables", judged: ["aws:s3/bucketMetadataConfiguration:BucketMetadataConfiguration"] },
    { dir: "files-file-system", judged: ["aws:s3/filesFileSystem:FilesFileSystem"] },
    { dir: "table-replication", judged: ["aws:s3tables/tableBucket:TableBucket", "aws:s3tables/tableBucketReplication:TableBucketReplication"] },
];

describe("bucket kind examples pass the offline preview", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bucket-kind-examples-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const example of EXAMPLES) {
        it(`examples/${example.dir}: exit 0, no mandatory violation in preview or update`, async () => {
            const out = path.join(tmp, `${example.dir}.json`);
            const { code, stdout, stderr } = await runInProcess(["--program", path.join(REPO, "examples", example.dir), "--out", out]);
            assert.strictEqual(code, 0, stdout + stderr);
            const doc: SynthDocument = JSON.parse(fs.readFileSync(out, "utf8"));
            assert.deepStrictEqual(doc.runs.map((r) => r.mode), ["preview", "update"]);
            for (const run of doc.runs) {
                assert.deepStrictEqual(run.diagnostics.filter((d) => d.enforcementLevel === "mandatory"), [], run.mode);
                assert.ok(run.diagnostics.every((d) => !/during preview/.test(d.message)), `${run.mode}: a policy gave up on an unknown`);
                const types = run.resources.map((r) => r.type);
                for (const t of example.judged) {
                    assert.ok(types.includes(t), `${run.mode}: the example declares no ${t}`);
                }
            }
        });

        it(`docs/bucket-kinds.md shows examples/${example.dir}/index.ts verbatim`, () => {
            const program = fs.readFileSync(path.join(REPO, "examples", example.dir, "index.ts"), "utf8");
            assert.ok(DOC.includes("```typescript\n" + program + "```"), `paste examples/${example.dir}/index.ts into docs/bucket-kinds.md`);
        });
    }
});
