import { Diagnostic } from "./analyzer";
import { CapturedResource } from "./captured";
import { isUnknownSentinel } from "./engine-resource";
import { pluginLabel } from "./provider-plugin";
import { SynthDocument, SynthRun } from "./synth";

const show = (v: unknown): string => (isUnknownSentinel(v) ? "<unknown>" : typeof v === "string" ? v : JSON.stringify(v));
const list = (v: unknown): string => (Array.isArray(v) ? v.map(show).join(",") : show(v));

/** The options that decide what survives a delete or replace; the lifecycle is missing for hand-built stacks. */
function lifecycleFlags(r: CapturedResource, names: Map<string, string>): string[] {
    const l = r.lifecycle ?? { protect: r.protect === true, retainOnDelete: r.retainOnDelete === true, deleteBeforeReplace: false, dependsOn: [], ignoreChanges: [] };
    return [
        l.protect ? "protect" : "",
        l.retainOnDelete ? "retainOnDelete" : "",
        l.deleteBeforeReplace ? "deleteBeforeReplace" : "",
        l.dependsOn.length > 0 ? `dependsOn: ${l.dependsOn.map((u) => names.get(u) ?? u).join(" ")}` : "",
        l.ignoreChanges.length > 0 ? `ignoreChanges: ${l.ignoreChanges.join(" ")}` : "",
    ].filter(Boolean);
}

/** Provider functions answered offline, each token once with its count. */
export function renderInvokes(run: SynthRun): string[] {
    if (run.invokes.length === 0) {
        return ["none"];
    }
    const counts = new Map<string, { count: number; answer: string; how: string }>();
    for (const i of run.invokes) {
        const seen = counts.get(i.token);
        counts.set(i.token, { count: (seen?.count ?? 0) + 1, answer: i.answer, how: i.how });
    }
    return [...counts].map(([token, { count, answer, how }]) => `${token}${count > 1 ? ` (x${count})` : ""}: ${answer}, ${how}`);
}

/** The resource tree, children indented under their parent, with each one's lifecycle options. */
export function renderTree(resources: CapturedResource[]): string[] {
    const names = new Map(resources.map((r) => [r.urn, r.name]));
    const children = new Map<string | undefined, CapturedResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const flags = lifecycleFlags(r, names);
            lines.push(`${"  ".repeat(depth)}${r.type}  ${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(undefined, 0);
    return lines;
}

function renderCondition(condition: unknown): string {
    if (!condition || typeof condition !== "object") {
        return "";
    }
    return Object.entries(condition as Record<string, Record<string, unknown>>)
        .flatMap(([op, keys]) => Object.entries(keys).map(([key, value]) => `${op} ${key}=${list(value)}`))
        .join(" AND ");
}

function renderPrincipal(principal: unknown): string {
    if (principal === "*" || principal === undefined) {
        return show(principal ?? "-");
    }
    return Object.entries(principal as Record<string, unknown>).map(([kind, ids]) => `${kind}:${list(ids)}`).join(" ");
}

/** A policy document, one statement a line: effect, actions, principal, condition, Sid. */
export function renderPolicy(policy: unknown): string[] {
    if (isUnknownSentinel(policy)) {
        return ["<unknown until the resources it names exist>"];
    }
    let doc: any;
    try {
        doc = typeof policy === "string" ? JSON.parse(policy) : policy;
    } catch {
        return [`<not JSON: ${String(policy).slice(0, 80)}>`];
    }
    const statements: any[] = Array.isArray(doc?.Statement) ? doc.Statement : [doc?.Statement];
    return statements.filter(Boolean).map((s) => {
        const condition = renderCondition(s.Condition);
        return `${String(s.Effect).padEnd(5)} ${list(s.Action)}  principal ${renderPrincipal(s.Principal)}` +
            `${condition ? `  if ${condition}` : ""}${s.Sid ? `  [${s.Sid}]` : ""}`;
    });
}

/** Key policies and bucket policies, as rendered in the run. */
export function renderPolicies(run: SynthRun): string[] {
    const lines: string[] = [];
    for (const r of run.resources.filter((x) => x.type === "aws:kms/key:Key" || x.type === "aws:s3/bucketPolicy:BucketPolicy")) {
        lines.push(`${r.type === "aws:kms/key:Key" ? "key policy" : "bucket policy"} of ${r.name}:`);
        lines.push(...renderPolicy(r.properties.policy).map((l) => `  ${l}`));
    }
    return lines;
}

function shortName(urn: string): string {
    return urn ? urn.split("::").pop()! : "(stack)";
}

export function renderDiagnostics(diagnostics: Diagnostic[]): string[] {
    if (diagnostics.length === 0) {
        return ["no violations"];
    }
    return diagnostics.map((d) => `${d.enforcementLevel.toUpperCase().padEnd(9)} ${d.policyName}  ${shortName(d.urn)}: ${d.message}`);
}

function mandatoryCount(doc: SynthDocument): number {
    return doc.runs.reduce((n, run) => n + run.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length, 0);
}

/** The completeness ledger, one line per thing not modelled, with what would make it modelled. */
export function renderNotModelled(doc: SynthDocument): string[] {
    return doc.notModelled.flatMap((n) => [
        `${n.kind === "component" ? `component ${shortName(n.urn ?? "")} (${n.token})` : `function ${n.token}`}, ${n.runs.join(" and ")}: ` +
            `${pluginLabel(n.plugin)}: ${n.reason}`,
        `  fix: ${n.fix}`,
    ]);
}

/**
 * The exit code and the last line of the report. 0 promises that everything the engine would
 * judge was judged and passed; a mandatory violation is 1 whatever else is missing (pulumi
 * would refuse the stack either way); a clean run that could not model everything is 3.
 */
export function verdict(doc: SynthDocument): { code: 0 | 1 | 3; line: string } {
    const mandatory = mandatoryCount(doc);
    if (mandatory > 0) {
        return { code: 1, line: `Result: ${mandatory} mandatory policy violation(s): pulumi would refuse this stack.` };
    }
    if (doc.notModelled.length > 0) {
        return { code: 3, line: `Result: INCOMPLETE: ${doc.notModelled.length} thing(s) above could not be modelled offline; no mandatory violation in what was judged, which is not the whole stack.` };
    }
    return { code: 0, line: "Result: no mandatory policy violation." };
}

export function renderReport(doc: SynthDocument, jsonPath: string): string {
    const placeholder = (field: "accountId" | "region") => (doc.target.placeholders.includes(field) ? " (placeholder)" : " (from stack config)");
    const update = doc.runs.find((r) => r.mode === "update") ?? doc.runs[0];
    const out = [
        `OFFLINE PREVIEW of ${doc.project}/${doc.stack}: nothing is deployed, no cloud API is called.`,
        `account ${doc.target.accountId}${placeholder("accountId")}, region ${doc.target.region}${placeholder("region")}, partition ${doc.target.partition}`,
        "",
        `Resources (${update.resources.length}):`,
        ...renderTree(update.resources).map((l) => `  ${l}`),
        ...(update.resources.every((r) => r.type === "pulumi:pulumi:Stack")
            ? ["  WARNING: the program declared no resources: is its entry point (Pulumi.yaml main, package.json main) the program?"]
            : []),
        "",
        "Policies (update run, placeholder ARNs):",
        ...renderPolicies(update).map((l) => `  ${l}`),
    ];
    for (const run of doc.runs) {
        out.push("", `Invokes answered offline, ${run.mode}:`, ...renderInvokes(run).map((l) => `  ${l}`));
    }
    const secrets = Object.keys(doc.secretPlaceholders ?? {});
    if (secrets.length > 0) {
        out.push("", `Secrets: ${secrets.join(", ")} cannot be decrypted offline; the program got secret placeholders (offline-placeholder-for-secret-...).`);
    }
    for (const run of doc.runs) {
        out.push("", `Policy pack ${doc.policyPack.name}@${doc.policyPack.version}, ${run.mode}:`, ...renderDiagnostics(run.diagnostics).map((l) => `  ${l}`));
    }
    if (doc.notModelled.length > 0) {
        out.push("", "NOT MODELLED offline (the engine would run these plugins; what they create or return was not judged):", ...renderNotModelled(doc).map((l) => `  ${l}`));
    }
    out.push("", `Synthesized stack written to ${jsonPath}`, verdict(doc).line);
    return out.join("\n");
}
