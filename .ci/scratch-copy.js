// A copy of the repository's sources, shared by .ci/matrix.js (to install another SDK set in) and
// the tests (to pack the packages without touching the clone's dist/ folders while other test
// files use them). Plain CommonJS, no dependencies: the matrix loads it before anything is installed.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

// Installs, builds, caches and tarballs: the copy starts from sources only.
const SKIPPED = new Set(["node_modules", ".git", "dist", "dist-tool", "out", ".ci/cache", "policy-pack/node_modules", "policy-pack/dist"]);

/** Copies `root`'s sources into a new temporary folder named after `name`; returns the folder. */
function scratchCopy(root, name) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `encrypted-bucket-${name}-`));
    fs.cpSync(root, dir, {
        recursive: true,
        filter: (src) => {
            const rel = path.relative(root, src).split(path.sep).join("/");
            return !SKIPPED.has(rel) && !rel.endsWith(".tgz");
        },
    });
    return dir;
}

module.exports = { scratchCopy };
