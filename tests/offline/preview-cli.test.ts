import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { SynthDocument } from "../../offline/synth";
import { UNKNOWN } from "../../offline/engine-resource";
import { REPO, runAsProcess, runInProcess as run } from "./preview-cli-runs";

const schema = JSON.parse(fs.readFileSync(path.join(REPO, "offline", "synth.schema.json"), "utf8"));

describe("npm start: offline preview", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "offline-preview-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("the dev stack", () => {
        let result: { code: number; stdout: string; stderr: string };
        let doc: SynthDocument;
        before(async () => {
            const out = path.join(tmp, "dev.json");
            result = await run(["--stack", "dev", "--out", out]);
            doc = JSON.parse(fs.readFileSync(out, "utf8"));
        });

        it("exits 0 with no mandatory violation, in preview and in update", () => {
            assert.strictEqual(result.code, 0, result.stdout + result.stderr);
            assert.match(result.stdout, /Result: no mandatory policy violation\./);
            assert.deepStrictEqual(doc.runs.map((r) => r.mode), ["preview", "update"]);
            for (const r of doc.runs) {
                assert.deepStrictEqual(r.diagnostics.filter((d) => d.enforcementLevel === "mandatory"), [], r.mode);
                assert.ok(r.diagnostics.every((d) => !/during preview/.test(d.message)), `${r.mode}: a policy gave up on an unknown`);
            }
        });

        it("says it is offline, and which target values are placeholders", () => {
            assert.match(result.stdout, /^OFFLINE PREVIEW of encrypted-bucket\/dev: nothing is deployed/);
            assert.match(result.stdout, /account 123456789012 \(placeholder\), region us-east-1 \(from stack config\)/);
            assert.deepStrictEqual(doc.target.placeholders, ["accountId"]);
        });

        it("prints the resource tree and both buckets' key and bucket policies", () => {
            const tree = result.stdout.split("Resources (19):\n")[1].split("\n\n")[0].split("\n");
            assert.strictEqual(tree[0], "  pulumi:pulumi:Stack  encrypted-bucket-dev");
            const uploads = tree.indexOf("    encrypted-bucket:index:EncryptedBucket  uploads");
            assert.ok(uploads > 0, tree.join("\n"));
            const keyLine = tree.slice(uploads + 1, uploads + 9).find((l) => l.startsWith("      aws:kms/key:Key  uploads-key"));
            assert.ok(keyLine, "the key sits under its component");
            assert.match(keyLine, /retainOnDelete/, "the key is kept when it leaves the stack");
            for (const bucket of ["uploads", "logs"]) {
                assert.match(result.stdout, new RegExp(`key policy of ${bucket}-key:\\n {4}Allow kms:\\* {2}principal AWS:arn:aws:iam::123456789012:root`));
                assert.match(result.stdout, new RegExp(`bucket policy of ${bucket}-policy:\\n {4}Deny {2}s3:\\* {2}principal \\* {2}if Bool aws:SecureTransport=false`));
            }
            assert.match(result.stdout, /Deny {2}s3:PutObject {2}principal \* {2}if Null s3:x-amz-server-side-encryption-aws-kms-key-id=false AND StringNotEquals s3:x-amz-server-side-encryption-aws-kms-key-id=arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36} {2}\[EncryptedBucketDenyWrongKmsKey\]/);
        });

        it("writes a synthesized stack that validates against offline/synth.schema.json", () => {
            const ajv = new Ajv({ allErrors: true });
            addFormats(ajv);
            const validate = ajv.compile(schema);
            assert.ok(validate(doc), ajv.errorsText(validate.errors));
        });

        it("keeps preview unknowns unknown and renders every ARN in the update run", () => {
            const policy = (mode: string) => doc.runs.find((r) => r.mode === mode)!.resources.find((r) => r.name === "uploads-policy")!.properties.policy;
            assert.strictEqual(policy("preview"), UNKNOWN.string);
            assert.match(String(policy("update")), /"arn:aws:s3:::uploads-[0-9a-f]{7}\/\*"/);
        });

        it("prints and writes every resource's lifecycle options, the same in both", () => {
            const update = doc.runs.find((r) => r.mode === "update")!;
            const names = new Map(update.resources.map((r) => [r.urn, r.name]));
            for (const r of update.resources) {
                const l = r.lifecycle;
                const flags = [
                    l.protect ? "protect" : "", l.retainOnDelete ? "retainOnDelete" : "", l.deleteBeforeReplace ? "deleteBeforeReplace" : "",
                    l.dependsOn.length ? `dependsOn: ${l.dependsOn.map((u) => names.get(u)).join(" ")}` : "",
                    l.ignoreChanges.length ? `ignoreChanges: ${l.ignoreChanges.join(" ")}` : "",
                ].filter(Boolean);
                const line = `${r.type}  ${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}\n`;
                assert.ok(result.stdout.includes(line), `the tree shows ${line}`);
                for (const dep of l.dependsOn) {
                    assert.ok(r.dependencies.includes(dep) && !Object.values(r.propertyDependencies).flat().includes(dep), `${r.name}: ${dep} is an explicit dependency`);
                }
            }
            assert.ok(update.resources.some((r) => r.lifecycle.dependsOn.length > 0), "the component declares explicit dependencies");
        });

        it("lists the invokes of each run, answered from the target", () => {
            for (const run of doc.runs) {
                assert.deepStrictEqual([...new Set(run.invokes.map((i) => `${i.token} ${i.answer}`))].sort(), [
                    "aws:index/getCallerIdentity:getCallerIdentity computed",
                    "aws:index/getPartition:getPartition computed",
                    "aws:index/getRegion:getRegion computed",
                ]);
            }
        });

        it("the schema refuses a document that breaks the shape", () => {
            const ajv = new Ajv();
            addFormats(ajv);
            const broken = { ...doc, runs: [{ ...doc.runs[0], mode: "deploy" }] };
            assert.strictEqual(ajv.validate(schema, broken), false);
        });
    });

    it("the prod stack passes too, with its own region", async () => {
        const result = await run(["--stack", "prod", "--out", path.join(tmp, "prod.json")]);
        assert.strictEqual(result.code, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /region eu-west-1 \(from stack config\)/);
    });

    it("blocks the insecure example with mandatory violations, exit 1", async () => {
        const result = await run(["--program", path.join(REPO, "examples", "insecure"), "--out", path.join(tmp, "insecure.json")]);
        assert.strictEqual(result.code, 1, result.stdout + result.stderr);
        assert.match(result.stdout, /MANDATORY +s3-bucket-encrypted-with-cmk/);
        assert.match(result.stdout, /Result: \d+ mandatory policy violation\(s\)/);
    });

    it("a stack without config stops with the CLI's message, exit 2, no stack dump", async () => {
        const result = await run(["--stack", "qa", "--out", path.join(tmp, "qa.json")]);
        assert.strictEqual(result.code, 2);
        assert.strictEqual(result.stderr, "offline preview: Stack 'qa' is missing configuration value 'buckets'\n");
        assert.strictEqual(result.stdout, "");
    });

    it("as a process (npm start's entry), a failing program exits 2 with its message and nothing else", async () => {
        const res = await runAsProcess(["--program", path.join(REPO, "tests", "programs", "throws")]);
        assert.strictEqual(res.status, 2, res.stdout + res.stderr);
        assert.strictEqual(res.stderr, "offline preview: the program failed:\nError: settings are not configured: set HALF_WRITTEN_SETTINGS\n    at tests/programs/throws/index.ts:8:15\n");
        assert.strictEqual(res.stdout, "");
    });

    it("as a process, an uncaught exception (stdout closed under it: EPIPE) exits 2 with a message, never 1", async () => {
        // `npm start -- --help | true`: the reader is gone before the usage is written, so the write
        // fails asynchronously as an 'error' event with no listener, which Node would end with exit 1.
        const { status, stderr } = await runAsProcess(["--help"], { stdoutClosed: true });
        assert.strictEqual(status, 2, stderr);
        assert.match(stderr, /^offline preview failed: Error: write EPIPE\n/);
    });

    it("starts without loading the Pulumi runtime: the program runs on its own SDK, and loading ours took ~0.5 s", () => {
        const probe = `require(${JSON.stringify(path.join(REPO, "offline", "preview-cli.ts"))}); process.stdout.write(String(require.resolve("@pulumi/pulumi") in require.cache));`;
        const res = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", probe], { cwd: REPO, encoding: "utf8" });
        assert.strictEqual(res.status, 0, res.stderr);
        assert.strictEqual(res.stdout, "false", "offline/preview-cli.ts loads @pulumi/pulumi");
    });

    it("refuses unknown flags and a missing program with exit 2", async () => {
        assert.strictEqual((await run(["--stak", "dev"])).code, 2);
        const missing = await run(["--program", path.join(tmp, "nowhere")]);
        assert.strictEqual(missing.code, 2);
        assert.match(missing.stderr, /Pulumi\.yaml not found/);
    });
});
