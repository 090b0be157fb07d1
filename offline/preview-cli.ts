import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { analyzeCaptured } from "./analyze-captured";
import { PolicyAnalyzer, PolicyConfigError, PolicyPackConfig } from "./analyzer";
import { DependenciesMissing, ProgramFailure, inOrder, startPreviewAndUpdate } from "./language-host";
import { awsTarget, targetFromConfig } from "./target";
import { ProjectError, loadProject, loadStackConfig } from "./project";
import { jsonReport } from "./json-report";
import { PluginFailure } from "./provider-plugin";
import { renderReport, verdict } from "./report";
import { sarifLog } from "./sarif";
import { synthDocument } from "./synth";

const REPO = path.resolve(__dirname, "..");
/** Where the program processes keep transpiled TypeScript unless --transpile-cache says otherwise. */
export const DEFAULT_TRANSPILE_CACHE = path.join(REPO, "node_modules", ".cache", "encrypted-bucket", "transpiled");
const USAGE = `usage: npm start -- [--stack <name>] [--program <dir>] [--policy-config <file.json>] [--out <file.json>] [--sarif <file>] [--json <file>] [--type-check] [--transpile-cache <dir>|off] [--verbose]

Runs a Pulumi Node.js program offline as the Pulumi CLI runs it (its own folder, its own
node_modules), against an offline engine, as preview and as update, and checks both with the
encrypted-buckets policy pack. Nothing is deployed and no cloud API is called.
  --stack          stack whose Pulumi.<stack>.yaml config to use (default: dev)
  --program        program folder with Pulumi.yaml (default: this repository's program)
  --policy-config  policy pack config, as for pulumi --policy-pack-config
  --out            where to write the synthesized stack (default: out/<project>.<stack>.synth.json)
  --sarif          also write the findings as a SARIF 2.1.0 log (for GitHub code scanning)
  --json           also write the verdict and findings as JSON (offline/report.schema.json)
  --type-check     type-check TypeScript as pulumi does by default (slower)
  --transpile-cache  where the program's transpiled TypeScript is kept for the next run (default:
                   node_modules/.cache/encrypted-bucket/transpiled), or off
  --verbose        on failure, print the program's full error output
Exit codes: 0 everything the engine would judge was judged, and no mandatory violation;
1 one or more mandatory violations; 2 bad usage, or a program or provider plugin that did not
run; 3 no mandatory violation in what was judged, but something was not modelled offline (a
component or function whose provider plugin is not available; listed in the report).`;

export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    /** Where the wall time went: both program runs, then the pack (what remains of its start, configure, analysis). */
    timing?: (phase: "program" | "pack", ms: number) => void;
}

/**
 * Exit code: 0 clean and complete, 1 a mandatory violation, 2 bad usage or a failed run, 3 clean
 * but incomplete. `env` is where PULUMI_HOME (the plugin cache) is read from, as the CLI reads it.
 */
export async function main(argv: string[], io: Io, packDir = path.join(REPO, "policy-pack"), env: NodeJS.ProcessEnv = process.env): Promise<number> {
    let args: {
        stack: string; program: string; "policy-config"?: string; out?: string; sarif?: string; json?: string;
        help?: boolean; verbose?: boolean; "type-check"?: boolean; "transpile-cache": string;
    };
    try {
        ({ values: args } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", default: "dev" },
                program: { type: "string", default: REPO },
                "policy-config": { type: "string" },
                out: { type: "string" },
                sarif: { type: "string" },
                json: { type: "string" },
                help: { type: "boolean", short: "h" },
                verbose: { type: "boolean" },
                "type-check": { type: "boolean" },
                "transpile-cache": { type: "string", default: DEFAULT_TRANSPILE_CACHE },
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
    let analyzer: Promise<PolicyAnalyzer> | undefined;
    try {
        const project = loadProject(args.program);
        const config = loadStackConfig(project, args.stack);
        const policyConfig: PolicyPackConfig = args["policy-config"] ? readJson(args["policy-config"]) : {};
        // The pack starts while the program runs: both take seconds.
        analyzer = PolicyAnalyzer.start(packDir);
        analyzer.catch(() => undefined);
        const configured = targetFromConfig(config.values);
        const target = awsTarget(configured);
        // The pack is configured while the programs run, and each run is judged as soon as its
        // program has finished: only what remains of that work follows the slower program.
        const packReady = analyzer.then(async (pack) => {
            const info = await pack.getAnalyzerInfo();
            await pack.configure(policyConfig);
            return { pack, info };
        });
        packReady.catch(() => undefined);
        const transpileCache = args["transpile-cache"] === "off" ? undefined : path.resolve(args["transpile-cache"]);
        const programStarted = performance.now();
        const programRuns = startPreviewAndUpdate(project, args.stack, config, { target, typeCheck: args["type-check"], env, transpileCache });
        const judgements = programRuns.map(async (run) => analyzeCaptured((await packReady).pack, (await run).captured));
        judgements.forEach((j) => j.catch(() => undefined));
        // A program that failed is reported before anything the pack did.
        const captures = await inOrder(programRuns);
        const packStarted = performance.now();
        io.timing?.("program", packStarted - programStarted);
        const { info } = await packReady;
        const verdicts = await inOrder(judgements);
        const runs = captures.map(({ captured }, i) => ({ captured, diagnostics: verdicts[i] }));
        io.timing?.("pack", performance.now() - packStarted);
        const doc = synthDocument(project.dir, { name: info.name, version: info.version }, configured, runs, config.secretKeys);
        const outFile = path.resolve(args.out ?? path.join(REPO, "out", `${project.project}.${args.stack}.synth.json`));
        writeJson(outFile, doc);
        if (args.sarif) {
            writeJson(path.resolve(args.sarif), sarifLog(doc, { policies: info.policies, toolVersion: TOOL.version, toolHome: TOOL.homepage }));
        }
        if (args.json) {
            writeJson(path.resolve(args.json), jsonReport(doc, info.policies));
        }
        io.stdout(renderReport(doc, path.relative(process.cwd(), outFile), new Map(info.policies.map((p) => [p.name, p]))) + "\n");
        return verdict(doc).code;
    } catch (e) {
        io.stderr(failureMessage(e, args.verbose === true) + "\n");
        return 2;
    } finally {
        await (await analyzer?.catch(() => undefined))?.close();
    }
}

const TOOL: { version: string; homepage: string } = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

function writeJson(file: string, value: unknown): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

function readJson(file: string): any {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new ProjectError(`${file}: ${(e as Error).message}`);
    }
}

/** One clear message per failure; the program's full output or our stack only with --verbose. */
function failureMessage(e: unknown, verbose: boolean): string {
    if (e instanceof DependenciesMissing) {
        return `offline preview: ${e.message}`;
    }
    if (e instanceof PluginFailure) {
        return `offline preview: ${e.message}${verbose && e.detail ? `\n--- plugin output ---\n${e.detail}` : ""}`;
    }
    if (e instanceof ProgramFailure) {
        return `offline preview: the program failed:\n${e.message}${verbose && e.detail ? `\n--- full output ---\n${e.detail}` : ""}`;
    }
    if (e instanceof ProjectError || e instanceof PolicyConfigError) {
        return `offline preview: ${e.message}`;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    return `offline preview failed: ${err.message}${verbose && err.stack ? `\n${err.stack}` : ""}`;
}

/** The command line: `npm start` (offline/start.js) and `ts-node offline/preview-cli.ts` both end here. */
export function runCommand(argv: string[]): void {
    // Node exits 1 on an unhandled rejection or exception, the code of a verdict: a stray failure
    // (a gRPC callback, the pack process) is a failed run, so it exits 2.
    const crashed = (e: unknown) => {
        process.stderr.write(`offline preview failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exit(2);
    };
    process.on("unhandledRejection", crashed);
    process.on("uncaughtException", crashed);
    // Interrupted: exit as a shell reports a signal (130, 143), through process.exit so that the
    // plugin processes this run started (in process groups of their own) are killed on the way out.
    process.once("SIGINT", () => process.exit(130));
    process.once("SIGTERM", () => process.exit(143));
    main(argv, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(`offline preview failed: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exitCode = 2;
        },
    );
}

if (require.main === module) {
    runCommand(process.argv.slice(2));
}
