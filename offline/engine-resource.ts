/**
 * The shape in which the Pulumi engine hands a resource to a policy pack (AnalyzeStack / Analyze),
 * as plain data. Produced by the offline capture of a program under the mock runtime, and by tests
 * that build stacks by hand; consumed by the analyzer client that speaks gRPC to the policy pack.
 */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    /**
     * The engine's wire view of the properties: unknown values are the engine's sentinel strings
     * (see `UNKNOWN`), secrets are plain values, resource references are their id (custom resources)
     * or URN (components).
     */
    properties: Record<string, unknown>;
    parent?: string;
    /** `urn::id` of the provider resource, as the engine's provider references are written. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect?: boolean;
}

/** The sentinels the engine marshals unknown values as (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN = {
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

const SENTINELS = new Set<unknown>(Object.values(UNKNOWN));

/** Whether a value is one of the engine's unknown sentinels, whatever the unknown's type. */
export function isUnknownSentinel(value: unknown): boolean {
    return SENTINELS.has(value);
}
