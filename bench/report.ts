/** The results document: machine, date, every table; printed and written to out/bench-results.md. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./packs";
import { Table, renderTable } from "./table";

export const RESULTS_FILE = path.join(ROOT, "out", "bench-results.md");

export function machine(): string {
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    const policyVersion = require("@pulumi/policy/package.json").version;
    return [
        `- date: ${new Date().toISOString()}`,
        `- machine: ${os.availableParallelism()} cores (nproc), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
        `- node ${process.version}, @pulumi/policy ${policyVersion}`,
    ].join("\n");
}

export function renderReport(heading: string, context: string[], tables: Table[]): string {
    return [`## ${heading}`, "", machine(), ...context.map((c) => `- ${c}`), "", ...tables.map((t) => `${renderTable(t)}\n`)].join("\n");
}

export function writeReport(text: string): void {
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, text);
}
