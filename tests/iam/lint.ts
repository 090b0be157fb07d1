/**
 * Lint of a rendered policy document: `lintResourcePolicy` from @cloud-copilot/iam-policy (installed
 * with iam-simulate, AGPL, dev only: syntax, duplicate Sids, empty actions, missing principals) plus
 * the component's own rules, which that linter does not check (it accepts an unknown condition
 * operator, for one).
 */
import { lintResourcePolicy } from "@cloud-copilot/iam-policy";
import { PolicyDocument, PolicyStatement, asList } from "./policy";

const BASE_OPERATORS = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
];

export function isKnownOperator(op: string): boolean {
    if (op === "Null") {
        return true;
    }
    const base = op.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
    return BASE_OPERATORS.includes(base);
}

export interface LintOptions {
    /** Service prefix every action must have: `s3` or `kms`. */
    service: "s3" | "kms";
    /** Every Resource must be one of these or start with one followed by `/`. */
    resources: string[];
}

function isWildcardPrincipal(p: unknown): boolean {
    if (p === "*") {
        return true;
    }
    if (p && typeof p === "object") {
        return Object.values(p as Record<string, unknown>).some((v) => asList(v as string | string[]).includes("*"));
    }
    return false;
}

function statementProblems(s: PolicyStatement, where: string, opts: LintOptions): string[] {
    const problems: string[] = [];
    if (!s.Sid) {
        problems.push(`${where}: no Sid (the proofs and the report name statements by Sid)`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") {
        problems.push(`${where}: Effect ${JSON.stringify(s.Effect)}`);
    }
    for (const neg of ["NotPrincipal", "NotAction", "NotResource"] as const) {
        if (s[neg] !== undefined) {
            problems.push(`${where}: uses ${neg}`);
        }
    }
    if (s.Principal === undefined) {
        problems.push(`${where}: no Principal`);
    }
    if (s.Effect === "Allow" && isWildcardPrincipal(s.Principal) && !s.Condition) {
        problems.push(`${where}: allows a "*" principal without any condition`);
    }
    const actions = asList(s.Action);
    if (actions.length === 0) {
        problems.push(`${where}: no Action`);
    }
    for (const a of actions.filter((x) => !x.startsWith(`${opts.service}:`))) {
        problems.push(`${where}: action ${a} is not an ${opts.service} action`);
    }
    if (s.Effect === "Allow" && actions.includes("*")) {
        problems.push(`${where}: allows "*"`);
    }
    for (const r of asList(s.Resource)) {
        if (!opts.resources.some((allowed) => r === allowed || r.startsWith(`${allowed}/`))) {
            problems.push(`${where}: resource ${r} is outside ${opts.resources.join(", ")}`);
        }
    }
    for (const [op, keys] of Object.entries(s.Condition ?? {})) {
        if (!isKnownOperator(op)) {
            problems.push(`${where}: unknown condition operator ${op}`);
        }
        for (const [key, values] of Object.entries(keys)) {
            if (asList(values).length === 0) {
                problems.push(`${where}: ${op} ${key} has no values`);
            }
            if (op === "Null" && asList(values).some((v) => v !== "true" && v !== "false")) {
                problems.push(`${where}: Null ${key} must be "true" or "false"`);
            }
        }
    }
    return problems;
}

/** Every problem of a document as registered (a JSON string); empty when it is clean. */
export function lintDocument(json: string, opts: LintOptions): string[] {
    let doc: PolicyDocument;
    try {
        doc = JSON.parse(json);
    } catch (e) {
        return [`not valid JSON: ${(e as Error).message}`];
    }
    const problems = lintResourcePolicy(doc).map((e) => `${e.path}: ${e.message} (iam-policy lint)`);
    if (doc.Version !== "2012-10-17") {
        problems.push(`Version ${JSON.stringify(doc.Version)}, expected "2012-10-17" (policy variables and current semantics)`);
    }
    if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) {
        return [...problems, "Statement must be a non-empty list"];
    }
    const seen = new Set<string>();
    doc.Statement.forEach((s, i) => {
        const where = `Statement[${i}]${s.Sid ? ` ${s.Sid}` : ""}`;
        if (s.Sid && seen.has(s.Sid)) {
            problems.push(`${where}: duplicate Sid`);
        }
        seen.add(s.Sid ?? "");
        problems.push(...statementProblems(s, where, opts));
    });
    const size = Buffer.byteLength(json.replace(/\s/g, ""), "utf8");
    const limit = opts.service === "s3" ? 20 * 1024 : 32 * 1024;
    if (size > limit) {
        problems.push(`${size} bytes without whitespace, over the ${limit}-byte limit`);
    }
    return problems;
}
