/**
 * The SARIF 2.1.0 log `npm start -- --sarif <file>` writes, for GitHub code scanning and other CI:
 * one rule per finding code (or per policy, for a message without a code), one result per
 * distinct finding (`offline/findings.ts`), its level from the enforcement level, located at the
 * stack and resource (logical) and at the program's file and line that registered the resource
 * (physical), when the SDK sent a source position.
 */
import * as path from "path";
import { pathToFileURL } from "url";
import type * as Sarif from "sarif";
import { EnforcementLevel, PolicyInfo } from "./analyzer";
import { Finding, RuleDescription, describeRules, distinctFindings } from "./findings";
import { verdict } from "./report";
import { SynthDocument } from "./synth";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The base the physical locations are relative to: the program's folder. */
export const PROGRAM_ROOT = "PROGRAMROOT";

/** `disabled` policies report nothing in a real run; `note` is the least SARIF level a failure may have. */
const LEVELS: Record<EnforcementLevel, Sarif.ReportingConfiguration.level> = {
    mandatory: "error",
    advisory: "warning",
    remediate: "warning",
    disabled: "note",
};

export function sarifLevel(level: EnforcementLevel): Sarif.ReportingConfiguration.level {
    return LEVELS[level];
}

/** `s3-bucket-encrypted-with-cmk` as `S3BucketEncryptedWithCmk`: SARIF's friendly rule name. */
const pascalCase = (name: string) => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");

/** SARIF messages are sentences: one that does not end with a full stop gets one. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function toRule(rule: RuleDescription, level: EnforcementLevel | undefined): Sarif.ReportingDescriptor {
    const help = rule.remediationSteps ? `${sentence(rule.description)}\n\nRemediation: ${rule.remediationSteps}` : sentence(rule.description);
    return {
        id: rule.id,
        name: pascalCase(rule.id === rule.policyName ? rule.policyName : `${rule.policyName}-${rule.id}`),
        shortDescription: { text: sentence(rule.description) },
        fullDescription: { text: sentence(rule.id === rule.policyName ? rule.description : `${rule.id}, policy ${rule.policyName}: ${rule.description}`) },
        help: { text: help },
        ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
        ...(level ? { defaultConfiguration: { level: sarifLevel(level) } } : {}),
        properties: { policyName: rule.policyName, tags: ["security", "pulumi-policy"] },
    };
}

function toLocation(f: Finding, doc: SynthDocument, stackUrn: string | undefined): Sarif.Location {
    const stack: Sarif.LogicalLocation = { name: `${doc.project}/${doc.stack}`, ...(stackUrn ? { fullyQualifiedName: stackUrn } : {}), kind: "stack" };
    const logicalLocations: Sarif.LogicalLocation[] = f.resource
        ? [{ name: f.resource.name, fullyQualifiedName: f.resource.urn, kind: "resource", properties: { resourceType: f.resource.type } }, stack]
        : [stack];
    // GitHub code scanning refuses a whole log in which one result has no physical location
    // (github/codeql-action#1738): without a source position, the result is anchored at the
    // project file, without a line.
    const physicalLocation: Sarif.PhysicalLocation = f.location
        ? {
            artifactLocation: { uri: encodeURI(f.location.file), uriBaseId: PROGRAM_ROOT },
            region: { startLine: f.location.line, ...(f.location.column > 0 ? { startColumn: f.location.column } : {}) },
        }
        : { artifactLocation: { uri: "Pulumi.yaml", uriBaseId: PROGRAM_ROOT } };
    return { physicalLocation, logicalLocations };
}

export interface SarifOptions {
    /** The policies of the pack (`getAnalyzerInfo`): descriptions, remediation steps, URLs. */
    policies: PolicyInfo[];
    /** This tool's version (the package's). */
    toolVersion: string;
    /** Where the tool is documented (package.json homepage), for code scanning's tool link. */
    toolHome?: string;
}

export function sarifLog(doc: SynthDocument, opts: SarifOptions): Sarif.Log {
    const findings = distinctFindings(doc);
    const descriptions = describeRules(findings, opts.policies);
    const ruleIndex = new Map(descriptions.map((r, i) => [r.id, i]));
    const stackUrn = doc.runs.flatMap((r) => r.resources).find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const results: Sarif.Result[] = findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId)!,
        kind: "fail",
        level: sarifLevel(f.enforcementLevel),
        message: { text: f.message },
        locations: [toLocation(f, doc, stackUrn)],
        properties: {
            runs: f.runs,
            policyName: f.policyName,
            policyPack: f.policyPackName,
            enforcementLevel: f.enforcementLevel,
            ...(f.code ? { code: f.code } : {}),
        },
    }));
    const notifications: Sarif.Notification[] = doc.notModelled.map((n) => ({
        level: "warning",
        message: { text: sentence(`Not modelled offline, ${n.runs.join(" and ")}: ${n.kind} ${n.token} (plugin ${n.plugin.name}${n.plugin.version ? ` ${n.plugin.version}` : ""}): ${n.reason}; fix: ${n.fix}`) },
    }));
    const { code, line } = verdict(doc, findings);
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [{
            tool: {
                driver: {
                    name: "encrypted-bucket offline preview",
                    semanticVersion: opts.toolVersion,
                    ...(opts.toolHome ? { informationUri: opts.toolHome } : {}),
                    rules: descriptions.map((r) => toRule(r, opts.policies.find((p) => p.name === r.policyName)?.enforcementLevel)),
                },
                extensions: [{ name: doc.policyPack.name, semanticVersion: doc.policyPack.version }],
            },
            invocations: [{
                executionSuccessful: true,
                exitCode: code,
                ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
                properties: { verdict: line, stack: `${doc.project}/${doc.stack}` },
            }],
            originalUriBaseIds: { [PROGRAM_ROOT]: { uri: pathToFileURL(doc.programDir + path.sep).href } },
            columnKind: "utf16CodeUnits",
            results,
        }],
    };
}
