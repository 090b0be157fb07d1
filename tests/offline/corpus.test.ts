// The offline preview on programs written the way other people write them (tests/programs/*),
// each run through `npm start`'s code path and held to the verdict in its expect.json.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { SynthDocument } from "../../offline/synth";
import { ROOT, mustRun } from "../package/run";
import { staleBuild } from "../package/stale-build";
import { runInProcess } from "./preview-cli-runs";

const PROGRAMS = path.join(ROOT, "tests", "programs");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "offline", "synth.schema.json"), "utf8"));

type Mode = "preview" | "update";

/** What a program must end with; every folder under tests/programs has one. */
interface Expectation {
    exitCode: 0 | 1 | 2 | 3;
    /** The plugin cache (PULUMI_HOME), relative to the program's folder; default: an empty one. */
    pulumiHome?: string;
    /** How many processes of the test plugin fakex the run starts (one per run that needs it); all must be gone after. */
    fakexProcesses?: number;
    /** Exactly what the completeness ledger must list: kind, token, plugin and the install command. */
    notModelled?: Array<{ kind: "component" | "invoke"; token: string; plugin: string; fix: string }>;
    /** Per component name: exactly the children (type and name) its plugin registered under it, in each run. */
    children?: Record<string, Array<[string, string]>>;
    /** Extra flags for npm start. */
    args?: string[];
    /**
     * How the test prepares the program: in place (default); `copy`, out of this repository so
     * that no parent node_modules serves it; `npm-ci`, copied and installed from its own lockfile;
     * `packed`, given this package's `npm pack` tarball as its node_modules/encrypted-bucket.
     */
    setup?: "copy" | "npm-ci" | "packed";
    /** Resource names with mandatory violations, per run: exactly these. */
    violations?: Record<Mode, string[]>;
    /** Text the report must hold. */
    message?: string;
    /** A pattern the whole of stderr must match (exit 2). */
    stderr?: string;
    /** [token, answer] pairs the run must list among its invokes. */
    invokes?: Partial<Record<Mode, Array<[string, string]>>>;
    /** Stack outputs of both runs must include these. */
    outputs?: Record<string, unknown>;
    /** Names the update run must have registered. */
    resources?: string[];
    /** Config keys that must be reported as secret placeholders. */
    secrets?: string[];
    /** Per resource name: its lifecycle options (dependsOn by name) and the report line's flags. */
    lifecycle?: Record<string, { options: { protect: boolean; retainOnDelete: boolean; deleteBeforeReplace: boolean; dependsOn: string[]; ignoreChanges: string[] }; flags: string }>;
}

interface Result {
    code: number;
    stdout: string;
    stderr: string;
    doc?: SynthDocument;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "offline-corpus-"));

function copyOut(name: string): string {
    const dir = path.join(tmp, name);
    fs.cpSync(path.join(PROGRAMS, name), dir, { recursive: true });
    return dir;
}

/** Assembles the program folder as the expectation says; returns where to run it. */
function prepare(name: string, setup: Expectation["setup"]): string {
    switch (setup) {
        case undefined:
            return path.join(PROGRAMS, name);
        case "copy":
            return copyOut(name);
        case "npm-ci": {
            // The one registry install of the suite: the program's own, older SDKs.
            const dir = copyOut(name);
            mustRun("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], dir, 300_000);
            return dir;
        }
        case "packed": {
            // As `npm install` of the tarball lays it out; the peers are this repository's copies.
            // `--ignore-scripts` packs dist/ as it is on disk: refuse one that is not the current build.
            const stale = staleBuild(path.join(ROOT, "tsconfig.build.json"));
            if (stale) {
                throw new Error(`dist/ is not the build of components/ as they are: ${stale}. Run \`npm run build\` (npm test does it first).`);
            }
            const dir = copyOut(name);
            const packed = mustRun("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT);
            const tarball = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
            const modules = path.join(dir, "node_modules");
            fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
            mustRun("tar", ["-xzf", tarball, "-C", modules], dir);
            fs.renameSync(path.join(modules, "package"), path.join(modules, "encrypted-bucket"));
            for (const peer of ["pulumi", "aws"]) {
                fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi", peer), path.join(modules, "@pulumi", peer), "dir");
            }
            return dir;
        }
    }
}

async function preview(dir: string, out: string, args: string[], pulumiHome?: string): Promise<Result> {
    const { code, stdout, stderr } = await runInProcess(["--program", dir, "--out", out, ...args], pulumiHome);
    const doc = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as SynthDocument) : undefined;
    return { code, stdout, stderr, doc };
}

const shortName = (urn: string) => urn.split("::").pop()!;

describe("npm start on the corpus of hand-written programs (tests/programs)", function () {
    this.timeout(600_000);
    const names = fs.readdirSync(PROGRAMS).filter((n) => fs.statSync(path.join(PROGRAMS, n)).isDirectory()).sort();
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("has at least 10 programs, each with its expected verdict", () => {
        assert.ok(names.length >= 10, names.join(", "));
        for (const name of names) {
            assert.ok(fs.existsSync(path.join(PROGRAMS, name, "expect.json")), `${name} has no expect.json`);
        }
    });

    for (const name of names) {
        const expect: Expectation = JSON.parse(fs.readFileSync(path.join(PROGRAMS, name, "expect.json"), "utf8"));
        describe(name, () => {
            let result: Result;
            before(async () => {
                const dir = prepare(name, expect.setup);
                const home = expect.pulumiHome === undefined ? undefined : path.resolve(dir, expect.pulumiHome);
                result = await preview(dir, path.join(tmp, `${name}.synth.json`), expect.args ?? [], home);
            });

            if (expect.fakexProcesses !== undefined) {
                it(`started the test plugin ${expect.fakexProcesses} time(s), and left none running`, () => {
                    // The test plugin (fakex) records its pid as <parent pid>-<pid>; this process is the parent.
                    const pids = path.join(os.tmpdir(), "fakex-plugin-pids");
                    const ours = (fs.existsSync(pids) ? fs.readdirSync(pids) : []).filter((f) => f.startsWith(`${process.pid}-`));
                    assert.strictEqual(ours.length, expect.fakexProcesses, ours.join(", "));
                    for (const f of ours) {
                        const pid = Number(f.split("-")[1]);
                        assert.throws(() => process.kill(pid, 0), /ESRCH/, `plugin process ${pid} is still running`);
                        fs.rmSync(path.join(pids, f));
                    }
                });
            }

            it(`exits ${expect.exitCode}`, () => {
                assert.strictEqual(result.code, expect.exitCode, result.stdout + result.stderr);
                assert.ok(!/\n\s+at .*node_modules/.test(result.stderr), `no stack dump:\n${result.stderr}`);
            });

            if (expect.exitCode === 2) {
                it("says why in one message, and writes no verdict", () => {
                    assert.match(result.stderr, new RegExp(expect.stderr!));
                    assert.strictEqual(result.stdout, "");
                    assert.strictEqual(result.doc, undefined);
                });
                return;
            }

            it("writes a synthesized stack valid against offline/synth.schema.json", () => {
                const ajv = new Ajv({ allErrors: true });
                addFormats(ajv);
                const validate = ajv.compile(schema);
                assert.ok(validate(result.doc), ajv.errorsText(validate.errors));
            });

            it(expect.exitCode === 1 ? "names the resources with mandatory violations" : "has no mandatory violation in preview or update", () => {
                for (const run of result.doc!.runs) {
                    const flagged = [...new Set(run.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => shortName(d.urn)))].sort();
                    assert.deepStrictEqual(flagged, [...(expect.violations?.[run.mode] ?? [])].sort(), `${run.mode}:\n${result.stdout}`);
                    assert.ok(run.diagnostics.every((d) => !/can't run|during preview/.test(d.message)), `${run.mode}: a policy gave up on an unknown`);
                }
                const verdicts: Record<number, RegExp> = { 0: /Result: no mandatory policy violation\./, 1: /Result: \d+ mandatory policy violation\(s\)/, 3: /Result: INCOMPLETE: / };
                const verdict = verdicts[expect.exitCode];
                assert.match(result.stdout, verdict);
                if (expect.message) {
                    assert.ok(result.stdout.includes(expect.message), `the report says "${expect.message}":\n${result.stdout}`);
                }
            });

            it(expect.exitCode === 3 ? "lists what was not modelled, with how to get each plugin" : "modelled everything the engine would", () => {
                const listed = result.doc!.notModelled.map((n) => ({ kind: n.kind, token: n.token, plugin: `${n.plugin.name}${n.plugin.version ? ` ${n.plugin.version}` : ""}`, fix: n.fix }));
                assert.deepStrictEqual(listed, expect.notModelled ?? []);
                for (const n of result.doc!.notModelled) {
                    assert.deepStrictEqual(n.runs, ["preview", "update"], n.token);
                    assert.ok(result.stdout.includes(`  fix: ${n.fix}\n`), result.stdout);
                }
                if (expect.exitCode === 3) {
                    assert.ok(result.stdout.indexOf("NOT MODELLED offline") < result.stdout.indexOf("Result: "), "the ledger is printed before the verdict");
                }
            });

            if (expect.children) {
                it("judged the resources the plugins created, under their component", () => {
                    for (const run of result.doc!.runs) {
                        for (const [name, children] of Object.entries(expect.children!)) {
                            const component = run.resources.find((r) => r.name === name && !r.custom);
                            assert.ok(component, `${run.mode}: no component ${name}`);
                            const seen = run.resources.filter((r) => r.parent === component.urn).map((r) => [r.type, r.name]);
                            assert.deepStrictEqual(seen.sort(), [...children].sort(), `${run.mode}: children of ${name}`);
                        }
                    }
                });
            }

            if (expect.invokes) {
                it("lists every invoke with how it was answered", () => {
                    for (const run of result.doc!.runs) {
                        const seen = run.invokes.map((i) => `${i.token} ${i.answer}`);
                        for (const [token, answer] of expect.invokes![run.mode] ?? []) {
                            assert.ok(seen.includes(`${token} ${answer}`), `${run.mode}: ${token} answered ${answer}; seen ${seen.join(", ")}`);
                            assert.match(result.stdout, new RegExp(`Invokes answered offline, ${run.mode}:\\n(  .*\\n)*  ${token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?: \\(x\\d+\\))?: ${answer}`));
                        }
                    }
                });
            }

            if (expect.lifecycle) {
                it("writes and prints each resource's lifecycle options", () => {
                    for (const run of result.doc!.runs) {
                        for (const [name, { options }] of Object.entries(expect.lifecycle!)) {
                            const r = run.resources.find((x) => x.name === name)!;
                            assert.deepStrictEqual({ ...r.lifecycle, dependsOn: r.lifecycle.dependsOn.map(shortName) }, options, `${run.mode} ${name}`);
                        }
                        const unset = run.resources.filter((r) => !(r.name in expect.lifecycle!));
                        assert.ok(unset.every((r) => !r.lifecycle.protect && !r.lifecycle.retainOnDelete && r.lifecycle.dependsOn.length === 0), "no other resource has options");
                    }
                    for (const [name, { flags }] of Object.entries(expect.lifecycle!)) {
                        assert.match(result.stdout, new RegExp(`  ${name}  \\[${flags.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]\n`));
                    }
                });
            }

            if (expect.outputs || expect.resources || expect.secrets) {
                it("ran the program as written: its outputs, resources and secrets", () => {
                    for (const run of result.doc!.runs) {
                        for (const [k, v] of Object.entries(expect.outputs ?? {})) {
                            assert.deepStrictEqual(run.outputs[k], v, `${run.mode} output ${k}`);
                        }
                    }
                    const update = result.doc!.runs.find((r) => r.mode === "update")!;
                    for (const r of expect.resources ?? []) {
                        assert.ok(update.resources.some((x) => x.name === r), `${r} registered`);
                    }
                    assert.deepStrictEqual(Object.keys(result.doc!.secretPlaceholders), expect.secrets ?? []);
                    for (const key of expect.secrets ?? []) {
                        assert.ok(result.stdout.includes(`Secrets: ${key} cannot be decrypted offline`), result.stdout);
                    }
                });
            }
        });
    }
});
