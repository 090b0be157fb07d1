/**
 * What a `RegisterResourceRequest` tells the engine about one resource, read the same way by the
 * in-process mock capture and by the offline resource monitor that a program's own SDK talks to.
 */
import { providerView } from "./provider-view";

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

export function structToEngineView(struct: { toJavaScript(): Record<string, unknown> } | undefined): Record<string, unknown> {
    return struct ? (toEngineView(struct.toJavaScript()) as Record<string, unknown>) : {};
}

/**
 * The resource options that decide what survives a delete or a replace, as the engine receives
 * them. The wire has no separate `dependsOn`: the SDK merges explicit dependencies (a component
 * expanded to its children) into `dependencies`, so `dependsOn` here is every dependency that no
 * input property explains.
 */
export interface LifecycleOptions {
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    dependsOn: string[];
    ignoreChanges: string[];
}

/** A place in the program's source, as the SDK sends it: a `file:` URI, 1-based line and column. */
export interface SourcePosition {
    uri: string;
    line: number;
    column: number;
}

export interface Registration {
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs in the engine's view, after the provider's normalization. */
    inputs: Record<string, unknown>;
    lifecycle: LifecycleOptions;
    /**
     * Where the program registered it, innermost first: the frames of the SDK's `sourcePosition`
     * (the caller of the resource's constructor) and `stackTrace` that lie outside `node_modules`
     * (so a component's child points at the program's line that made the component, when the
     * component is a package). Absent when the SDK sends neither, or only library frames.
     */
    source?: SourcePosition[];
}

function readPosition(pos: any): SourcePosition | undefined {
    const uri: string = pos?.getUri?.() ?? "";
    return uri ? { uri, line: pos.getLine(), column: pos.getColumn() } : undefined;
}

const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * The request's source position and stack trace as one list, without library frames and without
 * repeats (the SDK's position is its trace's first frame). Stubs without the fields read as absent.
 */
export function readSource(req: any): SourcePosition[] | undefined {
    const frames: any[] = req.getStacktrace?.()?.getFramesList() ?? [];
    const all = [readPosition(req.getSourceposition?.()), ...frames.map((f) => readPosition(f.getPc()))]
        .filter((p): p is SourcePosition => p !== undefined && !IN_NODE_MODULES.test(p.uri));
    const source = all.filter((p, i) => i === 0 || p.uri !== all[i - 1].uri || p.line !== all[i - 1].line || p.column !== all[i - 1].column);
    return source.length > 0 ? source : undefined;
}

/** Reads a `pulumirpc.RegisterResourceRequest`, whichever copy of the stubs built it. */
export function readRegistration(req: any): Registration {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const type: string = req.getType();
    const dependencies: string[] = req.getDependenciesList();
    const fromProperties = new Set(Object.values(propertyDependencies).flat());
    return {
        type,
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        provider: req.getProvider() || undefined,
        dependencies,
        propertyDependencies,
        inputs: providerView(type, structToEngineView(req.getObject())),
        lifecycle: {
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            deleteBeforeReplace: req.getDeletebeforereplace() === true,
            dependsOn: dependencies.filter((d) => !fromProperties.has(d)),
            ignoreChanges: req.getIgnorechangesList(),
        },
        source: readSource(req),
    };
}
