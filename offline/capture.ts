import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { CapturedResource, CapturedStack, NotModelled, capturedResource } from "./captured";
import { InvokeRecord } from "./invokes";
import { awsMocks } from "./mocks";
import { AwsTarget, awsTarget } from "./target";
import { configText, isSecure } from "./project";
import { packageOf } from "./plugin-discovery";
import { providerView } from "./provider-view";
import { Registration, readRegistration, structToEngineView } from "./registration";

export interface CaptureOptions {
    project: string;
    stack: string;
    /** True: as `pulumi preview` (unknowns stay unknown). False: as `pulumi up`, with placeholder ids. */
    preview: boolean;
    /**
     * Stack config, keyed `namespace:key`, values as in `Pulumi.<stack>.yaml`: a `secure:` value
     * reaches the program as a secret placeholder, as `npm start` gives it (offline/project.ts).
     */
    config?: Record<string, unknown>;
    target?: Partial<AwsTarget>;
}

type Callback = (err: unknown, resp: any) => void;

/** The SDK's mock monitor, recording every registration the way the engine receives it. */
class RecordingMonitor extends MockMonitor {
    readonly captured: CapturedResource[] = [];
    readonly notModelled: NotModelled[] = [];
    readonly invokes: string[] = [];
    private readonly byUrn = new Map<string, CapturedResource>();

    async registerResource(req: any, callback: Callback): Promise<void> {
        const registration = readRegistration(req);
        await super.registerResource(req, (err: unknown, resp: any) => {
            if (!err && req.getRemote() && !registration.custom) {
                // No plugin runs under the mock runtime: the component's resources are never seen.
                this.notModelled.push({
                    kind: "component", token: registration.type, urn: resp.getUrn(),
                    plugin: { name: packageOf(registration.type), version: req.getVersion() || undefined },
                    reason: "the in-process capture runs no provider plugins", fix: "run it with npm start -- --program <dir>",
                });
            }
            if (!err) {
                this.record(registration, resp.getUrn(), providerView(registration.type, structToEngineView(resp.getObject())));
            }
            callback(err, resp);
        });
    }

    private record(r: Registration, urn: string, properties: Record<string, unknown>): void {
        const resource = capturedResource(r, urn, properties);
        this.captured.push(resource);
        this.byUrn.set(resource.urn, resource);
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
    const invokeAnswers: InvokeRecord[] = [];
    const mocks = awsMocks(target, opts.preview, (record) => invokeAnswers.push(record));
    // setMocks turns on the runtime features the engine supports (secrets, resource references);
    // the recording monitor then takes the mock monitor's place.
    await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, opts.preview);
    const monitor = new RecordingMonitor(mocks);
    pulumi.runtime.setMockOptions(monitor, opts.project, opts.stack, opts.preview);
    const config = opts.config ?? {};
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([k, v]) => [k, configText(k, v)])),
        Object.keys(config).filter((k) => isSecure(config[k])),
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
        invokeAnswers,
        notModelled: monitor.notModelled,
    };
}
