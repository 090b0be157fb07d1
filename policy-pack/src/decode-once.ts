/**
 * One decoding of each resource's properties per AnalyzeStack request, shared by every stack policy.
 *
 * `@pulumi/policy` (1.21.0, server.js `makeAnalyzeStackRpcFun`) decodes every resource of the
 * request again for each stack policy before calling it. With four stack policies that repeated
 * decoding, not the checks, was most of what the pack cost over a one-policy pack on a large stack
 * (docs/benchmarks.md). Per-resource Analyze gains too: the KMS policies judge several key types,
 * so they cannot name one type for the SDK to filter on, and each resource policy has every
 * resource decoded for it. The decoder is a pure function of the request's protobuf Struct, which the
 * request message keeps for its lifetime, so the first result can stand for the others: the
 * policies get the same data, decoded once. Nothing in this pack writes to a resource's properties
 * (tests/policy-pack/decode-once.test.ts checks that on every policy).
 *
 * The decoder is internal to `@pulumi/policy`: this hooks it only for the version it was checked
 * against and otherwise leaves the pack as it was, correct and slower. The test above fails when
 * the pinned version moves, so that a bump re-checks the decoder before the hook follows it.
 */

/** The `@pulumi/policy` version whose internal decoder this was checked against. */
export const CHECKED_POLICY_SDK_VERSION = "1.21.0";

type Decoder = (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;

// Symbol-keyed, non-enumerable marks rather than WeakMaps: a stack holds tens of thousands of
// resources, and weak tables of that size cost the garbage collector more than the decoding saved.
/** On a request's Struct: its decoded properties. */
const DECODED = Symbol("encrypted-buckets.decoded");
/** On decoded properties: made by the shared decoder, so immutable for the life of their request. */
const SHARED = Symbol("encrypted-buckets.shared");

type Status = { installed: true } | { installed: false; why: string };

let status: Status = { installed: false, why: "not tried" };

/** Whether `props` (plain, not a proxy) came from the shared decoder, and so from an engine request. */
export function isSharedDecoding(props: unknown): boolean {
    return props !== null && typeof props === "object" && (props as { [SHARED]?: true })[SHARED] === true;
}

/** Whether the hook is in place; when not, why. */
export function decodeOnceStatus(): Status {
    return status;
}

/** Installs the shared decoder into `@pulumi/policy`; idempotent, and never throws. */
export function installDecodeOnce(): void {
    if (status.installed) {
        return;
    }
    try {
        const version = String(require("@pulumi/policy/package.json").version).replace(/^v/, "");
        if (version !== CHECKED_POLICY_SDK_VERSION) {
            status = { installed: false, why: `@pulumi/policy ${version} is not the checked ${CHECKED_POLICY_SDK_VERSION}` };
            return;
        }
        const module: { deserializeProperties?: Decoder } = require("@pulumi/policy/deserialize");
        const decode = module.deserializeProperties;
        if (typeof decode !== "function") {
            status = { installed: false, why: "@pulumi/policy/deserialize has no deserializeProperties" };
            return;
        }
        module.deserializeProperties = (struct, proxySecrets) => {
            // The secret-preserving form (remediation) wraps values in proxies of its own: left alone.
            if (proxySecrets || struct === null || typeof struct !== "object") {
                return decode(struct, proxySecrets);
            }
            const holder = struct as { [DECODED]?: Record<string, unknown> };
            let props = holder[DECODED];
            if (props === undefined) {
                props = decode(struct, proxySecrets);
                Object.defineProperty(props, SHARED, { value: true });
                Object.defineProperty(holder, DECODED, { value: props });
            }
            return props;
        };
        status = { installed: true };
    } catch (e) {
        status = { installed: false, why: `@pulumi/policy's decoder could not be loaded: ${(e as Error).message}` };
    }
}
