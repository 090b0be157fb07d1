// `npm start` keeps each program file's transpiled TypeScript (offline/transpile-cache.js) so that
// the other run and the next `npm start` do not transpile it again (issue 25). Kept output must be
// the very output ts-node gives: the same stack, source positions, findings, report and errors as
// without the cache, whether the cache is empty, full, or damaged.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { transpileCaching } from "../../offline/language-host";
import { loadProject } from "../../offline/project";
import { REPO, runInProcess } from "./preview-cli-runs";

const PROGRAMS = path.join(REPO, "tests", "programs");

/** Every file the cache holds, relative to it. */
function entries(dir: string): string[] {
    return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js")).sort() : [];
}

/** The synthesized stack without its time stamp; each run's lists sorted, as resources register in the order their promises settle. */
function comparable(synthFile: string): unknown {
    const doc = JSON.parse(fs.readFileSync(synthFile, "utf8"));
    delete doc.generatedAt;
    for (const run of doc.runs) {
        for (const [k, v] of Object.entries(run)) {
            if (Array.isArray(v)) {
                run[k] = v.map((x) => JSON.stringify(x)).sort();
            }
        }
    }
    return doc;
}

interface Outcome {
    code: number;
    stdout: string;
    stderr: string;
    synth?: unknown;
}

async function preview(program: string, cache: string, scratch: string, extra: string[] = []): Promise<Outcome> {
    const out = path.join(scratch, "synth.json");
    fs.rmSync(out, { force: true });
    const res = await runInProcess(["--program", program, "--stack", "dev", "--out", out, "--transpile-cache", cache, "--verbose", ...extra]);
    return { ...res, synth: fs.existsSync(out) ? comparable(out) : undefined };
}

describe("transpile cache (npm start)", function () {
    this.timeout(600_000);
    let scratch: string;
    beforeEach(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-"));
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    const cases: Array<[string, string, number]> = [
        ["the dev stack (a program importing its component from another folder)", REPO, 0],
        ["a program that throws (the error's position in the TypeScript source)", path.join(PROGRAMS, "throws"), 2],
        ["a program whose bucket policy is built in an apply", path.join(PROGRAMS, "policy-document-apply"), 0],
    ];
    for (const [label, program, exit] of cases) {
        it(`gives the same stack, positions, report and errors without it, empty and full: ${label}`, async () => {
            const cache = path.join(scratch, "cache");
            const without = await preview(program, "off", scratch);
            const cold = await preview(program, cache, scratch);
            const kept = entries(cache);
            const warm = await preview(program, cache, scratch);
            assert.strictEqual(without.code, exit, without.stderr);
            assert.ok(kept.length > 0, "the first run keeps what it transpiled");
            assert.deepStrictEqual(entries(cache), kept, "the second run transpiles nothing new");
            for (const [name, run] of [["empty cache", cold], ["full cache", warm]] as const) {
                assert.deepStrictEqual(run, without, `${name}: not what the run without the cache gave`);
            }
        });
    }

    it("serves the kept output, and compiles a damaged entry again", async () => {
        const program = path.join(PROGRAMS, "throws");
        const cache = path.join(scratch, "cache");
        const first = await preview(program, cache, scratch);
        assert.match(first.stderr, /settings are not configured/);
        const [entry] = entries(cache).map((f) => path.join(cache, f)).filter((f) => fs.readFileSync(f, "utf8").includes("settings are not configured"));
        assert.ok(entry, "the program's entry is kept");
        const kept = fs.readFileSync(entry, "utf8");
        const [digest, ...rest] = kept.split("\n");
        const output = rest.join("\n");

        // A kept output whose digest matches is what the program runs: the cache is really read.
        const altered = output.replace("settings are not configured", "served from the transpile cache");
        fs.writeFileSync(entry, `${require("crypto").createHash("sha256").update(altered).digest("hex")}\n${altered}`);
        assert.match((await preview(program, cache, scratch)).stderr, /served from the transpile cache/);

        // One whose digest does not match (a truncated write, a disk error) is compiled again and replaced.
        fs.writeFileSync(entry, `${digest}\n${output.slice(0, output.length / 2)}`);
        const again = await preview(program, cache, scratch);
        assert.deepStrictEqual(again, first);
        assert.strictEqual(fs.readFileSync(entry, "utf8"), kept);
    });

    it("is not used where the output could differ: ES modules, --type-check, no TypeScript, off", () => {
        const runScript = require.resolve("@pulumi/pulumi/cmd/run");
        const repo = loadProject(REPO);
        const esm = loadProject(path.join(PROGRAMS, "esm-cwd-config"));
        const base = { preview: true, target: { region: "us-east-1", accountId: "123456789012", partition: "aws" }, transpileCache: "/cache" } as any;
        const used = transpileCaching(repo, runScript, base);
        assert.deepStrictEqual(used.args, ["--require", path.join(REPO, "offline", "transpile-cache.js")]);
        assert.strictEqual(used.env.ENCRYPTED_BUCKET_TRANSPILE_CACHE, "/cache");
        assert.strictEqual(used.env.ENCRYPTED_BUCKET_PULUMI_SDK, path.dirname(require.resolve("@pulumi/pulumi/package.json")));
        // The SDK's run script turns ts-node's ESM mode off when node was given --require.
        assert.deepStrictEqual(transpileCaching(esm, runScript, base), { args: [], env: {} });
        assert.deepStrictEqual(transpileCaching(repo, runScript, { ...base, typeCheck: true }), { args: [], env: {} });
        assert.deepStrictEqual(transpileCaching({ ...repo, runtime: { ...repo.runtime, typescript: false } }, runScript, base), { args: [], env: {} });
        assert.deepStrictEqual(transpileCaching(repo, runScript, { ...base, transpileCache: undefined }), { args: [], env: {} });
    });
});
