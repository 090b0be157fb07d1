/**
 * `npm start -- --policy-config <file>` takes exceptions as `pulumi --policy-pack-config` does
 * (docs/exceptions.md): covered findings are advisory in the report, the JSON report and the SARIF
 * log, and a stack whose only mandatory findings are covered exits 0. The pack is the real pack's
 * policies judging expiry on TODAY (tests/policy-pack/dated-pack), never the machine's clock.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { JsonReport } from "../../offline/json-report";
import { main } from "../../offline/preview-cli";
import { DATED_PACK_DIR } from "../policy-pack/fixtures";
import { REPO } from "./preview-cli-runs";

const TODAY = "2027-06-15";
const PROGRAM = path.join(REPO, "tests", "programs", "javascript-sse-s3");
const BUCKET_URN = "urn:pulumi:dev::static-site-logs::aws:s3/bucket:Bucket::site-logs";

function exception(code: string, expires: string): Record<string, unknown> {
    return { urn: BUCKET_URN, codes: [code], reason: `server access logs, ${code}`, approvedBy: "security@example.com", expires };
}

function covering(expires: string): Record<string, unknown> {
    return {
        "s3-bucket-encrypted-with-cmk": { exceptions: [exception("EB-SSE-001", expires)] },
        "s3-bucket-policy-enforces-cmk": { exceptions: [exception("EB-BPL-001", "2027-12-31")] },
    };
}

describe("npm start with exceptions in --policy-config", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "exceptions-cli-"));
    // `main` checks for the built pack at <pack>/dist/index.js: a folder whose dist loads the dated pack.
    const packDir = path.join(tmp, "pack");
    const savedToday = process.env.PACK_TODAY;
    before(() => {
        fs.mkdirSync(path.join(packDir, "dist"), { recursive: true });
        fs.writeFileSync(path.join(packDir, "package.json"), JSON.stringify({ name: "dated-pack", version: "0.0.0", main: "dist/index.js" }));
        fs.writeFileSync(path.join(packDir, "dist", "index.js"), `require(${JSON.stringify(path.join(DATED_PACK_DIR, "index.js"))});\n`);
        // The pack process inherits our environment: the one place this test passes it the date.
        process.env.PACK_TODAY = TODAY;
    });
    after(() => {
        if (savedToday === undefined) {
            delete process.env.PACK_TODAY;
        } else {
            process.env.PACK_TODAY = savedToday;
        }
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    async function run(name: string, policyConfig: unknown): Promise<{ code: number; stdout: string; stderr: string; json?: JsonReport; sarif?: any }> {
        const configFile = path.join(tmp, `${name}.config.json`);
        fs.writeFileSync(configFile, JSON.stringify(policyConfig));
        const [json, sarif] = [path.join(tmp, `${name}.report.json`), path.join(tmp, `${name}.sarif`)];
        let stdout = "";
        let stderr = "";
        const home = fs.mkdtempSync(path.join(tmp, "pulumi-home-"));
        const code = await main(["--program", PROGRAM, "--policy-config", configFile, "--out", path.join(tmp, `${name}.synth.json`), "--json", json, "--sarif", sarif],
            { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, packDir, { PULUMI_HOME: home });
        const read = (file: string) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined);
        return { code, stdout, stderr, json: read(json), sarif: read(sarif) };
    }

    it("covered: exit 0, both findings advisory in the JSON report and warnings in the SARIF log", async () => {
        const r = await run("covered", covering("2027-09-30"));
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(r.json!.verdict.exitCode, 0);
        assert.deepStrictEqual(r.json!.findings.map((f) => [f.code, f.enforcementLevel, f.resource?.urn]).sort(), [
            ["EB-BPL-001", "advisory", BUCKET_URN],
            ["EB-SSE-001", "advisory", BUCKET_URN],
        ]);
        assert.ok(r.json!.findings.every((f) => f.message.includes(`server access logs, ${f.code}`)), "each names its exception's reason");
        assert.deepStrictEqual(r.sarif.runs[0].results.map((x: any) => [x.ruleId, x.level]).sort(), [["EB-BPL-001", "warning"], ["EB-SSE-001", "warning"]]);
    });

    it("one exception expired: exit 1, its finding mandatory again and the expired exception reported", async () => {
        const r = await run("expired", covering("2027-06-14"));
        assert.strictEqual(r.code, 1, r.stdout + r.stderr);
        assert.deepStrictEqual(r.json!.findings.map((f) => [f.code, f.enforcementLevel, f.resource?.urn ?? "the stack"]).sort(), [
            ["EB-BPL-001", "advisory", BUCKET_URN],
            ["EB-EXC-001", "advisory", "the stack"],
            ["EB-SSE-001", "mandatory", BUCKET_URN],
        ]);
        const ajv = new Ajv({ allErrors: true });
        addFormats(ajv);
        ajv.addSchema(JSON.parse(fs.readFileSync(path.join(REPO, "offline", "synth.schema.json"), "utf8")));
        const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, "offline", "report.schema.json"), "utf8")));
        assert.ok(validate(r.json), ajv.errorsText(validate.errors));
    });

    it("a malformed exception: the config is refused as the engine refuses it (exit 2, the field named)", async () => {
        const config = covering("2027-09-30") as Record<string, { exceptions: Record<string, unknown>[] }>;
        delete config["s3-bucket-encrypted-with-cmk"].exceptions[0].approvedBy;
        const r = await run("malformed", config);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /s3-bucket-encrypted-with-cmk\.exceptions\[0\]: approvedBy is required/);
    });
});
