/**
 * A package's provider plugin, started and called as the engine does when a program registers a
 * remote component (`Construct`) or invokes one of the package's functions (`Invoke`). The plugin
 * gets the offline engine's address, so the resources a component creates register with the
 * offline engine as the program's own do, and are judged like them.
 *
 * How the engine starts one (pulumi/pulumi `pkg/resource/plugin`; the Node.js language host's
 * `RunPlugin`): an executable as `pulumi-resource-<name> <engine address>` in its folder; a Node.js
 * source plugin as `node <@pulumi/pulumi/cmd/run-plugin, resolved from the plugin's folder>
 * [nodeargs] <folder> <engine address>`, with `PULUMI_NODEJS_TYPESCRIPT` set unless the plugin's
 * runtime options turn TypeScript off. Either prints its port on stdout.
 */
import { childEnv } from "./child-env";
import { PluginFound, PluginMissing, PluginWanted, locatePlugin, pluginLabel } from "./plugin-discovery";
import { PluginCommand, PluginProcess, clientOf } from "./plugin-process";
import { MESSAGE_LIMITS, proto, structpb } from "./pulumi-grpc";

const provpb = proto("provider_pb");
const provgrpc = proto("provider_grpc_pb");

/** A plugin could not be started, or a call to it failed: the run stops (exit 2). */
export class PluginFailure extends Error {
    constructor(message: string, readonly detail: string) {
        super(message);
        this.name = "PluginFailure";
    }
}

function command(found: PluginFound, engineAddress: string): PluginCommand {
    const common = { what: pluginLabel(found), cwd: found.dir, startTimeoutMs: 120_000 };
    if (found.launch.kind === "executable") {
        return { ...common, file: found.launch.file, args: [engineAddress], env: childEnv({}) };
    }
    let runPlugin: string;
    try {
        runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [found.dir] });
    } catch {
        throw new PluginFailure(`${pluginLabel(found)} in ${found.dir}: its dependencies are not installed (no @pulumi/pulumi): run \`npm install\` in that folder`, "");
    }
    const env: Record<string, string> = {};
    if (found.launch.typescript) {
        env.PULUMI_NODEJS_TYPESCRIPT = "true";
    }
    if (found.launch.tsconfig) {
        env.PULUMI_NODEJS_TSCONFIG_PATH = found.launch.tsconfig;
    }
    return { ...common, file: process.execPath, args: [runPlugin, ...found.launch.nodeargs, found.dir, engineAddress], env: childEnv(env) };
}

/** What a Construct call needs besides the registration itself. */
export interface ConstructContext {
    project: string;
    stack: string;
    preview: boolean;
    monitorAddress: string;
    /** The stack's config as `namespace:key` to text, as the engine sends it, and its secret keys. */
    config: Record<string, string>;
    configSecretKeys: string[];
}

/**
 * The `ConstructRequest` the engine sends for a remote component's `RegisterResourceRequest`: the
 * inputs and their dependencies as the program sent them, and the options a component passes on.
 */
function constructRequest(reg: any, ctx: ConstructContext): unknown {
    const req = new provpb.ConstructRequest();
    req.setProject(ctx.project);
    req.setStack(ctx.stack);
    req.setOrganization("organization");
    req.setDryrun(ctx.preview);
    req.setParallel(16);
    req.setMonitorendpoint(ctx.monitorAddress);
    const config = req.getConfigMap();
    for (const [k, v] of Object.entries(ctx.config)) {
        config.set(k, v);
    }
    req.setConfigsecretkeysList(ctx.configSecretKeys);
    req.setType(reg.getType());
    req.setName(reg.getName());
    req.setParent(reg.getParent());
    req.setInputs(reg.getObject() ?? new structpb.Struct());
    const inputDeps = req.getInputdependenciesMap();
    reg.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        const pd = new provpb.ConstructRequest.PropertyDependencies();
        pd.setUrnsList(deps.getUrnsList());
        inputDeps.set(key, pd);
    });
    const providers = req.getProvidersMap();
    reg.getProvidersMap().forEach((ref: string, pkg: string) => providers.set(pkg, ref));
    req.setDependenciesList(reg.getDependenciesList());
    req.setProtect(reg.getProtect());
    req.setAdditionalsecretoutputsList(reg.getAdditionalsecretoutputsList());
    req.setDeletedwith(reg.getDeletedwith());
    req.setDeletebeforereplace(reg.getDeletebeforereplace());
    req.setIgnorechangesList(reg.getIgnorechangesList());
    req.setReplaceonchangesList(reg.getReplaceonchangesList());
    req.setRetainondelete(reg.getRetainondelete());
    return req;
}

export class ProviderPlugin {
    private constructor(private readonly proc: PluginProcess, private readonly client: any, readonly found: PluginFound) {}

    static async start(found: PluginFound, engineAddress: string): Promise<ProviderPlugin> {
        const fail = (message: string, stderr: string) => new PluginFailure(message, stderr);
        const proc = await PluginProcess.start(command(found, engineAddress), fail);
        const plugin = new ProviderPlugin(proc, clientOf(provgrpc.ResourceProviderClient, proc, MESSAGE_LIMITS), found);
        try {
            // The engine configures a default provider before any other call, with the package's config.
            const configure = new provpb.ConfigureRequest();
            configure.setArgs(new structpb.Struct());
            configure.setAcceptsecrets(true);
            configure.setAcceptresources(true);
            await plugin.call("configure", configure);
        } catch (e) {
            await plugin.close();
            throw e;
        }
        return plugin;
    }

    get label(): string {
        return pluginLabel(this.found);
    }

    /** Constructs a remote component: its URN and its outputs (a Struct), as the engine answers the program. */
    async construct(registration: any, ctx: ConstructContext): Promise<{ urn: string; state: unknown }> {
        const resp = await this.call("construct", constructRequest(registration, ctx));
        return { urn: resp.getUrn(), state: resp.getState() ?? new structpb.Struct() };
    }

    /** One of the package's functions: its result (a Struct) and any failures the plugin reports. */
    async invoke(token: string, args: unknown, preview: boolean): Promise<{ result: unknown; failures: Array<{ property: string; reason: string }> }> {
        const req = new provpb.InvokeRequest();
        req.setTok(token);
        req.setArgs(args ?? new structpb.Struct());
        req.setPreview(preview);
        const resp = await this.call("invoke", req);
        return {
            result: resp.getReturn() ?? new structpb.Struct(),
            failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    get pid(): number | undefined {
        return this.proc.pid;
    }

    /** What the plugin wrote to stderr (the tail). */
    get stderr(): string {
        return this.proc.stderr;
    }

    async close(): Promise<void> {
        this.client.close();
        await this.proc.close();
    }

    private call(method: string, req: unknown): Promise<any> {
        return this.proc.call(this.client, method, req);
    }
}

/**
 * The provider plugins of one program run, each started once, on first use, and all stopped with
 * the run. A plugin that cannot be found is answered as missing (the caller records what could
 * not be modelled); one that is found but fails to start rejects with a `PluginFailure`.
 */
export class RunPlugins {
    private readonly started = new Map<string, Promise<ProviderPlugin | PluginMissing>>();

    constructor(private readonly localPlugins: Record<string, string>, private readonly home: string, private readonly engineAddress: string) {}

    get(wanted: PluginWanted): Promise<ProviderPlugin | PluginMissing> {
        const key = `${wanted.name}@${wanted.version ?? ""}`;
        let plugin = this.started.get(key);
        if (!plugin) {
            const located = locatePlugin(this.localPlugins, this.home, wanted);
            plugin = located.found ? ProviderPlugin.start(located, this.engineAddress) : Promise.resolve(located);
            plugin.catch(() => undefined);
            this.started.set(key, plugin);
        }
        return plugin;
    }

    async close(): Promise<void> {
        const all = await Promise.all([...this.started.values()].map((p) => p.catch(() => undefined)));
        await Promise.all(all.map((p) => (p instanceof ProviderPlugin ? p.close() : undefined)));
    }
}
