/**
 * Every example under examples/, run through the offline preview (`npm start -- --program
 * examples/<dir>`) in preview and update mode: the pack must pass it, without giving up on an
 * unknown. Its docs page shows the program verbatim, so the snippet users copy is the program this
 * test runs. The compliant example of each bucket kind the pack blocks by default
 * (docs/bucket-kinds.md); objects written with `uploadArgs` (without them the pack blocks them,
 * tests/programs/object-without-upload-args); an EncryptedBucket with `accessLogs`, which must
 * draw no finding at all (Security Hub S3.9 met).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SynthDocument } from "../../offline/synth";
import { REPO, runInProcess } from "./preview-cli-runs";

interface Example {
    dir: string;
    /** The docs page that shows its program. */
    doc: string;
    /** Types the example must declare, so that the pack judged them. */
    judged: string[];
    /** Resources (type and name) it must declare. */
    named?: [string, string][];
    /** No finding at all, advisory included. */
    clean?: boolean;
}

const EXAMPLES: Example[] = [
    { dir: "directory-bucket", judged: ["aws:s3/directoryBucket:DirectoryBucket", "aws:s3/bucketPolicy:BucketPolicy"] },
    { dir: "table-bucket", judged: ["aws:s3tables/tableBucket:TableBucket", "aws:s3tables/table:Table"] },
    { dir: "vector-bucket", judged: ["aws:s3/vectorsVectorBucket:VectorsVectorBucket", "aws:s3/vectorsIndex:VectorsIndex"] },
    { dir: "metadata-tables", judged: ["aws:s3/bucketMetadataConfiguration:BucketMetadataConfiguration"] },
    { dir: "files-file-system", judged: ["aws:s3/filesFileSystem:FilesFileSystem"] },
    { dir: "table-replication", judged: ["aws:s3tables/tableBucket:TableBucket", "aws:s3tables/tableBucketReplication:TableBucketReplication"] },
].map((e) => ({ ...e, doc: "bucket-kinds.md" }));
EXAMPLES.push(
    { dir: "object-uploads", doc: "component.md", judged: ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/objectCopy:ObjectCopy", "aws:s3/bucketPolicy:BucketPolicy"] },
    {
        dir: "access-logs", doc: "log-destinations.md", clean: true,
        judged: ["aws:s3/bucketLogging:BucketLogging"], named: [["aws:s3/bucket:Bucket", "data-access-logs"]],
    },
);

describe("the examples pass the offline preview", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "examples-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const example of EXAMPLES) {
        it(`examples/${example.dir}: exit 0, no mandatory violation in preview or update`, async () => {
            const out = path.join(tmp, `${example.dir}.json`);
            const { code, stdout, stderr } = await runInProcess(["--program", path.join(REPO, "examples", example.dir), "--out", out]);
            assert.strictEqual(code, 0, stdout + stderr);
            const doc: SynthDocument = JSON.parse(fs.readFileSync(out, "utf8"));
            assert.deepStrictEqual(doc.runs.map((r) => r.mode), ["preview", "update"]);
            for (const run of doc.runs) {
                assert.deepStrictEqual(run.diagnostics.filter((d) => example.clean || d.enforcementLevel === "mandatory"), [], run.mode);
                assert.ok(run.diagnostics.every((d) => !/during preview/.test(d.message)), `${run.mode}: a policy gave up on an unknown`);
                const types = run.resources.map((r) => r.type);
                for (const t of example.judged) {
                    assert.ok(types.includes(t), `${run.mode}: the example declares no ${t}`);
                }
                for (const [type, name] of example.named ?? []) {
                    assert.ok(run.resources.some((r) => r.type === type && r.name === name), `${run.mode}: the example declares no ${type} ${name}`);
                }
            }
        });

        it(`docs/${example.doc} shows examples/${example.dir}/index.ts verbatim`, () => {
            const program = fs.readFileSync(path.join(REPO, "examples", example.dir, "index.ts"), "utf8");
            const doc = fs.readFileSync(path.join(REPO, "docs", example.doc), "utf8");
            assert.ok(doc.includes("```typescript\n" + program + "```"), `paste examples/${example.dir}/index.ts into docs/${example.doc}`);
        });
    }
});
