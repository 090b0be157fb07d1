/**
 * The engine's side of a program run, offline: a gRPC `ResourceMonitor` and `Engine` server that a
 * program's own `@pulumi/pulumi` connects to, as it connects to the Pulumi engine. Resources get
 * URNs as the engine forms them and the outputs `resourceOutputs` gives (unknown in preview,
 * deterministic placeholders in update); invokes are answered by `answerInvoke`; stack references
 * have unknown (preview) or no (update) outputs. Everything is recorded for the policy pack.
 *
 * Our stubs and a program's SDK may be different versions: the wire format is what they share.
 */
import * as path from "path";
import { CapturedResource, capturedResource } from "./captured";
import { UNKNOWN } from "./engine-resource";
import { InvokeRecord, answerInvoke } from "./invokes";
import { AwsTarget, resourceOutputs } from "./mocks";
import { providerView } from "./provider-view";
import { readRegistration, structToEngineView, toEngineView } from "./registration";

// The stubs check `instanceof` against the protobuf classes they were generated with: load
// everything from @pulumi/pulumi's own folder, never a copy hoisted elsewhere.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const structpb = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const emptypb = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const resourcegrpc = require(path.join(pulumiDir, "proto", "resource_grpc_pb.js"));
const enginepb = require(path.join(pulumiDir, "proto", "engine_pb.js"));
const enginegrpc = require(path.join(pulumiDir, "proto", "engine_grpc_pb.js"));

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
const MAX_MESSAGE = 400 * 1024 * 1024;

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
}

/** A gRPC error the SDK shows the program as the failed call's message. */
function rpcError(message: string): Error {
    return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message });
}

/** Undefined members are left out of the wire form; `Struct.fromJavaScript` throws on them. */
function toStruct(value: Record<string, unknown>): unknown {
    return structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
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
    private readonly byUrn = new Map<string, { resource: CapturedResource; id: string; state: Record<string, unknown> }>();
    private rootUrn = "";

    private constructor(private readonly server: any, readonly address: string, private readonly opts: MonitorOptions) {}

    static async start(opts: MonitorOptions): Promise<OfflineMonitor> {
        const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE, "grpc.max_send_message_length": MAX_MESSAGE });
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

    async close(): Promise<void> {
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
            registerResource: handler((req) => this.registerResource(req)),
            registerResourceOutputs: handler((req) => {
                const entry = this.byUrn.get(req.getUrn());
                if (entry) {
                    entry.resource.properties = structToEngineView(req.getOutputs());
                }
                return new emptypb.Empty();
            }),
            readResource: handler((req) => this.readResource(req)),
            invoke: handler((req) => this.invoke(req)),
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

    private record(resource: CapturedResource, id: string, state: Record<string, unknown>): void {
        this.resources.push(resource);
        this.byUrn.set(resource.urn, { resource, id, state });
    }
}
