// Where the offline engine finds a package's provider plugin (as the Pulumi CLI does: the
// project's local folders, then the plugin cache under PULUMI_HOME), and how it runs one: a plugin
// that cannot start is one clear failure, and no plugin process outlives its run. Every cache here
// is a folder the test makes; the machine's own ~/.pulumi is never read.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { locatePlugin, pulumiHome } from "../../offline/plugin-discovery";
import { ProjectError, loadProject } from "../../offline/project";
import { PluginFailure, ProviderPlugin, RunPlugins } from "../../offline/provider-plugin";
import { toStruct } from "../../offline/pulumi-grpc";
import { REPO } from "./preview-cli-runs";

const FAKEX_HOME = path.join(REPO, "tests", "programs", "remote-component", "plugin-home");

function write(file: string, text: string, mode = 0o644): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode });
}

const alive = (pid: number) => {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
};

describe("provider plugins for remote components and other packages' functions", function () {
    this.timeout(120_000);
    let tmp: string;
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plugins-"));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("where the CLI would find them", () => {
        function cache(...folders: Array<[string, string]>): string {
            for (const [folder, name] of folders) {
                write(path.join(tmp, "plugins", folder, `pulumi-resource-${name}`), "#!/bin/sh\n", 0o755);
            }
            return tmp;
        }

        it("takes the exact version asked for from the plugin cache, else the highest cached", () => {
            const home = cache(["resource-awsx-v2.1.0", "awsx"], ["resource-awsx-v2.10.0", "awsx"], ["resource-awsx-v1.9.9", "awsx"]);
            const exact = locatePlugin({}, home, { name: "awsx", version: "2.1.0" });
            assert.ok(exact.found && exact.version === "2.1.0" && exact.launch.kind === "executable", JSON.stringify(exact));
            const highest = locatePlugin({}, home, { name: "awsx" });
            assert.ok(highest.found && highest.version === "2.10.0", JSON.stringify(highest));
            const vPrefixed = locatePlugin({}, home, { name: "awsx", version: "v1.9.9" });
            assert.ok(vPrefixed.found && vPrefixed.version === "1.9.9");
        });

        it("says what is missing and how to install it, naming the versions the cache has", () => {
            const home = cache(["resource-awsx-v2.1.0", "awsx"]);
            const missing = locatePlugin({}, home, { name: "awsx", version: "3.0.0", downloadUrl: "github://api.github.com/pulumi" });
            assert.strictEqual(missing.found, false);
            assert.ok(!missing.found && /\(it has 2\.1\.0\)/.test(missing.reason), JSON.stringify(missing));
            assert.ok(!missing.found && missing.fix === "pulumi plugin install resource awsx 3.0.0 --server github://api.github.com/pulumi");
            const none = locatePlugin({}, path.join(tmp, "nowhere"), { name: "std" });
            assert.ok(!none.found && none.fix === "pulumi plugin install resource std");
        });

        it("ignores partial downloads and names that are not versions", () => {
            const home = cache(["resource-awsx-v2.2.0.partial", "awsx"], ["resource-awsx-vlatest", "awsx"], ["resource-awsxx-v9.0.0", "awsxx"]);
            assert.strictEqual(locatePlugin({}, home, { name: "awsx" }).found, false);
        });

        it("refuses a plugin file that is not executable, and a source plugin of another runtime", () => {
            write(path.join(tmp, "plugins", "resource-awsx-v2.1.0", "pulumi-resource-awsx"), "#!/bin/sh\n", 0o644);
            const notExecutable = locatePlugin({}, tmp, { name: "awsx", version: "2.1.0" });
            assert.ok(!notExecutable.found && /is not executable/.test(notExecutable.reason), JSON.stringify(notExecutable));
            write(path.join(tmp, "py", "PulumiPlugin.yaml"), "runtime: python\n");
            const python = locatePlugin({ mypkg: path.join(tmp, "py") }, tmp, { name: "mypkg" });
            assert.ok(!python.found && /runtime "python" plugins are not run offline/.test(python.reason), JSON.stringify(python));
        });

        it("prefers the project's local folder over the cache, and reads a Node.js source plugin's runtime options", () => {
            const home = cache(["resource-mypkg-v1.0.0", "mypkg"]);
            write(path.join(tmp, "src", "PulumiPlugin.yaml"), "runtime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: --max-old-space-size=512\n");
            const found = locatePlugin({ mypkg: path.join(tmp, "src") }, home, { name: "mypkg", version: "1.0.0" });
            assert.ok(found.found, JSON.stringify(found));
            assert.deepStrictEqual(found.found && found.launch, { kind: "nodejs", typescript: false, nodeargs: ["--max-old-space-size=512"], tsconfig: undefined });
        });

        it("reads local plugin folders from Pulumi.yaml's plugins and packages, and names a malformed entry", () => {
            write(path.join(tmp, "Pulumi.yaml"), [
                "name: p", "runtime: nodejs",
                "plugins:", "  providers:", "    - name: awsx", "      path: ./bin/awsx",
                "packages:", "  encrypted-bucket: ../eb", "  std: std@2.2.0", "  local-obj:", "    source: /opt/plugins/x", "    version: 1.0.0",
            ].join("\n"));
            assert.deepStrictEqual(loadProject(tmp).localPlugins, {
                awsx: path.join(tmp, "bin", "awsx"),
                "encrypted-bucket": path.resolve(tmp, "..", "eb"),
                "local-obj": "/opt/plugins/x",
            });
            write(path.join(tmp, "Pulumi.yaml"), "name: p\nruntime: nodejs\npackages:\n  broken: 42\n");
            assert.throws(() => loadProject(tmp), (e: unknown) => e instanceof ProjectError && /packages\.broken has no source/.test(e.message));
            write(path.join(tmp, "Pulumi.yaml"), "name: p\nruntime: nodejs\nplugins:\n  providers:\n    - path: ./x\n");
            assert.throws(() => loadProject(tmp), (e: unknown) => e instanceof ProjectError && /plugins\.providers\[0\] has no name/.test(e.message));
        });

        it("reads PULUMI_HOME as the CLI does, ~/.pulumi without it", () => {
            assert.strictEqual(pulumiHome({ PULUMI_HOME: tmp }), tmp);
            assert.strictEqual(pulumiHome({}), path.join(os.homedir(), ".pulumi"));
        });
    });

    describe("running them", () => {
        it("reports a plugin that dies before serving as one failure with its stderr", async () => {
            write(path.join(tmp, "plugins", "resource-brokenx-v1.0.0", "pulumi-resource-brokenx"), "#!/bin/sh\necho 'brokenx: cannot start on purpose' >&2\nexit 3\n", 0o755);
            const plugins = new RunPlugins({}, tmp, "127.0.0.1:1");
            try {
                await assert.rejects(plugins.get({ name: "brokenx", version: "1.0.0" }), (e: unknown) =>
                    e instanceof PluginFailure && /plugin brokenx 1\.0\.0 exited \(code 3\) before printing its port/.test(e.message) && /cannot start on purpose/.test(e.detail));
            } finally {
                await plugins.close();
            }
        });

        it("starts each plugin once per run, and stops it, with its process group, when the run closes", async () => {
            const plugins = new RunPlugins({}, FAKEX_HOME, "127.0.0.1:1");
            let pid: number | undefined;
            try {
                const first = await plugins.get({ name: "fakex", version: "2.1.0" });
                const again = await plugins.get({ name: "fakex", version: "2.1.0" });
                assert.ok(first instanceof ProviderPlugin && first === again);
                pid = (first as ProviderPlugin).pid;
                assert.ok(pid && alive(pid), "the plugin runs while the run does");
                const answer = await first.invoke("fakex:index:getPrefix", toStruct({ team: "audit" }), true);
                assert.deepStrictEqual((answer.result as any).toJavaScript(), { prefix: "audit-trail-" });
            } finally {
                await plugins.close();
            }
            assert.ok(pid !== undefined && !alive(pid), `plugin process ${pid} outlived its run`);
            // The plugin's own record of its pid, which the corpus test counts per program.
            fs.rmSync(path.join(os.tmpdir(), "fakex-plugin-pids", `${process.pid}-${pid}`), { force: true });
        });
    });
});
