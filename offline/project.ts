/**
 * A Pulumi project and one stack's config, read as the Pulumi CLI reads them before it asks the
 * Node.js language host to run the program (pulumi/pulumi: sdk/go/common/workspace/project.go,
 * `ValidateStackConfigAndApplyProjectConfig`, and the engine's `GetPwdMain`).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** Raised for anything the CLI would refuse before the program runs: exit 2. */
export class ProjectError extends Error {}

export interface NodeRuntimeOptions {
    /** Run TypeScript through ts-node (the language host's default). */
    typescript: boolean;
    /** `runtime.options.tsconfig`: the tsconfig the program is compiled with. */
    tsconfig?: string;
    /** `runtime.options.nodeargs`, given to node before the run script. */
    nodeargs?: string;
}

export interface PulumiProject {
    /** The folder of Pulumi.yaml. */
    dir: string;
    project: string;
    /** The program's working directory: the project folder, or `main` when it is a folder. */
    pwd: string;
    /** What the language host passes as the program: `.` (package.json main, else index) or a file. */
    entryPoint: string;
    runtime: NodeRuntimeOptions;
    /** Project-level config declarations (`config:` in Pulumi.yaml), by key. */
    configSchema: Record<string, { default?: unknown; hasDefault: boolean; secret?: boolean }>;
    /**
     * Provider plugins the project names by local folder (`plugins: providers:` with a `path`, and
     * `packages:` whose source is a path), by package name: absolute folders, where the CLI looks
     * before its plugin cache.
     */
    localPlugins: Record<string, string>;
}

function readYaml(file: string): any {
    if (!fs.existsSync(file)) {
        throw new ProjectError(`${file} not found`);
    }
    try {
        return parse(fs.readFileSync(file, "utf8")) ?? {};
    } catch (e) {
        throw new ProjectError(`${file}: ${(e as Error).message}`);
    }
}

export function loadProject(dir: string): PulumiProject {
    const root = path.resolve(dir);
    const file = path.join(root, "Pulumi.yaml");
    const doc = readYaml(file);
    if (typeof doc.name !== "string" || doc.name === "") {
        throw new ProjectError(`${file}: no project name`);
    }
    const runtimeName = typeof doc.runtime === "string" ? doc.runtime : doc.runtime?.name;
    if (runtimeName !== "nodejs") {
        throw new ProjectError(`${file}: runtime ${JSON.stringify(runtimeName)} is not nodejs; only Node.js programs run offline`);
    }
    const options = (typeof doc.runtime === "object" ? doc.runtime.options : undefined) ?? {};
    let pwd = root;
    let entryPoint = ".";
    if (typeof doc.main === "string" && doc.main !== "") {
        const main = path.resolve(root, doc.main);
        if (!fs.existsSync(main)) {
            throw new ProjectError(`${file}: main ${doc.main} does not exist`);
        }
        if (fs.statSync(main).isDirectory()) {
            pwd = main;
        } else {
            entryPoint = path.relative(root, main);
        }
    }
    const configSchema: PulumiProject["configSchema"] = {};
    for (const [key, decl] of Object.entries<any>(doc.config ?? {})) {
        const isDecl = decl !== null && typeof decl === "object" && !Array.isArray(decl) && ("type" in decl || "default" in decl || "value" in decl || "secret" in decl || "description" in decl);
        if (isDecl) {
            const value = "value" in decl ? decl.value : decl.default;
            configSchema[key] = { default: value, hasDefault: value !== undefined, secret: decl.secret === true };
        } else {
            configSchema[key] = { default: decl, hasDefault: true };
        }
    }
    return {
        dir: root,
        project: doc.name,
        pwd,
        entryPoint,
        runtime: {
            typescript: options.typescript !== false,
            tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
            nodeargs: typeof options.nodeargs === "string" ? options.nodeargs : undefined,
        },
        configSchema,
        localPlugins: localPlugins(doc, root, file),
    };
}

const isLocalPath = (source: string) => /^(\.{1,2}([\\/]|$)|[\\/])/.test(source);

/**
 * `plugins.providers[].path` and the local-path entries of `packages:` (a string, or an object with
 * `source`), resolved against the project folder. A malformed entry stops the run, naming it.
 */
function localPlugins(doc: any, root: string, file: string): Record<string, string> {
    const out: Record<string, string> = {};
    const providers = doc.plugins?.providers ?? [];
    if (!Array.isArray(providers)) {
        throw new ProjectError(`${file}: plugins.providers must be a list`);
    }
    providers.forEach((p: any, i: number) => {
        if (typeof p?.name !== "string" || p.name === "") {
            throw new ProjectError(`${file}: plugins.providers[${i}] has no name`);
        }
        if (p.path !== undefined) {
            if (typeof p.path !== "string") {
                throw new ProjectError(`${file}: plugins.providers[${i}].path must be a string`);
            }
            out[p.name] = path.resolve(root, p.path);
        }
    });
    const packages = doc.packages ?? {};
    if (typeof packages !== "object" || Array.isArray(packages)) {
        throw new ProjectError(`${file}: packages must be a map of package names to sources`);
    }
    for (const [name, spec] of Object.entries<any>(packages)) {
        const source = typeof spec === "string" ? spec : spec?.source;
        if (typeof source !== "string" || source === "") {
            throw new ProjectError(`${file}: packages.${name} has no source`);
        }
        if (isLocalPath(source) && !(name in out)) {
            out[name] = path.resolve(root, source);
        }
    }
    return out;
}

/** Where a project key without a namespace lives: `<project>:<key>`. */
function fullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

export interface StackConfig {
    /** `namespace:key` to the value as YAML gave it (a `secure:` value stays `{ secure }`). */
    values: Record<string, unknown>;
    /** Keys whose value is a `secure:` ciphertext, which offline runs cannot decrypt. */
    secretKeys: string[];
}

/**
 * The stack's config as the CLI hands it to the program: `Pulumi.<stack>.yaml` over the defaults
 * declared in Pulumi.yaml. A declared key with no default and no value stops the run, with the
 * CLI's own message.
 */
export function loadStackConfig(project: PulumiProject, stack: string): StackConfig {
    const file = path.join(project.dir, `Pulumi.${stack}.yaml`);
    const given: Record<string, unknown> = fs.existsSync(file) ? (readYaml(file).config ?? {}) : {};
    const values: Record<string, unknown> = {};
    for (const [key, decl] of Object.entries(project.configSchema)) {
        if (decl.hasDefault) {
            values[fullKey(project.project, key)] = decl.default;
        }
    }
    for (const [key, value] of Object.entries(given)) {
        values[fullKey(project.project, key)] = value;
    }
    const missing = Object.entries(project.configSchema)
        .filter(([key, decl]) => !decl.hasDefault && !(fullKey(project.project, key) in values))
        .map(([key]) => key);
    if (missing.length === 1) {
        throw new ProjectError(`Stack '${stack}' is missing configuration value '${missing[0]}'`);
    }
    if (missing.length > 1) {
        throw new ProjectError(`Stack '${stack}' is missing configuration values: ${missing.map((k) => `'${k}'`).join(", ")}`);
    }
    const secretKeys = Object.entries(values).filter(([, v]) => isSecure(v)).map(([k]) => k);
    return { values, secretKeys };
}

export function isSecure(value: unknown): value is { secure: string } {
    return value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value;
}

/** What a `secure:` value becomes offline: a secret whose text says it is a placeholder. */
export function securePlaceholder(key: string): string {
    return `offline-placeholder-for-secret-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

/** A config value as the program reads it: a string (structured values as JSON), a `secure:` value as its placeholder. */
export function configText(key: string, value: unknown): string {
    return isSecure(value) ? securePlaceholder(key) : typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * `PULUMI_CONFIG` as the language host writes it: every value as `configText` gives it, keys in
 * the `namespace:config:name` form.
 */
export function configEnv(config: StackConfig): { PULUMI_CONFIG: string; PULUMI_CONFIG_SECRET_KEYS: string } {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config.values)) {
        const idx = key.indexOf(":");
        out[`${key.slice(0, idx)}:config:${key.slice(idx + 1)}`] = configText(key, value);
    }
    return { PULUMI_CONFIG: JSON.stringify(out), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys) };
}
