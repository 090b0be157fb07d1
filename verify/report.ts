/** The run's results for a person (a table per bucket) or for a program (`--json`). */
import { CheckRow } from "./outcome";
import { BucketReport, passed } from "./run";

const COLUMNS = ["check", "expected", "got", "result"] as const;

export function renderText(reports: readonly BucketReport[]): string {
    const sections = reports.map((report) => {
        const { target } = report;
        const header = [
            `bucket  ${target.bucket}${target.label === undefined ? "" : ` (${target.label})`}`,
            `region  ${target.region}`,
            `CMK     ${target.keyArn}`,
            `mode    ${target.enforcement}, ${target.sseAlgorithm}`,
            `probes  ${report.probePrefix}`,
        ];
        const details = report.rows.filter((row) => !row.pass && row.detail).map((row) => `  ${row.check}: ${row.detail}`);
        return [...header, "", table(report.rows), ...(details.length ? ["", "details:", ...details] : [])].join("\n");
    });
    const rows = reports.flatMap((report) => report.rows);
    const failed = rows.filter((row) => !row.pass).length;
    const buckets = `${reports.length} bucket${reports.length === 1 ? "" : "s"}`;
    const summary = `${buckets}, ${rows.length} checks: ${rows.length - failed} passed, ${failed} failed`;
    return `${[...sections, summary].join("\n\n")}\n`;
}

function table(rows: readonly CheckRow[]): string {
    const cells = rows.map((row) => [row.check, row.expected, row.got, row.pass ? "PASS" : "FAIL"]);
    const widths = COLUMNS.map((title, i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
    const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
    return [line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

export function renderJson(reports: readonly BucketReport[]): string {
    const buckets = reports.map((report) => ({
        ...report.target,
        probePrefix: report.probePrefix,
        passed: passed(report),
        checks: report.rows.map(({ pass, ...row }) => ({ ...row, result: pass ? "pass" : "fail" })),
    }));
    return `${JSON.stringify({ passed: reports.every(passed), buckets }, null, 2)}\n`;
}
