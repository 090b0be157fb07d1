/**
 * Two independent checks of a SARIF log: Microsoft's validator (`@microsoft/sarif-multitool`, the
 * pinned self-contained binary), with its SARIF rules and GitHub's ingestion rules, and the SARIF
 * 2.1.0 JSON schema that ships in the same pinned package, with ajv.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";

const MULTITOOL: string = require("@microsoft/sarif-multitool");
const SCHEMA_FILE = path.join(path.dirname(MULTITOOL), "sarif-2.1.0.json");

/**
 * The validator's results for `file`, as `<level> <rule id>: <message arguments>`. `workDir`: a
 * folder the caller made, for the validator's output log and temporary files.
 */
export function multitoolResults(file: string, workDir: string): Array<{ level: string; line: string }> {
    const output = path.join(workDir, `${path.basename(file)}.validation.sarif`);
    const res = spawnSync(MULTITOOL, ["validate", file, "--output", output, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--quiet"], {
        encoding: "utf8",
        env: { ...process.env, TMPDIR: workDir, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_EnableDiagnostics: "0" },
        timeout: 120_000,
    });
    if (res.status !== 0 || !fs.existsSync(output)) {
        throw new Error(`sarif-multitool validate failed (${res.status ?? res.signal}): ${res.stdout}${res.stderr}`);
    }
    const log: Sarif.Log = JSON.parse(fs.readFileSync(output, "utf8"));
    const run = log.runs[0];
    if (run.invocations?.some((i) => !i.executionSuccessful)) {
        throw new Error(`sarif-multitool did not complete: ${JSON.stringify(run.invocations)}`);
    }
    return (run.results ?? []).map((r) => ({ level: r.level ?? "warning", line: `${r.level} ${r.ruleId}: ${(r.message.arguments ?? []).join(" | ")}` }));
}

export function multitoolErrors(file: string, workDir: string): string[] {
    return multitoolResults(file, workDir).filter((r) => r.level === "error").map((r) => r.line);
}

let schemaValidator: ReturnType<Ajv2020["compile"]> | undefined;

/** Errors of `log` against the SARIF 2.1.0 JSON schema; empty when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
    if (!schemaValidator) {
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        schemaValidator = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
    }
    return schemaValidator(log) ? [] : (schemaValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
