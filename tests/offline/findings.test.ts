/**
 * Findings from hand-built runs, the way the pack will word them once every message starts with
 * its finding code, and as it words them today: rule ids, deduplication across runs, levels,
 * locations, help text and URLs, in the SARIF log, the JSON report and the text report.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { Diagnostic, PolicyInfo } from "../../offline/analyzer";
import { CapturedResource } from "../../offline/captured";
import { distinctFindings, programLocation } from "../../offline/findings";
import { jsonReport } from "../../offline/json-report";
import { readSource } from "../../offline/registration";
import { renderPolicy, renderReport, resourceLabels, verdict } from "../../offline/report";
import { sarifLog } from "../../offline/sarif";
import { OFFLINE_NOTICE, SynthDocument } from "../../offline/synth";
import { multitoolErrors, sarifSchemaErrors } from "./sarif-validation";

const PROGRAM = path.join(os.tmpdir(), "some-program");
const STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const BUCKET = "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::logs";
const VERSIONING = "urn:pulumi:dev::proj::aws:s3/bucketVersioning:BucketVersioning::logs";
const ENCRYPTION_DESC = "S3 buckets must be encrypted by default with SSE-KMS under an allowed customer-managed KMS key.";
const POLICY_DESC = "S3 bucket policies must deny every upload not encrypted with the bucket's customer-managed KMS key.";

const POLICIES: PolicyInfo[] = [
    { name: "s3-bucket-encrypted-with-cmk", description: ENCRYPTION_DESC, enforcementLevel: "mandatory", kind: "resource", remediationSteps: "Declare a BucketServerSideEncryptionConfiguration with aws:kms and a key of this stack.", url: "https://example.org/policies/encryption" },
    { name: "s3-bucket-policy-enforces-cmk", description: POLICY_DESC, enforcementLevel: "mandatory", kind: "resource" },
    { name: "kms-key-outlives-its-buckets", description: "KMS keys should outlive their buckets.", enforcementLevel: "advisory", kind: "stack" },
];

function resource(urn: string, source?: CapturedResource["source"]): CapturedResource {
    const [, , type, name] = urn.split("::");
    return {
        urn, type, name, custom: type !== "pulumi:pulumi:Stack", inputs: {}, properties: {}, dependencies: [], propertyDependencies: {},
        lifecycle: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, dependsOn: [], ignoreChanges: [] },
        ...(source ? { source } : {}),
    };
}

/** As @pulumi/policy sends a violation reported as a string: the description, a newline, the message. */
function diagnostic(policyName: string, urn: string, message: string, enforcementLevel: Diagnostic["enforcementLevel"] = "mandatory"): Diagnostic {
    const description = POLICIES.find((p) => p.name === policyName)!.description;
    return { policyName, policyPackName: "encrypted-buckets", enforcementLevel, urn, message: `${description}\n${message}`, description };
}

const at = (file: string, line: number, column: number) => ({ uri: pathToFileURL(file).href, line, column });

function document(preview: Diagnostic[], update: Diagnostic[]): SynthDocument {
    const resources = [
        resource(STACK_URN),
        // The innermost frame is the component's file in node_modules; the program's line is next.
        resource(BUCKET, [at(path.join(PROGRAM, "node_modules", "lib", "index.js"), 3, 1), at(path.join(PROGRAM, "src", "buckets.ts"), 12, 5)]),
        resource(VERSIONING),
    ];
    const run = (mode: "preview" | "update", diagnostics: Diagnostic[]) => ({ mode, resources, outputs: {}, invokes: [], diagnostics });
    return {
        schemaVersion: 1, kind: "encrypted-bucket/offline-preview", notice: OFFLINE_NOTICE, generatedAt: new Date(0).toISOString(),
        project: "proj", stack: "dev", programDir: PROGRAM, policyPack: { name: "encrypted-buckets", version: "0.1.0" },
        target: { accountId: "123456789012", region: "us-east-1", partition: "aws", dnsSuffix: "amazonaws.com", placeholders: ["accountId"] },
        secretPlaceholders: {}, notModelled: [], runs: [run("preview", preview), run("update", update)],
    };
}

describe("findings: one per distinct problem, with its rule", () => {
    const coded = "EB-ENC-001: general-purpose bucket \"logs\" declares no default encryption. See https://example.org/findings/EB-ENC-001.";
    const versioning = "EB-VER-002: versioning of bucket \"logs\" is suspended.";
    const codedDoc = () => document(
        [diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, coded), diagnostic("s3-bucket-policy-enforces-cmk", BUCKET, "EB-POL-001: the bucket policy is unknown until apply.")],
        [
            diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, coded),
            diagnostic("s3-bucket-policy-enforces-cmk", BUCKET, "EB-POL-002: general-purpose bucket \"logs\" has no bucket policy."),
            diagnostic("s3-bucket-encrypted-with-cmk", VERSIONING, versioning, "advisory"),
            diagnostic("kms-key-outlives-its-buckets", "", "key k is deleted with the stack", "advisory"),
        ],
    );

    it("with finding codes: the code is the rule id, the same finding in both runs is one, a different message is another", () => {
        const findings = distinctFindings(codedDoc());
        assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.code, f.resource?.name ?? "(stack)", f.runs.join("+")]), [
            ["EB-ENC-001", "EB-ENC-001", "logs", "preview+update"],
            ["EB-POL-001", "EB-POL-001", "logs", "preview"],
            ["EB-POL-002", "EB-POL-002", "logs", "update"],
            ["EB-VER-002", "EB-VER-002", "logs", "update"],
            ["kms-key-outlives-its-buckets", undefined, "(stack)", "update"],
        ]);
        assert.strictEqual(findings[0].message, coded, "the description the SDK puts first is not part of the message");
        assert.strictEqual(findings[0].messageUrl, "https://example.org/findings/EB-ENC-001");
        assert.deepStrictEqual(findings[0].location, { file: "src/buckets.ts", line: 12, column: 5 });
        assert.strictEqual(findings[4].resource, undefined);
    });

    it("without codes (today's pack): the policy name is the rule id, and the verdict counts each mandatory finding once", () => {
        const plain = "general-purpose bucket \"logs\" declares no default encryption.";
        const doc = document([diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, plain)], [diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, plain)]);
        const findings = distinctFindings(doc);
        assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.code, f.runs]), [["s3-bucket-encrypted-with-cmk", undefined, ["preview", "update"]]]);
        assert.strictEqual(verdict(doc).line, "Result: 1 mandatory policy violation(s): pulumi would refuse this stack.");
        // A message reported as an object carries no description; a lower-case or code-less prefix is no code.
        const other = document([{ ...diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, ""), message: "eb-enc-001: lower case" }], [{ ...diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, ""), message: "EB: no number" }]);
        assert.deepStrictEqual(distinctFindings(other).map((f) => f.ruleId), ["s3-bucket-encrypted-with-cmk", "s3-bucket-encrypted-with-cmk"]);
    });

    it("the SARIF log: a rule per code with help and URL, levels from enforcement, stack findings anchored at Pulumi.yaml; valid for the validator", () => {
        const log = sarifLog(codedDoc(), { policies: POLICIES, toolVersion: "0.1.0" });
        const run = log.runs[0];
        const rules = run.tool.driver.rules!;
        assert.deepStrictEqual(rules.map((r) => [r.id, r.helpUri]), [
            ["EB-ENC-001", "https://example.org/findings/EB-ENC-001"],
            ["EB-POL-001", undefined],
            ["EB-POL-002", undefined],
            ["EB-VER-002", "https://example.org/policies/encryption"],
            ["kms-key-outlives-its-buckets", undefined],
        ]);
        assert.strictEqual(rules[0].shortDescription!.text, ENCRYPTION_DESC);
        assert.match(rules[0].help!.text, /Remediation: Declare a BucketServerSideEncryptionConfiguration/);
        assert.deepStrictEqual(run.results!.map((r) => [r.ruleId, r.level, r.properties?.runs]), [
            ["EB-ENC-001", "error", ["preview", "update"]],
            ["EB-POL-001", "error", ["preview"]],
            ["EB-POL-002", "error", ["update"]],
            ["EB-VER-002", "warning", ["update"]],
            ["kms-key-outlives-its-buckets", "warning", ["update"]],
        ]);
        assert.deepStrictEqual(run.results![0].locations![0].physicalLocation, { artifactLocation: { uri: "src/buckets.ts", uriBaseId: "PROGRAMROOT" }, region: { startLine: 12, startColumn: 5 } });
        assert.deepStrictEqual(run.results![3].locations![0].physicalLocation, { artifactLocation: { uri: "Pulumi.yaml", uriBaseId: "PROGRAMROOT" } }, "no source position: the project file, no line");
        assert.deepStrictEqual(run.results![4].locations![0].logicalLocations!.map((l) => l.kind), ["stack"]);
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "findings-sarif-"));
        try {
            const file = path.join(tmp, "coded.sarif");
            fs.writeFileSync(file, JSON.stringify(log, null, 2));
            assert.deepStrictEqual(multitoolErrors(file, tmp), []);
            assert.deepStrictEqual(sarifSchemaErrors(log), []);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("levels: remediate is a warning, disabled a note", () => {
        const doc = document([], [
            diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, "EB-ENC-001: a", "remediate"),
            diagnostic("s3-bucket-encrypted-with-cmk", BUCKET, "EB-ENC-002: b", "disabled"),
        ]);
        assert.deepStrictEqual(sarifLog(doc, { policies: POLICIES, toolVersion: "0" }).runs[0].results!.map((r) => r.level), ["warning", "note"]);
    });

    it("the JSON report holds the findings with their codes, counts and rules", () => {
        const report = jsonReport(codedDoc(), POLICIES);
        assert.deepStrictEqual(report.counts, { mandatory: 3, advisory: 2, remediate: 0, disabled: 0 });
        assert.deepStrictEqual(report.findings.map((f) => f.code ?? f.ruleId), ["EB-ENC-001", "EB-POL-001", "EB-POL-002", "EB-VER-002", "kms-key-outlives-its-buckets"]);
        assert.deepStrictEqual(report.verdict, { exitCode: 1, summary: "Result: 3 mandatory policy violation(s): pulumi would refuse this stack." });
        assert.strictEqual(report.rules[0].remediationSteps, POLICIES[0].remediationSteps);
    });

    it("the text report: each finding once with its runs, resources sharing a name told apart, no empty headings", () => {
        const text = renderReport(codedDoc(), "out.json");
        assert.ok(!text.includes("Key and bucket policies"), "no key or bucket policy: no heading");
        assert.match(text, /Policy pack encrypted-buckets@0\.1\.0, preview and update: 5 distinct finding\(s\), 3 mandatory, 2 advisory:/);
        assert.ok(text.includes(`    aws:s3/bucket:Bucket logs at src/buckets.ts:12 (preview and update): ${coded}`), text);
        assert.ok(text.includes(`    aws:s3/bucketVersioning:BucketVersioning logs (update): ${versioning}`), text);
        assert.ok(text.includes("    the stack (update): key k is deleted with the stack"), text);
        assert.strictEqual(text.split("\n").filter((l) => l.startsWith("  MANDATORY s3-bucket-encrypted-with-cmk")).length, 1, "a policy's description once");
        assert.match(text, /Result: 3 mandatory policy violation\(s\)/);
        assert.match(renderReport(document([], []), "out.json"), /Policy pack encrypted-buckets@0\.1\.0, preview and update: no violations\./);
    });
});

describe("report: resource names and policy statements", () => {
    it("names a resource by its name when unique, else by type and name, else by the URN's qualified type", () => {
        const child = "urn:pulumi:dev::proj::my:index:Store$aws:s3/bucket:Bucket::logs";
        const labels = resourceLabels([BUCKET, VERSIONING, child, "urn:pulumi:dev::proj::aws:kms/key:Key::key"]);
        assert.deepStrictEqual([...labels.values()], [
            "aws:s3/bucket:Bucket logs",
            "aws:s3/bucketVersioning:BucketVersioning logs",
            "my:index:Store$aws:s3/bucket:Bucket logs",
            "key",
        ]);
    });

    it("renders NotPrincipal and NotAction statements as what they are", () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Deny", Action: "s3:*", NotPrincipal: { AWS: ["arn:aws:iam::123456789012:role/admin"] }, Resource: "*" },
                { Effect: "Deny", NotAction: ["s3:GetObject"], Principal: "*", Resource: "*" },
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            ],
        };
        assert.deepStrictEqual(renderPolicy(JSON.stringify(policy)), [
            "Deny  s3:*  principal not AWS:arn:aws:iam::123456789012:role/admin",
            "Deny  not s3:GetObject  principal *",
            "Allow s3:GetObject  no principal",
        ]);
    });
});

describe("registration source positions", () => {
    const position = (uri: string, line: number, column: number) => ({ getUri: () => uri, getLine: () => line, getColumn: () => column });

    it("keeps the SDK's position and stack frames outside node_modules, once each", () => {
        const req = {
            getSourceposition: () => position("file:///p/index.ts", 8, 28),
            getStacktrace: () => ({
                getFramesList: () => [
                    { getPc: () => position("file:///p/index.ts", 8, 28) },
                    { getPc: () => position("file:///p/node_modules/ts-node/src/index.ts", 1618, 23) },
                    { getPc: () => undefined },
                    { getPc: () => position("file:///p/main.ts", 3, 1) },
                ],
            }),
        };
        assert.deepStrictEqual(readSource(req), [{ uri: "file:///p/index.ts", line: 8, column: 28 }, { uri: "file:///p/main.ts", line: 3, column: 1 }]);
    });

    it("is absent when the SDK sends none, or only library frames", () => {
        assert.strictEqual(readSource({}), undefined);
        assert.strictEqual(readSource({ getSourceposition: () => undefined, getStacktrace: () => undefined }), undefined);
        assert.strictEqual(readSource({ getSourceposition: () => position("file:///p/node_modules/x/index.js", 1, 1) }), undefined);
    });

    it("maps to the program folder, and to nothing outside it", () => {
        const inside = [at(path.join(PROGRAM, "index.ts"), 4, 3)];
        assert.deepStrictEqual(programLocation(inside, PROGRAM), { file: "index.ts", line: 4, column: 3 });
        assert.strictEqual(programLocation([at(path.join(os.tmpdir(), "elsewhere", "index.ts"), 1, 1)], PROGRAM), undefined);
        assert.strictEqual(programLocation(undefined, PROGRAM), undefined);
    });
});
