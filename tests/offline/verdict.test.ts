// npm start's exit code from the synthesized stack: 0 only when everything the engine would judge
// was judged and passed; a mandatory violation is 1 even when something was not modelled (pulumi
// would refuse the stack either way); a clean run that could not model everything is 3.
import * as assert from "assert";
import { Diagnostic } from "../../offline/analyzer";
import { renderReport, verdict } from "../../offline/report";
import { SynthDocument } from "../../offline/synth";

const MISSING: SynthDocument["notModelled"][number] = {
    kind: "component",
    token: "awsx:cloudtrail:Trail",
    urn: "urn:pulumi:dev::p::awsx:cloudtrail:Trail::audit",
    plugin: { name: "awsx", version: "2.1.0" },
    reason: "not in the plugin cache /nowhere/plugins, and the offline preview downloads nothing",
    fix: "pulumi plugin install resource awsx 2.1.0",
    runs: ["preview", "update"],
};

const VIOLATION: Diagnostic = {
    policyName: "s3-bucket-encrypted-with-cmk",
    policyPackName: "encrypted-buckets",
    enforcementLevel: "mandatory",
    urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::logs",
    message: "no default encryption",
};

function doc(notModelled: SynthDocument["notModelled"], diagnostics: Diagnostic[]): SynthDocument {
    const run = (mode: "preview" | "update") => ({ mode, resources: [], outputs: {}, invokes: [], diagnostics });
    return {
        schemaVersion: 1,
        kind: "encrypted-bucket/offline-preview",
        notice: "offline",
        generatedAt: new Date(0).toISOString(),
        project: "p",
        stack: "dev",
        programDir: "/p",
        policyPack: { name: "encrypted-buckets", version: "0.1.0" },
        target: { accountId: "123456789012", region: "us-east-1", partition: "aws", dnsSuffix: "amazonaws.com", placeholders: ["accountId"] },
        secretPlaceholders: {},
        notModelled,
        runs: [run("preview"), run("update")],
    };
}

describe("npm start's verdict and exit code", () => {
    it("is 0 only for a complete run with no mandatory violation", () => {
        assert.strictEqual(verdict(doc([], [])).code, 0);
        assert.strictEqual(verdict(doc([], [{ ...VIOLATION, enforcementLevel: "advisory" }])).code, 0);
    });

    it("is 3 for a clean run that could not model everything, and the report lists it before the verdict", () => {
        const d = doc([MISSING], []);
        assert.strictEqual(verdict(d).code, 3);
        const report = renderReport(d, "out.json");
        const listed = report.indexOf("component audit (awsx:cloudtrail:Trail), preview and update: plugin awsx 2.1.0: not in the plugin cache");
        assert.ok(listed > 0 && listed < report.indexOf("Result: INCOMPLETE"), report);
        assert.ok(report.includes("  fix: pulumi plugin install resource awsx 2.1.0"), report);
    });

    it("is 1 when a mandatory policy is violated, whatever was not modelled", () => {
        assert.strictEqual(verdict(doc([MISSING], [VIOLATION])).code, 1);
        assert.strictEqual(verdict(doc([], [VIOLATION])).code, 1);
    });

    it("prints each policy's remediation steps and documentation above its findings", () => {
        const texts = new Map([[VIOLATION.policyName, { description: "Buckets are encrypted.", remediationSteps: "Encrypt it.", url: "https://example.org/policy" }]]);
        const lines = renderReport(doc([], [VIOLATION]), "out.json", texts).split("\n");
        const heading = lines.findIndex((l) => l === "  MANDATORY s3-bucket-encrypted-with-cmk: Buckets are encrypted.");
        assert.ok(heading > 0, lines.join("\n"));
        assert.deepStrictEqual(lines.slice(heading + 1, heading + 3), ["    how to fix: Encrypt it.", "    see: https://example.org/policy"]);
        assert.match(lines[heading + 3], /logs .*no default encryption/);
    });
});
