import { CapturedResource } from "./captured";
import { isUnknownSentinel } from "./engine-resource";
import { Finding, countByLevel, distinctFindings, urnParts } from "./findings";
import { pluginLabel } from "./plugin-discovery";
import { SynthDocument, SynthRun } from "./synth";

const show = (v: unknown): string => (isUnknownSentinel(v) ? "<unknown>" : typeof v === "string" ? v : JSON.stringify(v));
const list = (v: unknown): string => (Array.isArray(v) ? v.map(show).join(",") : show(v));

/**
 * How the report names each resource: by its name where no other resource has it, else by type
 * and name (a bucket and its versioning may share a name), else by the URN's qualified type and
 * name (the same type and name under two parents). `typed`: always at least type and name.
 */
export function resourceLabels(urns: string[], typed = false): Map<string, string> {
    const parts = [...new Set(urns)].map((urn) => ({ urn, ...urnParts(urn) }));
    const count = (key: (p: (typeof parts)[number]) => string) => {
        const counts = new Map<string, number>();
        parts.forEach((p) => counts.set(key(p), (counts.get(key(p)) ?? 0) + 1));
        return (p: (typeof parts)[number]) => counts.get(key(p))!;
    };
    const byName = count((p) => p.name);
    const byType = count((p) => `${p.type} ${p.name}`);
    return new Map(parts.map((p) => [
        p.urn,
        !typed && byName(p) === 1 ? p.name : byType(p) === 1 ? `${p.type} ${p.name}` : `${p.qualifiedType} ${p.name}`,
    ]));
}

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
    const names = resourceLabels(resources.map((r) => r.urn));
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

function renderPrincipalValue(principal: unknown): string {
    if (principal === null || typeof principal !== "object") {
        return show(principal);
    }
    return Object.entries(principal as Record<string, unknown>).map(([kind, ids]) => `${kind}:${list(ids)}`).join(" ");
}

/** `principal <who>`, `principal not <who>` for `NotPrincipal` (everyone but them), or `no principal`. */
function renderPrincipal(s: { Principal?: unknown; NotPrincipal?: unknown }): string {
    if (s.NotPrincipal !== undefined) {
        return `principal not ${renderPrincipalValue(s.NotPrincipal)}`;
    }
    return s.Principal === undefined ? "no principal" : `principal ${renderPrincipalValue(s.Principal)}`;
}

/** The actions, or `not <actions>` for `NotAction`. */
function renderActions(s: { Action?: unknown; NotAction?: unknown }): string {
    return s.NotAction !== undefined && s.Action === undefined ? `not ${list(s.NotAction)}` : list(s.Action);
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
        return `${String(s.Effect).padEnd(5)} ${renderActions(s)}  ${renderPrincipal(s)}` +
            `${condition ? `  if ${condition}` : ""}${s.Sid ? `  [${s.Sid}]` : ""}`;
    });
}

/** Key policies and bucket policies, as rendered in the run. */
export function renderPolicies(run: SynthRun): string[] {
    const lines: string[] = [];
    const names = resourceLabels(run.resources.map((r) => r.urn));
    for (const r of run.resources.filter((x) => x.type === "aws:kms/key:Key" || x.type === "aws:s3/bucketPolicy:BucketPolicy")) {
        lines.push(`${r.type === "aws:kms/key:Key" ? "key policy" : "bucket policy"} of ${names.get(r.urn)}:`);
        lines.push(...renderPolicy(r.properties.policy).map((l) => `  ${l}`));
    }
    return lines;
}

const RUN_ORDER: Record<Finding["runs"][number], number> = { preview: 0, update: 1 };

/**
 * The distinct findings, grouped by level and policy (its description once), each with the
 * resource it is about, the runs that reported it and where the program registered that resource.
 */
/** What the report says of a policy above its findings (the pack's `getAnalyzerInfo`). */
export interface PolicyText {
    description?: string;
    remediationSteps?: string;
    url?: string;
}

export function renderFindings(findings: Finding[], policies: Map<string, PolicyText>): string[] {
    const labels = resourceLabels(findings.flatMap((f) => (f.resource ? [f.resource.urn] : [])), true);
    const groups = new Map<string, Finding[]>();
    for (const f of findings) {
        const key = `${f.enforcementLevel.toUpperCase().padEnd(9)} ${f.policyName}`;
        groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    return [...groups].flatMap(([heading, group]) => {
        const policy = policies.get(group[0].policyName) ?? {};
        return [
            `${heading}${policy.description ? `: ${policy.description}` : ""}`,
            ...(policy.remediationSteps ? [`  how to fix: ${policy.remediationSteps.replace(/\n/g, "\n    ")}`] : []),
            ...(policy.url ? [`  see: ${policy.url}`] : []),
            ...group.map((f) => {
                const where = f.resource ? labels.get(f.resource.urn)! : "the stack";
                const at = f.location ? ` at ${f.location.file}:${f.location.line}` : "";
                const runs = [...f.runs].sort((a, b) => RUN_ORDER[a] - RUN_ORDER[b]).join(" and ");
                return `  ${where}${at} (${runs}): ${f.message.replace(/\n/g, "\n    ")}`;
            }),
        ];
    });
}

/** The completeness ledger, one line per thing not modelled, with what would make it modelled. */
export function renderNotModelled(doc: SynthDocument): string[] {
    return doc.notModelled.flatMap((n) => [
        `${n.kind === "component" ? `component ${urnParts(n.urn ?? "").name} (${n.token})` : `function ${n.token}`}, ${n.runs.join(" and ")}: ` +
            `${pluginLabel(n.plugin)}: ${n.reason}`,
        `  fix: ${n.fix}`,
    ]);
}

/**
 * The exit code and the last line of the report. 0 promises that everything the engine would
 * judge was judged and passed; a mandatory violation is 1 whatever else is missing (pulumi
 * would refuse the stack either way); a clean run that could not model everything is 3.
 */
export function verdict(doc: SynthDocument, findings: Finding[] = distinctFindings(doc)): { code: 0 | 1 | 3; line: string } {
    const mandatory = countByLevel(findings).mandatory;
    if (mandatory > 0) {
        return { code: 1, line: `Result: ${mandatory} mandatory policy violation(s): pulumi would refuse this stack.` };
    }
    if (doc.notModelled.length > 0) {
        return { code: 3, line: `Result: INCOMPLETE: ${doc.notModelled.length} thing(s) above could not be modelled offline; no mandatory violation in what was judged, which is not the whole stack.` };
    }
    return { code: 0, line: "Result: no mandatory policy violation." };
}

/**
 * The whole report. `policyTexts`: each policy's description, remediation steps and URL by name,
 * printed once above its findings (the pack's `getAnalyzerInfo`); without it, the descriptions
 * the diagnostics carry.
 */
export function renderReport(doc: SynthDocument, jsonPath: string, policyTexts?: Map<string, PolicyText>): string {
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
    ];
    const policies = renderPolicies(update);
    if (policies.length > 0) {
        out.push("", "Key and bucket policies (update run, placeholder ARNs):", ...policies.map((l) => `  ${l}`));
    }
    for (const run of doc.runs) {
        out.push("", `Invokes answered offline, ${run.mode}:`, ...renderInvokes(run).map((l) => `  ${l}`));
    }
    const secrets = Object.keys(doc.secretPlaceholders ?? {});
    if (secrets.length > 0) {
        out.push("", `Secrets: ${secrets.join(", ")} cannot be decrypted offline; the program got secret placeholders (offline-placeholder-for-secret-...).`);
    }
    const findings = distinctFindings(doc);
    const pack = `Policy pack ${doc.policyPack.name}@${doc.policyPack.version}, ${doc.runs.map((r) => r.mode).join(" and ")}`;
    if (findings.length === 0) {
        out.push("", `${pack}: no violations.`);
    } else {
        const counts = Object.entries(countByLevel(findings)).filter(([, n]) => n > 0).map(([level, n]) => `${n} ${level}`);
        const known = policyTexts ?? new Map(doc.runs.flatMap((r) => r.diagnostics).flatMap((d) => (d.description ? [[d.policyName, { description: d.description }] as const] : [])));
        out.push("", `${pack}: ${findings.length} distinct finding(s), ${counts.join(", ")}:`, ...renderFindings(findings, known).map((l) => `  ${l}`));
    }
    if (doc.notModelled.length > 0) {
        out.push("", "NOT MODELLED offline (the engine would run these plugins; what they create or return was not judged):", ...renderNotModelled(doc).map((l) => `  ${l}`));
    }
    out.push("", `Synthesized stack written to ${jsonPath}`, verdict(doc, findings).line);
    return out.join("\n");
}
