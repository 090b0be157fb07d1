/**
 * The matrix report: every evaluated case (case, expected, got, deciding statement) and every
 * mutation proof, written to out/iam-matrix.md (git-ignored) after the run, and summarised on
 * stdout only when IAM_REPORT=1 (normal test output stays clean).
 */
import * as fs from "fs";
import * as path from "path";
import { Case, Expected } from "./matrix";
import { Outcome } from "./simulate";

export const REPORT_PATH = path.resolve(__dirname, "../../out/iam-matrix.md");

interface Row {
    c: Case;
    got: Outcome;
    pass: boolean;
}

interface MutationRow {
    sid: string;
    render: string;
    document: "bucket" | "key";
    flipped: string[];
    evaluated: number;
}

const rows: Row[] = [];
const mutations: MutationRow[] = [];
const notes: string[] = [];

export function formatExpected(e: Expected): string {
    return e.decision === "ExplicitlyDenied" ? `ExplicitlyDenied by ${e.deniedBy.join(" + ")}` : e.decision;
}

export function deciding(o: Outcome): string {
    if (o.decision === "ExplicitlyDenied") {
        return o.deniedBy.join(" + ");
    }
    if (o.decision === "ImplicitlyDenied") {
        return "no statement allows (implicit deny)";
    }
    return o.grantedBy.length ? `allowed by ${o.grantedBy.join(" + ")}` : "identity policy allows; no deny matches";
}

export function record(c: Case, got: Outcome, pass: boolean): void {
    rows.push({ c, got, pass });
}

export function recordMutation(row: MutationRow): void {
    mutations.push(row);
}

export function note(text: string): void {
    if (!notes.includes(text)) {
        notes.push(text);
    }
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

function markdown(): string {
    const lines: string[] = [
        "# IAM matrix: what the EncryptedBucket policies do",
        "",
        "Evaluated offline with @cloud-copilot/iam-simulate against the documents the component registers under the Pulumi mock runtime (update mode, account 123456789012, us-east-1). Nothing here ran against AWS.",
        "",
        `Cases: ${rows.length}, failing: ${rows.filter((r) => !r.pass).length}. Mutation proofs: ${mutations.length}.`,
        "",
    ];
    if (notes.length) {
        lines.push("## Notes", "", ...notes.map((n) => `- ${n}`), "");
    }
    const renders = [...new Set(rows.map((r) => r.c.render))];
    for (const render of renders) {
        lines.push(`## ${render}`, "", "| section | case | expected | got | deciding statement | ok |", "| --- | --- | --- | --- | --- | --- |");
        for (const r of rows.filter((x) => x.c.render === render)) {
            lines.push(`| ${cell(r.c.section)} | ${cell(r.c.name)} | ${cell(formatExpected(r.c.expected))} | ${r.got.decision} | ${cell(deciding(r.got))} | ${r.pass ? "yes" : "**NO**"} |`);
        }
        lines.push("");
    }
    if (mutations.length) {
        lines.push("## Mutation proofs (statement removed: cases whose outcome flips)", "", "| statement | render | cases evaluated | flipped |", "| --- | --- | --- | --- |");
        for (const m of mutations) {
            lines.push(`| ${m.sid} | ${m.render} | ${m.evaluated} | ${m.flipped.length ? cell(m.flipped.join("; ")) : "none: no case of this render depends on it alone (see the cases it shares with other statements above)"} |`);
        }
        lines.push("");
    }
    return lines.join("\n");
}

function summary(): string {
    const failing = rows.filter((r) => !r.pass);
    const bySection = new Map<string, number>();
    for (const r of rows) {
        bySection.set(r.c.section, (bySection.get(r.c.section) ?? 0) + 1);
    }
    return [
        `IAM matrix: ${rows.length} cases (${[...bySection].map(([s, n]) => `${s} ${n}`).join(", ")}), ${failing.length} failing; ${mutations.length} mutation proofs.`,
        ...failing.map((r) => `  FAIL ${r.c.render} / ${r.c.section} / ${r.c.name}: expected ${formatExpected(r.c.expected)}, got ${r.got.decision} (${deciding(r.got)})`),
        ...notes.map((n) => `  note: ${n}`),
        `  report: ${REPORT_PATH}`,
    ].join("\n");
}

let registered = false;

/** Registers the root `after` hook that writes the report; call at module load of each test file. */
export function writeReportAfterRun(): void {
    if (registered) {
        return;
    }
    registered = true;
    after(() => {
        if (rows.length === 0 && mutations.length === 0) {
            return;
        }
        fs.mkdirSync(path.dirname(REPORT_PATH), { recursive: true });
        fs.writeFileSync(REPORT_PATH, markdown() + "\n");
        if (process.env.IAM_REPORT === "1") {
            console.log(summary());
        }
    });
}
