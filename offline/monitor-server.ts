/**
 * The engine's side of a program run, offline: a gRPC `ResourceMonitor` and `Engine` server that a
 * program's own `@pulumi/pulumi` connects to, as it connects to the Pulumi engine. Resources get
 * URNs as the engine forms them and the outputs `resourceOutputs` gives (unknown in preview,
 * deterministic placeholders in update); invokes are answered by `answerInvoke`; stack references
 * have unknown (preview) or no (update) outputs. Everything is recorded for the policy pack.
 *
 * Our stubs and a program's SDK may be different versions: the wire format is what they share.
 */
import { CapturedResource, NotModelled, capturedResource } from "./captured";
import { UNKNOWN } from "./engine-resource";
import { InvokeRecord, answerInvoke } from "./invokes";
import { resourceOutputs } from "./mocks";
import { AwsTarget } from "./target";
import { PluginMissing, packageOf, pluginLabel, pulumiHome } from "./plugin-discovery";
import { ConstructContext, PluginFailure, ProviderPlugin, RunPlugins } from "./provider-plugin";
import { providerView } from "./provider-view";
import { MESSAGE_LIMITS, emptypb, grpc, proto, toStruct } from "./pulumi-grpc";
import { readRegistration, readSource, structToEngineView, toEngineView } from "./registration";

const resourcegrpc = proto("resource_grpc_pb");
const enginepb = proto("engine_pb");
const enginegrpc = proto("engine_grpc_pb");
const providerpb = proto("provider_pb");

/**
 * A response of the class the installed stubs declare for a ResourceMonitor method. The classes
 * move between SDK releases (Invoke answered pulumirpc.InvokeResponse up to 3.248 and
 * ResourceInvokeResponse by 3.276), and the stubs refuse any other class ("Error serializing
 * response").
 */
function monitorResponse(method: string): any {
    return new resourcegrpc.ResourceMonitorService[method].responseType();
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/**
 * Features the offline engine answers yes to. Transforms and resource hooks need callbacks into
 * the program, which offline runs do not serve: the SDK then refuses them with its own message.
 */
const FEATURES = new Set(["secrets", "resourceReferences", "deletedWith", "aliasSpecs"]);

export interface EngineLog {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn: string;
}

const SEVERITIES: Record<number, EngineLog["severity"]> = { 0: "debug", 1: "info", 2: "warning", 3: "error" };

type Callback = (err: unknown, resp?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => void;

export interface MonitorOptions {
    project: string;
    stack: string;
    preview: boolean;
    target: AwsTarget;
    /** The stack's config as the engine sends it to plugins: `namespace:key` to text, and the secret keys. */
    config?: { values: Record<string, string>; secretKeys: string[] };
    /** Plugin folders the project names, by package (`PulumiProject.localPlugins`). */
    localPlugins?: Record<string, string>;
    /** The environment whose PULUMI_HOME locates the plugin cache, as the CLI's own. */
    env?: NodeJS.ProcessEnv;
}

/**
 * Packages whose resources and functions the offline engine answers itself (offline/mocks.ts,
 * offline/invokes.ts). Any other package's remote components and functions go to its plugin.
 */
const OFFLINE_PACKAGES = new Set(["aws", "aws-native", "pulumi"]);

/** A gRPC error the SDK shows the program as the failed call's message. */
function rpcError(message: string): Error {
    return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message });
}

function handler<T>(fn: (req: any) => T | Promise<T>): Handler {
    return (call, callback) => {
        Promise.resolve()
            .then(() => fn(call.request))
            .then((resp) => callback(null, resp), (e: unknown) => callback(rpcError(e instanceof Error ? e.message : String(e))));
    };
}

export class OfflineMonitor {
    readonly resources: CapturedResource[] = [];
    readonly invokes: InvokeRecord[] = [];
    readonly logs: EngineLog[] = [];
    readonly notModelled: NotModelled[] = [];
    /** The first plugin that failed to start or to answer: the run cannot be trusted past it. */
    pluginFailure: PluginFailure | undefined;
    private readonly plugins: RunPlugins;
    private readonly byUrn = new Map<string, { resource: CapturedResource; id: string; state: Record<string, unknown> }>();
    private rootUrn = "";

    private constructor(private readonly server: any, readonly address: string, private readonly opts: MonitorOptions) {
        this.plugins = new RunPlugins(opts.localPlugins ?? {}, pulumiHome(opts.env ?? process.env), address);
    }

    static async start(opts: MonitorOptions): Promise<OfflineMonitor> {
        const server = new grpc.Server(MESSAGE_LIMITS);
        const port: number = await new Promise((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))));
        const monitor = new OfflineMonitor(server, `127.0.0.1:${port}`, opts);
        server.addService(resourcegrpc.ResourceMonitorService, monitor.monitorService());
        server.addService(enginegrpc.EngineService, monitor.engineService());
        return monitor;
    }

    /** The stack's outputs, as registered on the root resource. */
    get outputs(): Record<string, unknown> {
        return this.resources.find((r) => r.urn === this.rootUrn || r.type === ROOT_STACK_TYPE)?.properties ?? {};
    }

    /** Stops the plugins the run started, then the server. */
    async close(): Promise<void> {
        await this.plugins.close();
        await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    }

    private urn(parent: string | undefined, type: string, name: string): string {
        // The engine prefixes a child's type with its parent's qualified type, except the root stack's.
        const parentType = parent?.split("::")[2];
        const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
        return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${qualified}::${name}`;
    }

    private monitorService(): Record<string, Handler> {
        return {
            supportsFeature: handler((req) => {
                const resp = monitorResponse("supportsFeature");
                resp.setHassupport(FEATURES.has(req.getId()));
                return resp;
            }),
            registerResource: handler((req) => (req.getRemote() && !req.getCustom() ? this.registerRemote(req) : this.registerResource(req))),
            registerResourceOutputs: handler((req) => {
                const entry = this.byUrn.get(req.getUrn());
                if (entry) {
                    entry.resource.properties = structToEngineView(req.getOutputs());
                }
                return new emptypb.Empty();
            }),
            readResource: handler((req) => this.readResource(req)),
            invoke: handler((req) => (OFFLINE_PACKAGES.has(packageOf(req.getTok())) ? this.invoke(req) : this.invokePlugin(req))),
            call: handler((req) => {
                throw new Error(`offline preview cannot call the method ${req.getTok()}: it runs in a provider`);
            }),
            signalAndWaitForShutdown: handler(() => new emptypb.Empty()),
        };
    }

    private engineService(): Record<string, Handler> {
        return {
            log: handler((req) => {
                this.logs.push({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() });
                return new emptypb.Empty();
            }),
            getRootResource: handler(() => {
                const resp = new enginepb.GetRootResourceResponse();
                resp.setUrn(this.rootUrn);
                return resp;
            }),
            setRootResource: handler((req) => {
                this.rootUrn = req.getUrn();
                return new enginepb.SetRootResourceResponse();
            }),
        };
    }

    private registerResource(req: any): unknown {
        const registration = readRegistration(req);
        const raw = req.getObject()?.toJavaScript() ?? {};
        const urn = this.urn(registration.parent, registration.type, registration.name);
        let id = "";
        let state: Record<string, unknown> = raw;
        if (registration.custom) {
            const inputs = toEngineView(raw) as Record<string, unknown>;
            const out = resourceOutputs(this.opts.target, registration.type, registration.name, inputs, this.opts.preview);
            // Computed outputs over the inputs as sent, so that secrets stay secret in the program.
            const computed = Object.fromEntries(Object.entries(out.state).filter(([k, v]) => v !== inputs[k]));
            state = { ...raw, ...computed };
            id = out.id ?? "";
        }
        const resource = capturedResource(registration, urn, providerView(registration.type, toEngineView(state) as Record<string, unknown>));
        this.record(resource, id, state);
        const resp = monitorResponse("registerResource");
        resp.setUrn(urn);
        resp.setId(id);
        resp.setObject(toStruct(state));
        return resp;
    }

    private readResource(req: any): unknown {
        const type: string = req.getType();
        const urn = this.urn(req.getParent() || undefined, type, req.getName());
        const props = req.getProperties()?.toJavaScript() ?? {};
        // Another stack's outputs are never known offline: unknown in preview, none in update.
        const state = type === STACK_REFERENCE_TYPE
            ? { ...props, name: req.getId(), outputs: this.opts.preview ? UNKNOWN.object : {}, secretOutputNames: this.opts.preview ? UNKNOWN.array : [] }
            : { ...props, id: this.opts.preview ? UNKNOWN.string : req.getId() };
        const resource: CapturedResource = {
            ...capturedResource({
                type, name: req.getName(), custom: true, parent: req.getParent() || undefined, provider: req.getProvider() || undefined,
                dependencies: req.getDependenciesList(), propertyDependencies: {}, inputs: structToEngineView(req.getProperties()),
                lifecycle: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, dependsOn: req.getDependenciesList(), ignoreChanges: [] },
                source: readSource(req),
            }, urn, toEngineView(state) as Record<string, unknown>),
        };
        this.record(resource, req.getId(), state);
        this.invokes.push({ token: `read ${type}`, answer: "lookup", how: type === STACK_REFERENCE_TYPE ? `stack ${req.getId()}: outputs ${this.opts.preview ? "unknown" : "empty"}` : "inputs echoed: needs AWS" });
        const resp = monitorResponse("readResource");
        resp.setUrn(urn);
        resp.setProperties(toStruct(state));
        return resp;
    }

    private invoke(req: any): unknown {
        const token: string = req.getTok();
        const resp = monitorResponse("invoke");
        if (token === "pulumi:pulumi:getResource") {
            const urn = String(toEngineView(req.getArgs()?.toJavaScript()?.urn));
            const entry = this.byUrn.get(urn);
            if (!entry) {
                throw new Error(`unknown resource ${urn}`);
            }
            resp.setReturn(toStruct({ urn, id: entry.id, state: entry.state }));
            return resp;
        }
        const { result, record } = answerInvoke(token, structToEngineView(req.getArgs()), this.opts.target, this.opts.preview);
        this.invokes.push(record);
        resp.setReturn(toStruct(result));
        return resp;
    }

    /**
     * A remote component, as the engine handles one: its package's plugin constructs it, and the
     * resources it creates register here through the plugin's own connection. Without the plugin
     * the component stays empty, and the run says what was not modelled.
     */
    private async registerRemote(req: any): Promise<unknown> {
        const type: string = req.getType();
        const name: string = req.getName();
        const plugin = await this.plugin(type, req, `the component ${name} (${type})`);
        if (!(plugin instanceof ProviderPlugin)) {
            this.recordNotModelled("component", type, plugin, this.urn(req.getParent() || undefined, type, name));
            return this.registerResource(req);
        }
        const { urn, state } = await this.guard(plugin, `the component ${name} (${type})`, () => plugin.construct(req, this.constructContext()));
        const resp = monitorResponse("registerResource");
        resp.setUrn(urn);
        resp.setId("");
        resp.setObject(state);
        return resp;
    }

    /** A function of a package the offline engine does not model: answered by its plugin, or recorded as not modelled. */
    private async invokePlugin(req: any): Promise<unknown> {
        const token: string = req.getTok();
        const plugin = await this.plugin(token, req, `the function ${token}`);
        if (!(plugin instanceof ProviderPlugin)) {
            this.recordNotModelled("invoke", token, plugin);
            const { result } = answerInvoke(token, structToEngineView(req.getArgs()), this.opts.target, this.opts.preview);
            this.invokes.push({ token, answer: "unanswered", how: `${pluginLabel(plugin)}: ${plugin.reason}; ${this.opts.preview ? "unknown" : "placeholder"} id only` });
            const resp = monitorResponse("invoke");
            resp.setReturn(toStruct(result));
            return resp;
        }
        const { result, failures } = await this.guard(plugin, `the function ${token}`, () => plugin.invoke(token, req.getArgs(), this.opts.preview));
        this.invokes.push({ token, answer: "plugin", how: `answered by ${plugin.label} (${plugin.found.from})` });
        const resp = monitorResponse("invoke");
        resp.setReturn(result);
        for (const f of failures) {
            const failure = new providerpb.CheckFailure();
            failure.setProperty(f.property);
            failure.setReason(f.reason);
            resp.addFailures(failure);
        }
        return resp;
    }

    private recordNotModelled(kind: NotModelled["kind"], token: string, missing: PluginMissing, urn?: string): void {
        this.notModelled.push({ kind, token, ...(urn ? { urn } : {}), plugin: { name: missing.name, version: missing.version }, reason: missing.reason, fix: missing.fix });
    }

    /** The plugin of `token`'s package, at the version and from the place the request names. */
    private async plugin(token: string, req: any, what: string) {
        const wanted = { name: packageOf(token), version: req.getVersion() || undefined, downloadUrl: req.getPlugindownloadurl() || undefined };
        try {
            return await this.plugins.get(wanted);
        } catch (e) {
            throw this.failed(e, `${what} needs ${wanted.name}'s plugin, which could not be started`);
        }
    }

    private async guard<T>(plugin: ProviderPlugin, what: string, call: () => Promise<T>): Promise<T> {
        try {
            return await call();
        } catch (e) {
            throw this.failed(e, `${plugin.label} failed on ${what}`);
        }
    }

    /** Keeps the first plugin failure for the run's one message; the program sees it as the call's error. */
    private failed(e: unknown, context: string): PluginFailure {
        const cause = e instanceof Error ? e : new Error(String(e));
        const failure = new PluginFailure(`${context}: ${cause.message.split("\n")[0]}`, cause instanceof PluginFailure ? cause.detail : cause.stack ?? "");
        this.pluginFailure ??= failure;
        return failure;
    }

    private constructContext(): ConstructContext {
        return {
            project: this.opts.project,
            stack: this.opts.stack,
            preview: this.opts.preview,
            monitorAddress: this.address,
            config: this.opts.config?.values ?? {},
            configSecretKeys: this.opts.config?.secretKeys ?? [],
        };
    }

    private record(resource: CapturedResource, id: string, state: Record<string, unknown>): void {
        this.resources.push(resource);
        this.byUrn.set(resource.urn, { resource, id, state });
    }
}
