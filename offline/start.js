#!/usr/bin/env node
/**
 * `npm start`. The offline preview runs from its compiled JavaScript (dist-tool/, which `npm run
 * build` writes and `npm ci` builds through `prepare`): under ts-node the tool spent about 2 s of
 * CPU compiling itself before running any program (docs/benchmarks.md). When that build is
 * missing or older than any source in offline/, it runs from the TypeScript sources through
 * ts-node as before, so an edit is never run stale.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const SOURCES = __dirname;
const REPO = path.join(__dirname, "..");
const BUILT = path.join(REPO, "dist-tool");

/** Why the build cannot be run, or undefined when every source has a newer compiled file. */
function staleBecause() {
    for (const name of fs.readdirSync(SOURCES)) {
        if (!name.endsWith(".ts") || name.endsWith(".d.ts")) {
            continue;
        }
        const built = path.join(BUILT, `${name.slice(0, -".ts".length)}.js`);
        if (!fs.existsSync(built)) {
            return `${path.relative(REPO, built)} is missing`;
        }
        if (fs.statSync(built).mtimeMs < fs.statSync(path.join(SOURCES, name)).mtimeMs) {
            return `offline/${name} is newer than its build`;
        }
    }
    return undefined;
}

const stale = staleBecause();
if (stale) {
    process.stderr.write(`npm start: ${stale}; running from the TypeScript sources (npm run build makes this start faster)\n`);
    require("ts-node").register({ transpileOnly: true, projectSearchDir: REPO });
}
require(stale ? path.join(SOURCES, "preview-cli.ts") : path.join(BUILT, "preview-cli.js")).runCommand(process.argv.slice(2));
