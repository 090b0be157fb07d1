import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { analyzeCaptured } from "./analyze-captured";
import { PolicyAnalyzer, PolicyPackConfig } from "./analyzer";
import { captureProgram, loadProgram, loadStackConfig, targetFromConfig } from "./program";
import { mandatoryCount, renderReport } from "./report";
import { synthDocument } from "./synth";

const REPO = path.resolve(__dirname, "..");
const USAGE = `usage: npm start -- [--stack <name>] [--program <dir>] [--policy-config <file.json>] [--out <file.json>]

Runs a Pulumi TypeScript program offline under the SDK's mock runtime, as preview and as update,
and checks both with the encrypted-buckets policy pack. Nothing is deployed.
  --stack          stack whose Pulumi.<stack>.yaml config to use (default: dev)
  --program        program folder with Pulumi.yaml (default: this repository's program)
  --policy-config  policy pack config, as for pulumi --policy-pack-config
  --out            where to write the synthesized stack (default: out/<project>.<stack>.synth.json)`;

export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}

/** Exit code: 0 clean, 1 a mandatory violation, 2 bad usage or a failed run. */
export async function main(argv: string[], io: Io, packDir = path.join(REPO, "policy-pack")): Promise<number> {
    let args: { stack: string; program: string; "policy-config"?: string; out?: string; help?: boolean };
    try {
        ({ values: args } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", default: "dev" },
                program: { type: "string", default: REPO },
                "policy-config": { type: "string" },
                out: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
        }) as any);
    } catch (e) {
        io.stderr(`${(e as Error).message}\n${USAGE}\n`);
        return 2;
    }
    if (args.help) {
        io.stdout(`${USAGE}\n`);
        return 0;
    }
    if (!fs.existsSync(path.join(packDir, "dist", "index.js"))) {
        io.stderr(`the policy pack is not built (${path.join(packDir, "dist", "index.js")} is missing): run npm ci, or npm run build\n`);
        return 2;
    }
    let analyzer: PolicyAnalyzer | undefined;
    try {
        const program = loadProgram(args.program);
        const policyConfig: PolicyPackConfig = args["policy-config"] ? JSON.parse(fs.readFileSync(args["policy-config"], "utf8")) : {};
        analyzer = await PolicyAnalyzer.start(packDir);
        const info = await analyzer.getAnalyzerInfo();
        await analyzer.configure(policyConfig);
        const config = loadStackConfig(program, args.stack);
        const runs = [];
        for (const preview of [true, false]) {
            const captured = await captureProgram(program, args.stack, preview, config);
            runs.push({ captured, diagnostics: await analyzeCaptured(analyzer, captured) });
        }
        const doc = synthDocument(program.dir, { name: info.name, version: info.version }, targetFromConfig(config), runs);
        const outFile = path.resolve(args.out ?? path.join(REPO, "out", `${program.project}.${args.stack}.synth.json`));
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        fs.writeFileSync(outFile, JSON.stringify(doc, null, 2) + "\n");
        io.stdout(renderReport(doc, path.relative(process.cwd(), outFile)) + "\n");
        return mandatoryCount(doc) > 0 ? 1 : 0;
    } catch (e) {
        io.stderr(`offline preview failed: ${(e as Error).message}\n`);
        return 2;
    } finally {
        await analyzer?.close();
    }
}

if (require.main === module) {
    main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((code) => {
        process.exitCode = code;
    });
}
