/**
 * What an offline run captured: the stack as the engine would see it, whichever side recorded it
 * (the SDK's mock runtime in this process, `capture.ts`, or the resource monitor a program's own
 * SDK talks to, `monitor-server.ts`). No Pulumi runtime here: `npm start` loads this module.
 */
import { EngineResource } from "./engine-resource";
import { InvokeRecord } from "./invokes";
import { AwsTarget } from "./target";
import { LifecycleOptions, Registration, SourcePosition } from "./registration";

/** A resource as registered by the program: the engine's view plus what per-resource Analyze sees. */
export interface CapturedResource extends EngineResource {
    /** The inputs as registered: what `Analyze` (per resource) sees. `properties` holds the outputs. */
    inputs: Record<string, unknown>;
    custom: boolean;
    retainOnDelete?: boolean;
    /** What survives a delete or replace: shown by the report, written to the synthesized JSON. */
    lifecycle: LifecycleOptions;
    /** Where the program registered it, innermost frame first, when the SDK says (`Registration.source`). */
    source?: SourcePosition[];
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
    /** How each invoke was answered offline, one entry per call. */
    invokeAnswers: InvokeRecord[];
    /** What the offline engine could not model as the engine would; empty for a complete run. */
    notModelled: NotModelled[];
}

/**
 * Something the engine would have done that the offline engine could not: a remote component
 * left unexpanded or a function left unanswered because its provider plugin is not available.
 * Whatever it would have registered or returned was not judged, so the verdict is incomplete.
 */
export interface NotModelled {
    kind: "component" | "invoke";
    /** The component's type token, or the function's token. */
    token: string;
    /** The component's URN; absent for an invoke. */
    urn?: string;
    /** The plugin the engine would have run. */
    plugin: { name: string; version?: string };
    /** Why it could not run offline. */
    reason: string;
    /** What makes it available. */
    fix: string;
}

/** A registration as captured, once the engine has answered it with a URN and outputs. */
export function capturedResource(r: Registration, urn: string, properties: Record<string, unknown>): CapturedResource {
    return {
        urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        inputs: r.inputs,
        properties,
        parent: r.parent,
        provider: r.provider,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        protect: r.lifecycle.protect || undefined,
        retainOnDelete: r.lifecycle.retainOnDelete || undefined,
        lifecycle: r.lifecycle,
        ...(r.source ? { source: r.source } : {}),
    };
}
