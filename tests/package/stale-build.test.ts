// The check the corpus test runs before it packs dist/ as it is on disk (tests/package/stale-build.ts),
// on a small project whose files and times the test sets itself.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { staleBuild } from "./stale-build";

describe("package: a stale or partial dist/ is detected before it is packed", () => {
    let dir: string;
    let tsconfig: string;
    const T0 = new Date("2026-01-01T00:00:00Z");
    const T1 = new Date("2026-01-01T00:01:00Z");
    const write = (rel: string, text: string, time: Date) => {
        const file = path.join(dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        fs.utimesSync(file, time, time);
    };

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "stale-build-"));
        tsconfig = path.join(dir, "tsconfig.build.json");
        write("tsconfig.json", `{ "compilerOptions": { "strict": true } }`, T0);
        // JSONC, as the repository's own: a comment and an `extends`.
        write("tsconfig.build.json", `// the library\n{ "extends": "./tsconfig.json", "compilerOptions": { "rootDir": "src", "outDir": "dist", "declaration": true }, "include": ["src/**/*.ts"] }`, T0);
        write("src/index.ts", "export * from \"./sub/a\";\n", T0);
        write("src/sub/a.ts", "export const a = 1;\n", T0);
        for (const out of ["dist/index.js", "dist/index.d.ts", "dist/sub/a.js", "dist/sub/a.d.ts"]) {
            write(out, "", T1);
        }
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("passes a build newer than every source and config", () => {
        assert.strictEqual(staleBuild(tsconfig), undefined);
    });

    it("names an output that is missing", () => {
        fs.rmSync(path.join(dir, "dist", "sub", "a.d.ts"));
        assert.strictEqual(staleBuild(tsconfig), "dist/sub/a.d.ts (from src/sub/a.ts) is missing");
    });

    it("names a source added since the build", () => {
        write("src/b.ts", "export const b = 2;\n", T0);
        assert.strictEqual(staleBuild(tsconfig), "dist/b.js (from src/b.ts) is missing");
    });

    it("names an output left from an older build, which npm pack would ship", () => {
        write("dist/removed.js", "", T1);
        assert.strictEqual(staleBuild(tsconfig), "dist/removed.js is no output of any source (left from an older build)");
    });

    it("names a source edited after the build", () => {
        write("src/sub/a.ts", "export const a = 3;\n", new Date("2026-01-01T00:02:00Z"));
        assert.strictEqual(staleBuild(tsconfig), "src/sub/a.ts changed after dist/index.js was built");
    });

    it("names a config, extended or not, edited after the build", () => {
        write("tsconfig.json", `{ "compilerOptions": { "strict": false } }`, new Date("2026-01-01T00:02:00Z"));
        assert.strictEqual(staleBuild(tsconfig), "tsconfig.json changed after dist/index.js was built");
    });
});
