/**
 * Whether a TypeScript build's output folder is the build of its sources as they are now.
 * `npm pack --ignore-scripts` packs whatever dist/ holds; a test that packs without rebuilding
 * (the clean rebuild, `npm run prepack`, costs about 5 s) checks this first, so that it never
 * tests a stale or partial build, and says which command fixes it.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** Why the outputs of `tsconfig` are not its sources' current build, or undefined if they are. */
export function staleBuild(tsconfig: string): string | undefined {
    const configFile = ts.readJsonConfigFile(tsconfig, ts.sys.readFile);
    const config = ts.parseJsonSourceFileConfigFileContent(configFile, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
    const outDir = config.options.outDir;
    if (config.errors.length > 0 || !outDir) {
        throw new Error(`${tsconfig}: ${config.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")).join("; ") || "no outDir"}`);
    }
    const rel = (file: string) => path.relative(path.dirname(tsconfig), file);
    const expected = config.fileNames.flatMap((source) => ts.getOutputFileNames(config, source, false).map((output) => ({ source, output })));
    const missing = expected.find(({ output }) => !fs.existsSync(output));
    if (missing) {
        return `${rel(missing.output)} (from ${rel(missing.source)}) is missing`;
    }
    const wanted = new Set(expected.map(({ output }) => path.resolve(output)));
    const orphan = filesUnder(outDir).find((file) => !wanted.has(file));
    if (orphan) {
        return `${rel(orphan)} is no output of any source (left from an older build)`;
    }
    const mtime = (file: string) => fs.statSync(file).mtimeMs;
    const inputs = [tsconfig, ...(configFile.extendedSourceFiles ?? []), ...config.fileNames];
    const newestInput = inputs.reduce((a, b) => (mtime(b) > mtime(a) ? b : a));
    const oldestOutput = [...wanted].reduce((a, b) => (mtime(b) < mtime(a) ? b : a));
    if (mtime(newestInput) > mtime(oldestOutput)) {
        return `${rel(newestInput)} changed after ${rel(oldestOutput)} was built`;
    }
    return undefined;
}

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => path.resolve(e.parentPath, e.name));
}
