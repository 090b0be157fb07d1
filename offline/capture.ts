import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { EngineResource } from "./engine-resource";
import { AwsTarget, awsMocks, awsTarget } from "./mocks";
import { providerView } from "./provider-view";

/** A resource as registered by the program: the engine's view plus what per-resource Analyze sees. */
export interface CapturedResource extends EngineResource {
    /** The inputs as registered: what `Analyze` (per resource) sees. `properties` holds the outputs. */
    inputs: Record<string, unknown>;
    custom: boolean;
    retainOnDelete?: boolean;
}

export interface CapturedStack {
    project: string;
    stack: string;
    preview: boolean;
    target: AwsTarget;
    /** In registration order; the root `pulumi:pulumi:Stack` first. */
    resources: CapturedResource[];
    /** The stack's outputs as the engine would store them. */
    outputs: Record<string, unknown>;
    /** Provider function tokens invoked, one entry per call. */
    invokes: string[];
}

export interface CaptureOptions {
    project: string;
    stack: string;
    /** True: as `pulumi preview` (unknowns stay unknown). False: as `pulumi up`, with placeholder ids. */
    preview: boolean;
    /** Stack config, keyed `namespace:key`, values as in `Pulumi.<stack>.yaml`. */
    config?: Record<string, unknown>;
    target?: Partial<AwsTarget>;
}

// Signatures of the SDK's wire encoding (sdk/nodejs/runtime/rpc.ts).
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * Turns the SDK's wire encoding into what the engine hands an analyzer: secrets as plain values,
 * resource references as their id (or URN for components); unknown sentinels stay.
 */
export function toEngineView(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(toEngineView);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    if (obj[SPECIAL_SIG_KEY] === SECRET_SIG) {
        return toEngineView(obj.value);
    }
    if (obj[SPECIAL_SIG_KEY] === RESOURCE_REF_SIG) {
        return obj.id !== undefined && obj.id !== "" ? obj.id : obj.urn;
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toEngineView(v)]));
}

function structToEngineView(struct: { toJavaScript(): Record<string, unknown> } | undefined): Record<string, unknown> {
    return struct ? (toEngineView(struct.toJavaScript()) as Record<string, unknown>) : {};
}

type Callback = (err: unknown, resp: any) => void;

/** The SDK's mock monitor, recording every registration the way the engine receives it. */
class RecordingMonitor extends MockMonitor {
    readonly captured: CapturedResource[] = [];
    readonly invokes: string[] = [];
    private readonly byUrn = new Map<string, CapturedResource>();

    async registerResource(req: any, callback: Callback): Promise<void> {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        const type: string = req.getType();
        const inputs = providerView(type, structToEngineView(req.getObject()));
        await super.registerResource(req, (err: unknown, resp: any) => {
            if (!err) {
                const resource: CapturedResource = {
                    urn: resp.getUrn(),
                    type,
                    name: req.getName(),
                    custom: req.getCustom(),
                    inputs,
                    properties: providerView(type, structToEngineView(resp.getObject())),
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    protect: req.getProtect() || undefined,
                    retainOnDelete: req.getRetainondelete() || undefined,
                };
                this.captured.push(resource);
                this.byUrn.set(resource.urn, resource);
            }
            callback(err, resp);
        });
    }

    registerResourceOutputs(req: any, callback: Callback): void {
        const resource = this.byUrn.get(req.getUrn());
        if (resource) {
            resource.properties = structToEngineView(req.getOutputs());
        }
        super.registerResourceOutputs(req, callback);
    }

    async invoke(req: any, callback: Callback): Promise<void> {
        this.invokes.push(req.getTok());
        return super.invoke(req, callback);
    }
}

function configValue(key: string, value: unknown): string {
    if (value !== null && typeof value === "object" && "secure" in value) {
        throw new Error(`config ${key} is a secret: offline runs cannot decrypt secrets; give a plain placeholder instead`);
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The SDK reports a failed registration (a bad input, an apply that throws) as an unhandled
 * rejection and leaves the stack waiting forever; the language host then exits. Here the first
 * such failure rejects the run instead. With @pulumi/pulumi 3.276 (not 3.248) `disconnect()`
 * can resolve before Node has emitted those rejections, so the handler stays attached for one
 * more turn of the event loop, when Node reports every rejection already settled.
 */
async function untilFirstFailure(run: () => Promise<void>): Promise<void> {
    let onFailure: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
        onFailure = reject;
    });
    process.on("unhandledRejection", onFailure);
    try {
        await Promise.race([run().then(() => new Promise<void>((resolve) => setImmediate(resolve))), failed]);
    } finally {
        process.off("unhandledRejection", onFailure);
    }
}

/**
 * Runs a Pulumi program under the SDK's mock runtime, with no engine and no cloud, and returns the
 * stack as the engine would see it. Runs share the process-wide Pulumi runtime: one at a time.
 */
export async function captureStack(program: () => unknown, opts: CaptureOptions): Promise<CapturedStack> {
    const target = awsTarget(opts.target);
    const mocks = awsMocks(target, opts.preview);
    // setMocks turns on the runtime features the engine supports (secrets, resource references);
    // the recording monitor then takes the mock monitor's place.
    await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, opts.preview);
    const monitor = new RecordingMonitor(mocks);
    pulumi.runtime.setMockOptions(monitor, opts.project, opts.stack, opts.preview);
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [k, configValue(k, v)])),
    );
    await untilFirstFailure(async () => {
        await pulumi.runtime.runInPulumiStack(async () => program());
        await pulumi.runtime.disconnect();
    });
    const root = monitor.captured.find((r) => r.type === "pulumi:pulumi:Stack");
    return {
        project: opts.project,
        stack: opts.stack,
        preview: opts.preview,
        target,
        resources: monitor.captured,
        outputs: root?.properties ?? {},
        invokes: monitor.invokes,
    };
}
