/**
 * A client that runs a Node policy pack the way the Pulumi engine does and talks to it over gRPC.
 *
 * The engine's `pulumi-analyzer-policy` shim runs `node <@pulumi/pulumi>/cmd/run-policy-pack
 * <engine-address> .` in the pack's folder; the pack prints its port as the first stdout line.
 * We do the same, so what passes here is what the engine would let through.
 */
import * as path from "path";
import { EngineResource } from "./engine-resource";
import { PluginProcess, clientOf } from "./plugin-process";
import { ConfigSchema, EnforcementLevel, PolicyPackConfig, ResolvedPolicyConfig, resolvePolicyConfig } from "./policy-config";
import { MESSAGE_LIMITS, emptypb, proto, sdkFile, structpb, toStruct } from "./pulumi-grpc";

export { EnforcementLevel, PolicyPackConfig, PolicyConfigError, ResolvedPolicyConfig } from "./policy-config";

const analyzerpb = proto("analyzer_pb");
const analyzergrpc = proto("analyzer_grpc_pb");
const runPolicyPack = sdkFile("cmd", "run-policy-pack");

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerpb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerpb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerpb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerpb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_NUMBERS = Object.fromEntries(Object.entries(LEVELS).map(([n, l]) => [l, Number(n)])) as Record<EnforcementLevel, number>;

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    enforcementLevel: EnforcementLevel;
    /** Empty for a diagnostic about the stack as a whole. */
    urn: string;
    /** As the pack sends it: for a violation reported as a string, the policy's description, a newline, then its message. */
    message: string;
    /** The policy's description, as the pack sends it with the diagnostic. */
    description?: string;
}

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    kind: "resource" | "stack";
    configSchema?: ConfigSchema;
    /** How to fix what the policy finds (`remediationSteps`, `@pulumi/policy` 1.21); absent when the pack gives none. */
    remediationSteps?: string;
    /** Where the policy is documented (`url`); absent when the pack gives none. */
    url?: string;
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
}

export interface StartOptions {
    /** How long to wait for the pack to print its port. Defaults to 60 s. */
    startTimeoutMs?: number;
    /** Extra environment for the pack process. */
    env?: NodeJS.ProcessEnv;
}

/** The pack process failed, or an RPC to it did; carries what the pack wrote to stderr. */
export class AnalyzerError extends Error {
    constructor(message: string, readonly stderr: string) {
        super(stderr.trim() ? `${message}\n--- policy pack stderr ---\n${stderr.trim()}` : message);
        this.name = "AnalyzerError";
    }
}

// Nothing in the pack uses the engine address (run-policy-pack drops it before loading the pack),
// but the command line must have one.
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

export class PolicyAnalyzer {
    private info: AnalyzerInfo | undefined;

    private constructor(private readonly proc: PluginProcess, private readonly client: any) {}

    /** Starts the pack in `packDir` (which must hold `PulumiPolicy.yaml` and a built `main`). */
    static async start(packDir: string, opts: StartOptions = {}): Promise<PolicyAnalyzer> {
        const proc = await PluginProcess.start({
            what: "the policy pack",
            file: process.execPath,
            args: [runPolicyPack, UNUSED_ENGINE_ADDRESS, "."],
            cwd: path.resolve(packDir),
            env: { ...process.env, ...opts.env },
            startTimeoutMs: opts.startTimeoutMs ?? 60_000,
        }, (message, stderr) => new AnalyzerError(message, stderr));
        return new PolicyAnalyzer(proc, clientOf(analyzergrpc.AnalyzerClient, proc, MESSAGE_LIMITS));
    }

    /** The pack process's id, for measuring it (benchmarks read its CPU and memory from /proc). */
    get pid(): number | undefined {
        return this.proc.pid;
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        if (!this.info) {
            const res = await this.call("getAnalyzerInfo", new emptypb.Empty());
            this.info = {
                name: res.getName(),
                version: res.getVersion(),
                policies: res.getPoliciesList().map((p: any): PolicyInfo => {
                    const schema = p.getConfigschema();
                    const remediationSteps: string = p.getRemediationSteps?.() ?? "";
                    const url: string = p.getUrl?.() ?? "";
                    return {
                        name: p.getName(),
                        description: p.getDescription(),
                        enforcementLevel: LEVELS[p.getEnforcementlevel()],
                        kind: p.getPolicyType() === analyzerpb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
                        configSchema: schema
                            ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() }
                            : undefined,
                        ...(remediationSteps ? { remediationSteps } : {}),
                        ...(url ? { url } : {}),
                    };
                }),
            };
        }
        return this.info;
    }

    /**
     * Configures the pack as the engine does: validates `config` against each policy's schema
     * (throwing `PolicyConfigError` for anything the engine would refuse), fills in schema
     * defaults and default enforcement levels, then sends every policy's config. Without this
     * call the pack runs each policy at its default level with no config at all.
     */
    async configure(config: PolicyPackConfig = {}): Promise<void> {
        await this.configureUnchecked(resolvePolicyConfig((await this.getAnalyzerInfo()).policies, config));
    }

    /**
     * Sends each policy's level and properties as they are, validated against nothing: what a pack
     * gets from a client that does not validate (`@pulumi/policy` itself validates nothing).
     */
    async configureUnchecked(resolved: Record<string, ResolvedPolicyConfig>): Promise<void> {
        const req = new analyzerpb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, { enforcementLevel, properties }] of Object.entries(resolved)) {
            const pc = new analyzerpb.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_NUMBERS[enforcementLevel]);
            pc.setProperties(structpb.Struct.fromJavaScript(properties));
            map.set(name, pc);
        }
        await this.call("configure", req);
    }

    /** The stack policies over a whole stack, as at the end of a preview or update. */
    async analyzeStack(resources: EngineResource[]): Promise<Diagnostic[]> {
        const req = new analyzerpb.AnalyzeStackRequest();
        req.setResourcesList(resources.map(toAnalyzerResource));
        return diagnostics(await this.call("analyzeStack", req));
    }

    /** The resource policies over one resource; pass the resource's inputs as `properties`. */
    async analyze(resource: EngineResource): Promise<Diagnostic[]> {
        return diagnostics(await this.call("analyze", withResource(new analyzerpb.AnalyzeRequest(), resource)));
    }

    /** Stops the pack; safe to call twice. */
    async close(): Promise<void> {
        this.client.close();
        await this.proc.close();
    }

    private call(method: string, req: unknown): Promise<any> {
        return this.proc.call(this.client, method, req);
    }
}

function diagnostics(res: any): Diagnostic[] {
    return res.getDiagnosticsList().map((d: any): Diagnostic => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()],
        urn: d.getUrn(),
        message: d.getMessage(),
        ...(d.getDescription() ? { description: d.getDescription() } : {}),
    }));
}

/** What `AnalyzeRequest` and `AnalyzerResource` share: the resource itself, as the engine sends it. */
function withResource<T>(msg: T, r: EngineResource): T {
    const m = msg as any;
    m.setType(r.type);
    m.setUrn(r.urn);
    m.setName(r.name);
    m.setProperties(propertiesStruct(r.properties, r.urn));
    m.setOptions(toOptions(r));
    if (r.provider) {
        m.setProvider(toProvider(r.provider));
    }
    return msg;
}

/** A stack resource also carries its parent and what it was computed from. */
function toAnalyzerResource(r: EngineResource): unknown {
    const ar = withResource(new analyzerpb.AnalyzerResource(), r);
    if (r.parent) {
        ar.setParent(r.parent);
    }
    ar.setDependenciesList(r.dependencies);
    const deps = ar.getPropertydependenciesMap();
    for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
        const pd = new analyzerpb.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        deps.set(prop, pd);
    }
    return ar;
}

function toOptions(r: EngineResource): unknown {
    const opts = new analyzerpb.AnalyzerResourceOptions();
    opts.setProtect(r.protect ?? false);
    if (r.parent) {
        opts.setParent(r.parent);
    }
    return opts;
}

/** `provider` is `<provider urn>::<id>`; the pack sees the provider's type and name from the URN. */
function toProvider(reference: string): unknown {
    const urn = reference.slice(0, reference.lastIndexOf("::"));
    const typeAndName = urn.split("::").slice(-2);
    const p = new analyzerpb.AnalyzerProviderResource();
    p.setUrn(urn);
    p.setType(typeAndName[0]?.split("$").pop() ?? "");
    p.setName(typeAndName[1] ?? "");
    p.setProperties(new structpb.Struct());
    return p;
}

function propertiesStruct(properties: Record<string, unknown>, urn: string): unknown {
    try {
        return toStruct(properties);
    } catch (e) {
        throw new Error(`properties of ${urn} are not plain JSON data: ${(e as Error).message}`);
    }
}
