/** The results document: machine, date, every table; printed and written to out/bench-results.md. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./packs";
import { Table, renderTable } from "./table";

export const RESULTS_FILE = path.join(ROOT, "out", "bench-results.md");

/** The version of `name` that code in `from` loads (Pulumi spells some with a leading "v"). */
function versionFrom(name: string, from: string): string {
    const file = require.resolve(`${name}/package.json`, { paths: [from] });
    return String(JSON.parse(fs.readFileSync(file, "utf8")).version).replace(/^v/, "");
}

export function machine(): string {
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    // As each side loads them: the component from the repository root, the pack from its folder
    // (its @pulumi/pulumi is the one @pulumi/policy resolves).
    const packDir = path.join(ROOT, "policy-pack");
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [packDir] }));
    return [
        `- date: ${new Date().toISOString()}`,
        `- machine: ${os.availableParallelism()} cores (nproc), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
        `- node ${process.version}; component: @pulumi/pulumi ${versionFrom("@pulumi/pulumi", ROOT)}, @pulumi/aws ${versionFrom("@pulumi/aws", ROOT)}; `
            + `pack: @pulumi/policy ${versionFrom("@pulumi/policy", packDir)} on @pulumi/pulumi ${versionFrom("@pulumi/pulumi", policyDir)}`,
    ].join("\n");
}

export function renderReport(heading: string, context: string[], tables: Table[]): string {
    return [`## ${heading}`, "", machine(), ...context.map((c) => `- ${c}`), "", ...tables.map((t) => `${renderTable(t)}\n`)].join("\n");
}

export function writeReport(text: string): void {
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, text);
}
