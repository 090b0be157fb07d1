/**
 * `npm start -- --sarif <file> --json <file>` on the insecure example: the SARIF log passes
 * Microsoft's validator (its SARIF rules and GitHub's ingestion rules) and the SARIF 2.1.0 schema,
 * has one result per distinct finding, and the JSON report holds the same findings.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { JsonReport } from "../../offline/json-report";
import { SynthDocument } from "../../offline/synth";
import { CODES, Code, codeUrl } from "../../policy-pack/src/findings/codes";
import { REPO, runInProcess } from "./preview-cli-runs";
import { multitoolErrors, sarifSchemaErrors } from "./sarif-validation";

const PROGRAM = path.join(REPO, "examples", "insecure");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

/** Each distinct (policy, resource, message) of the synthesized stack's runs, with the runs that reported it: computed here, not by offline/findings.ts. */
function expectedFindings(doc: SynthDocument, level?: string): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    for (const run of doc.runs) {
        for (const d of run.diagnostics.filter((x) => level === undefined || x.enforcementLevel === level)) {
            const message = d.message.slice(d.message.indexOf("\n") + 1);
            const key = JSON.stringify([d.policyName, d.urn, message]);
            seen.set(key, [...new Set([...(seen.get(key) ?? []), run.mode])]);
        }
    }
    return seen;
}

describe("npm start --sarif --json: outputs for CI", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "offline-ci-outputs-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const sarifFile = path.join(tmp, "report.sarif");
    const jsonFile = path.join(tmp, "report.json");
    let result: { code: number; stdout: string; stderr: string };
    let doc: SynthDocument;
    let log: Sarif.Log;
    let report: JsonReport;

    before(async () => {
        result = await runInProcess(["--program", PROGRAM, "--out", path.join(tmp, "synth.json"), "--sarif", sarifFile, "--json", jsonFile]);
        doc = readJson(path.join(tmp, "synth.json"));
        log = readJson(sarifFile);
        report = readJson(jsonFile);
    });

    it("exits 1, as without the flags, and counts each distinct finding once in the verdict", () => {
        assert.strictEqual(result.code, 1, result.stdout + result.stderr);
        const perRun = doc.runs.reduce((n, r) => n + r.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length, 0);
        const distinct = expectedFindings(doc, "mandatory").size;
        assert.ok(perRun > distinct, `preview and update both report each problem (${perRun} diagnostics, ${distinct} distinct)`);
        assert.match(result.stdout, new RegExp(`\\nResult: ${distinct} mandatory policy violation\\(s\\): pulumi would refuse this stack\\.$`, "m"));
    });

    it("Microsoft's SARIF validator finds no error, with its SARIF rules and GitHub's ingestion rules", () => {
        assert.deepStrictEqual(multitoolErrors(sarifFile, tmp), []);
    });

    it("the validator does catch broken copies (so a clean result means something)", () => {
        const check = (name: string, breakIt: (copy: any) => void) => {
            const copy: any = structuredClone(log);
            breakIt(copy);
            const file = path.join(tmp, name);
            fs.writeFileSync(file, JSON.stringify(copy, null, 2));
            return multitoolErrors(file, tmp).join("\n");
        };
        // A schema error stops the validator before its rules run: one broken copy each.
        assert.match(check("no-driver-name.sarif", (c) => delete c.runs[0].tool.driver.name), /JSON1002: runs\[0\]\.tool\.driver \| name/);
        const ruleErrors = check("bad-locations.sarif", (c) => {
            c.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "not a uri";
            c.runs[0].results[1].locations = [];
        });
        assert.match(ruleErrors, /SARIF1002: .*not a uri/, ruleErrors);
        assert.match(ruleErrors, /GH1015: runs\[0\]\.results\[1\]/, ruleErrors);
    });

    it("is valid against the SARIF 2.1.0 JSON schema, which refuses a broken copy", () => {
        assert.deepStrictEqual(sarifSchemaErrors(log), []);
        const broken: any = structuredClone(log);
        broken.runs[0].results[0].level = "fatal";
        assert.notDeepStrictEqual(sarifSchemaErrors(broken), []);
    });

    it("has one result per distinct finding, saying in which runs it was seen", () => {
        const results = log.runs[0].results ?? [];
        const expected = expectedFindings(doc);
        assert.strictEqual(results.length, expected.size);
        for (const r of results) {
            const urn = r.locations?.[0].logicalLocations?.find((l) => l.kind === "resource")?.fullyQualifiedName ?? "";
            const key = JSON.stringify([r.properties?.policyName, urn, r.message.text]);
            assert.deepStrictEqual(r.properties?.runs, expected.get(key), key);
        }
        assert.ok(results.every((r) => r.properties?.runs.length === 2), "the example's findings are seen in preview and update");
    });

    it("has one rule per finding code, each documented, with its policy's description and the code's help URL", () => {
        const rules = log.runs[0].tool.driver.rules ?? [];
        const ids = [...new Set((log.runs[0].results ?? []).map((r) => r.ruleId!))];
        assert.deepStrictEqual(rules.map((r) => r.id), ids);
        for (const r of log.runs[0].results ?? []) {
            assert.strictEqual(rules[r.ruleIndex!].id, r.ruleId);
            assert.strictEqual(r.level, "error", "mandatory is error");
        }
        // The insecure example: no encryption, SSE-S3, the AWS-managed key, another account's key, no bucket policy.
        assert.deepStrictEqual([...ids].sort(), ["EB-BPL-001", "EB-ENC-001", "EB-KEY-002", "EB-KEY-007", "EB-SSE-001"]);
        for (const rule of rules) {
            assert.ok(rule.id in CODES, `${rule.id} is a documented code`);
            assert.strictEqual(rule.helpUri, codeUrl(rule.id as Code));
        }
        assert.match(rules.find((r) => r.id === "EB-ENC-001")!.shortDescription!.text, /must be encrypted by default with SSE-KMS/);
        assert.strictEqual(log.runs[0].tool.driver.informationUri, JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).homepage);
    });

    it("locates each result at the stack and resource, and at the program's line that registered the resource", () => {
        const source = fs.readFileSync(path.join(PROGRAM, "index.ts"), "utf8").split("\n");
        assert.deepStrictEqual(log.runs[0].originalUriBaseIds?.PROGRAMROOT, { uri: `file://${PROGRAM}/` });
        for (const r of log.runs[0].results ?? []) {
            const [resource, stack] = r.locations![0].logicalLocations!;
            assert.strictEqual(stack.name, "insecure-buckets/dev");
            assert.strictEqual(stack.fullyQualifiedName, "urn:pulumi:dev::insecure-buckets::pulumi:pulumi:Stack::insecure-buckets-dev");
            assert.strictEqual(resource.fullyQualifiedName, `urn:pulumi:dev::insecure-buckets::aws:s3/bucket:Bucket::${resource.name}`);
            assert.strictEqual(resource.properties?.resourceType, "aws:s3/bucket:Bucket");
            const physical = r.locations![0].physicalLocation!;
            assert.deepStrictEqual(physical.artifactLocation, { uri: "index.ts", uriBaseId: "PROGRAMROOT" });
            const line = source[physical.region!.startLine! - 1];
            assert.strictEqual(line.slice(physical.region!.startColumn! - 1).startsWith(`new aws.s3.Bucket("${resource.name}")`), true, line);
        }
    });

    it("writes a JSON report, valid against offline/report.schema.json, with the same findings and rule ids", () => {
        const ajv = new Ajv({ allErrors: true });
        addFormats(ajv);
        ajv.addSchema(readJson(path.join(REPO, "offline", "synth.schema.json")));
        const validate = ajv.compile(readJson(path.join(REPO, "offline", "report.schema.json")));
        assert.ok(validate(report), ajv.errorsText(validate.errors));
        assert.deepStrictEqual(report.verdict, { exitCode: 1, summary: result.stdout.trim().split("\n").pop() });
        const fromSarif = (log.runs[0].results ?? []).map((r) => ({
            ruleId: r.ruleId, code: r.properties?.code, urn: r.locations![0].logicalLocations![0].fullyQualifiedName, message: r.message.text, runs: r.properties?.runs,
        }));
        const fromJson = report.findings.map((f) => ({ ruleId: f.ruleId, code: f.code, urn: f.resource?.urn, message: f.message, runs: f.runs }));
        assert.deepStrictEqual(fromJson, fromSarif);
        assert.strictEqual(report.counts.mandatory, report.findings.length);
        assert.deepStrictEqual(report.rules.map((r) => r.id), log.runs[0].tool.driver.rules!.map((r) => r.id));
        const unencrypted = report.findings.find((f) => f.resource?.name === "unencrypted" && f.policyName === "s3-bucket-encrypted-with-cmk");
        assert.deepStrictEqual(unencrypted?.location, { file: "index.ts", line: 8, column: 28 });
    });

    it("the report schema refuses a report that breaks the shape", () => {
        const ajv = new Ajv();
        addFormats(ajv);
        ajv.addSchema(readJson(path.join(REPO, "offline", "synth.schema.json")));
        const schema = readJson(path.join(REPO, "offline", "report.schema.json"));
        assert.strictEqual(ajv.validate(schema, { ...report, findings: [{ ...report.findings[0], runs: ["deploy"] }] }), false);
        assert.strictEqual(ajv.validate(schema, { ...report, findings: [{ ...report.findings[0], location: { file: "/etc/passwd", line: 1, column: 1 } }] }), false);
    });
});
