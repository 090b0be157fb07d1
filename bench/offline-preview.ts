/**
 * 6. `npm start`'s wall time: the repository's dev stack and generated programs of N
 * EncryptedBuckets, each run as preview and update through the language-host path, and the share
 * of the policy pack (the rest of its start-up once both program runs are done, Configure, and
 * the analysis of both runs).
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "../offline/preview-cli";
import { median, ms, timed } from "./stats";
import { Table } from "./table";

const ROOT = path.resolve(__dirname, "..");

/** A program of `n` EncryptedBuckets under out/ (so that it resolves this repository's packages). */
export function generatedProgram(n: number): string {
    const dir = path.join(ROOT, "out", "bench-programs", `buckets-${n}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: bench-${n}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `bench-${n}`, main: "index.ts", private: true }));
    fs.writeFileSync(path.join(dir, "index.ts"), [
        `import { EncryptedBucket } from ${JSON.stringify(path.relative(dir, path.join(ROOT, "components")))};`,
        `export const names = Array.from({ length: ${n} }, (_, i) => new EncryptedBucket(\`b\${i}\`, {}).bucketName);`,
        "",
    ].join("\n"));
    return dir;
}

/**
 * The same single EncryptedBucket twice: written in the program, and registered as a remote
 * component that this package's plugin constructs (as a Python, Go, .NET or YAML program uses it).
 */
const REMOTE_CONSUMER = path.join(ROOT, "tests", "programs", "remote-encrypted-bucket");

export async function offlinePreviewBench(bucketCounts: number[], reps: number): Promise<Table> {
    const cases: Array<[string, string]> = [
        ["dev stack (2 buckets)", ROOT],
        ...bucketCounts.map((n): [string, string] => [`${n} buckets`, generatedProgram(n)]),
        ["1 bucket, component in the program", generatedProgram(1)],
        ["1 bucket, remote component (plugin Construct)", REMOTE_CONSUMER],
    ];
    const rows: string[][] = [];
    for (const [label, dir] of cases) {
        const wall: number[] = [];
        const program: number[] = [];
        const pack: number[] = [];
        let resources = 0;
        for (let rep = 0; rep < reps; rep++) {
            const out = path.join(ROOT, "out", "bench-programs", "synth.json");
            const io = {
                stdout: () => undefined,
                stderr: (t: string) => process.stderr.write(t),
                timing: (phase: "program" | "pack", elapsed: number) => (phase === "program" ? program : pack).push(elapsed),
            };
            const { ms: elapsed, value: code } = await timed(() => main(["--program", dir, "--stack", "dev", "--out", out], io));
            if (code !== 0) {
                throw new Error(`npm start on ${label} exited ${code}`);
            }
            wall.push(elapsed);
            resources = JSON.parse(fs.readFileSync(out, "utf8")).runs[1].resources.length;
        }
        const share = median(pack) / median(wall);
        rows.push([label, String(resources), ms(median(wall)), ms(median(program)), ms(median(pack)), `${(share * 100).toFixed(0)}%`]);
    }
    return {
        title: "6. Offline preview (npm start): wall time, preview and update runs",
        headers: ["program", "resources", "wall (median)", "both program runs", "policy pack", "pack share"],
        rows,
        notes: [
            `median of ${reps} run(s) each, from parsing the arguments to the written report; both program runs spawn the program's own @pulumi/pulumi (transpile-only) against the offline engine`,
            "policy pack: what remains of the pack's start-up (it starts while the program runs), Configure, and per-resource Analyze plus AnalyzeStack for both runs",
            "remote component: tests/programs/remote-encrypted-bucket; in each run the engine starts this package's plugin (node @pulumi/pulumi/cmd/run-plugin), which infers the component's schema from its TypeScript source before its first Construct",
        ],
    };
}
