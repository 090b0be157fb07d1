/**
 * The engine's floor of `npm start` (bench/start-floor.ts): the program's preview and update
 * processes, side by side, each run by its own @pulumi/pulumi against an offline engine, exactly
 * as `npm start` runs them (with its transpile cache), and nothing else: no policy pack, no report.
 * What any run of the program as the engine runs it costs, twice. Runs the compiled tool
 * (dist-tool/, `npm run build`). Usage: node bench/program-runs-floor.js <program dir> <stack>
 */
"use strict";
const path = require("path");

const TOOL = path.join(__dirname, "..", "dist-tool");
const { inOrder, startPreviewAndUpdate } = require(path.join(TOOL, "language-host.js"));
const { loadProject, loadStackConfig } = require(path.join(TOOL, "project.js"));
const { awsTarget, targetFromConfig } = require(path.join(TOOL, "target.js"));
const { DEFAULT_TRANSPILE_CACHE } = require(path.join(TOOL, "preview-cli.js"));

async function main([dir, stack]) {
    const project = loadProject(dir);
    const config = loadStackConfig(project, stack);
    await inOrder(startPreviewAndUpdate(project, stack, config, { target: awsTarget(targetFromConfig(config.values)), transpileCache: DEFAULT_TRANSPILE_CACHE }));
}

main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`program-runs-floor: ${e.message}\n`);
        process.exit(2);
    },
);
