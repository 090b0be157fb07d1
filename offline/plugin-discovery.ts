/**
 * Where the Pulumi CLI finds a package's provider plugin, offline: first a local folder the
 * project names (`plugins: providers:` with a `path`, `packages:` with a path source), then the
 * plugin cache, `$PULUMI_HOME/plugins/resource-<name>-v<version>/` (PULUMI_HOME defaults to
 * `~/.pulumi`). A folder holds either an executable `pulumi-resource-<name>` or a source plugin
 * (`PulumiPlugin.yaml`, run by its language host; only `nodejs` can run here). Nothing is
 * downloaded: a plugin the CLI would install is reported missing, with the command to install it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import { parse } from "yaml";

/** How the engine starts the plugin in a folder. */
export type PluginLaunch =
    | { kind: "executable"; file: string }
    | { kind: "nodejs"; typescript: boolean; nodeargs: string[]; tsconfig?: string };

export interface PluginFound {
    found: true;
    name: string;
    /** The version of the folder found (cache folders name one; local folders may not). */
    version?: string;
    dir: string;
    launch: PluginLaunch;
    /** Where it was found, for the report. */
    from: string;
}

export interface PluginMissing {
    found: false;
    name: string;
    version?: string;
    /** Why it cannot run offline. */
    reason: string;
    /** What would make it available. */
    fix: string;
}

export interface PluginWanted {
    name: string;
    /** The version the program's SDK asked for, if any. */
    version?: string;
    /** The program's `pluginDownloadURL`, if any. */
    downloadUrl?: string;
}

/** "plugin awsx 2.1.0", for messages. */
export function pluginLabel(p: { name: string; version?: string }): string {
    return `plugin ${p.name}${p.version ? ` ${p.version}` : ""}`;
}

/** The package a type or function token belongs to: `awsx:cloudtrail:Trail` is awsx's. */
export function packageOf(token: string): string {
    return token.split(":")[0];
}

/** `PULUMI_HOME` as the CLI reads it from its environment, else `~/.pulumi`. */
export function pulumiHome(env: NodeJS.ProcessEnv): string {
    return env.PULUMI_HOME && env.PULUMI_HOME !== "" ? path.resolve(env.PULUMI_HOME) : path.join(os.homedir(), ".pulumi");
}

function installCommand(wanted: PluginWanted): string {
    const server = wanted.downloadUrl ? ` --server ${wanted.downloadUrl}` : "";
    return `pulumi plugin install resource ${wanted.name}${wanted.version ? ` ${wanted.version}` : ""}${server}`;
}

/** How a plugin folder is run, or why it cannot be run here. */
function launchOf(dir: string, name: string): PluginLaunch | { problem: string } {
    const file = path.join(dir, `pulumi-resource-${name}`);
    if (fs.existsSync(file)) {
        try {
            fs.accessSync(file, fs.constants.X_OK);
        } catch {
            return { problem: `${file} is not executable` };
        }
        return { kind: "executable", file };
    }
    const manifest = ["PulumiPlugin.yaml", "PulumiPlugin.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!manifest) {
        return { problem: `${dir} holds neither pulumi-resource-${name} nor PulumiPlugin.yaml` };
    }
    let doc: any;
    try {
        doc = parse(fs.readFileSync(manifest, "utf8")) ?? {};
    } catch (e) {
        return { problem: `${manifest}: ${(e as Error).message}` };
    }
    const runtime = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
    if (runtime !== "nodejs") {
        return { problem: `${manifest}: runtime ${JSON.stringify(runtime)} plugins are not run offline (only nodejs)` };
    }
    const options = (typeof doc.runtime === "object" ? doc.runtime.options : undefined) ?? {};
    return {
        kind: "nodejs",
        typescript: options.typescript !== false,
        nodeargs: typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [],
        tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
    };
}

/** Versions of `name` in the plugin cache, highest first. */
function cachedVersions(pluginsDir: string, name: string): string[] {
    const prefix = `resource-${name}-v`;
    let entries: string[];
    try {
        entries = fs.readdirSync(pluginsDir);
    } catch {
        return [];
    }
    return entries
        .filter((e) => e.startsWith(prefix) && !e.endsWith(".partial") && !e.endsWith(".lock") && semver.valid(e.slice(prefix.length)))
        .map((e) => e.slice(prefix.length))
        .sort(semver.rcompare);
}

/**
 * The plugin for `wanted`: a local folder of the project's first, then the cache folder of the
 * exact version asked for (or, with no version asked, the highest cached), as the CLI resolves it.
 */
export function locatePlugin(localPlugins: Record<string, string>, home: string, wanted: PluginWanted): PluginFound | PluginMissing {
    const missing = (reason: string): PluginMissing => ({ found: false, name: wanted.name, version: wanted.version, reason, fix: installCommand(wanted) });
    const local = localPlugins[wanted.name];
    if (local !== undefined) {
        const launch = launchOf(local, wanted.name);
        if ("problem" in launch) {
            return { ...missing(launch.problem), fix: `fix the Pulumi.yaml entry for ${wanted.name} or the folder it names` };
        }
        return { found: true, name: wanted.name, version: wanted.version, dir: local, launch, from: `Pulumi.yaml (${local})` };
    }
    const pluginsDir = path.join(home, "plugins");
    const versions = cachedVersions(pluginsDir, wanted.name);
    const asked = wanted.version?.replace(/^v/, "");
    const version = asked ? versions.find((v) => semver.valid(asked) !== null && semver.eq(v, asked)) : versions[0];
    if (!version) {
        const seen = versions.length > 0 ? ` (it has ${versions.join(", ")})` : "";
        return missing(`not in the plugin cache ${pluginsDir}${seen}, and the offline preview downloads nothing`);
    }
    const dir = path.join(pluginsDir, `resource-${wanted.name}-v${version}`);
    const launch = launchOf(dir, wanted.name);
    if ("problem" in launch) {
        return missing(launch.problem);
    }
    return { found: true, name: wanted.name, version, dir, launch, from: `plugin cache (${dir})` };
}
