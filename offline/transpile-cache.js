/**
 * Loaded (`node --require`) into a program process that `npm start` runs, before the SDK's run
 * script: the program's TypeScript is still compiled by the ts-node and `typescript` the SDK picks,
 * with the options it gives, but each file's output is kept on disk, keyed by everything the output
 * depends on, so the next process (the other run, the next `npm start`) loads the same bytes
 * without transpiling again. Transpiling is most of what TypeScript costs a run: the compiler's code
 * runs cold in every new process (docs/benchmarks.md, issue 25).
 *
 * It changes nothing unless every condition of a byte-identical reuse holds: ts-node 10's service
 * (its `register` returns the service whose `compile` its require hook calls), transpile-only (a
 * type check must run every time), no custom transformers or other transpiler. A failure here is
 * never the program's: anything unexpected leaves ts-node as it was.
 *
 * Plain JavaScript: it runs before any TypeScript support is registered.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = process.env.ENCRYPTED_BUCKET_TRANSPILE_CACHE;
const SDK_DIR = process.env.ENCRYPTED_BUCKET_PULUMI_SDK;
// Bump when what is stored, or how its key is made, changes.
const FORMAT = "1";

/** The `type` of the package a file belongs to: with module node16/nodenext, ts-node emits by it. */
function packageType(file) {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
        try {
            return String(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).type ?? "");
        } catch (e) {
            if (e.code !== "ENOENT" && e.code !== "ENOTDIR") {
                return `unreadable: ${e.message}`;
            }
        }
        if (path.dirname(dir) === dir) {
            return "";
        }
    }
}

const digest = (text) => crypto.createHash("sha256").update(text).digest("hex");

/** A kept output whose digest still matches, or undefined: a damaged entry is compiled again. */
function read(file) {
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
    const newline = text.indexOf("\n");
    const output = text.slice(newline + 1);
    return newline > 0 && text.slice(0, newline) === digest(output) ? output : undefined;
}

function store(file, output) {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, `${digest(output)}\n${output}`);
        // Atomic: a concurrent reader sees the whole output or none.
        fs.renameSync(tmp, file);
    } catch {
        // A cache that cannot be written only costs the next run its speed.
    }
}

function reusable(service) {
    const o = service && service.options;
    return Boolean(o && o.transpileOnly === true && !o.transformers && !o.swc && !o.transpiler
        && service.config && service.config.options && typeof service.compile === "function");
}

function withCache(service, sourceMaps, tsNodeVersion) {
    const compile = service.compile;
    const identity = JSON.stringify([FORMAT, service.ts && service.ts.version, tsNodeVersion, service.config.options, service.options]);
    // What ts-node's own source-map lookup would have found for a file it compiled.
    const served = new Map();
    sourceMaps.install({ environment: "node", retrieveFile: (p) => served.get(p.replace(/\\/g, "/")) || null, redirectConflictingLibrary: false, handleUncaughtExceptions: false });
    service.compile = function (code, fileName, lineOffset) {
        const key = crypto.createHash("sha256").update(identity).update("\0").update(fileName).update("\0").update(String(lineOffset))
            .update("\0").update(packageType(fileName)).update("\0").update(code).digest("hex");
        const file = path.join(CACHE_DIR, key.slice(0, 2), `${key.slice(2)}.js`);
        const kept = read(file);
        if (kept === undefined) {
            const output = compile.apply(this, arguments);
            store(file, output);
            return output;
        }
        served.set(fileName.replace(/\\/g, "/"), kept);
        return kept;
    };
}

if (CACHE_DIR && SDK_DIR) {
    try {
        // The ts-node the SDK's run script will load: `require("ts-node")` from @pulumi/pulumi.
        const entry = require.resolve("ts-node", { paths: [SDK_DIR] });
        const manifest = require.resolve("ts-node/package.json", { paths: [SDK_DIR] });
        const tsNodeDir = path.dirname(manifest);
        const tsNode = require(entry);
        const sourceMaps = require(require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] }));
        const register = tsNode.register;
        if (typeof register === "function" && typeof sourceMaps.install === "function") {
            tsNode.register = function () {
                const service = register.apply(this, arguments);
                try {
                    if (reusable(service)) {
                        withCache(service, sourceMaps, require(manifest).version);
                    }
                } catch {
                    // Options that cannot be keyed (JSON.stringify throws): ts-node compiles as usual.
                }
                return service;
            };
        }
    } catch {
        // No ts-node 10 where the SDK looks (it falls back to its vendored 7.0.1): nothing to do.
    }
}
