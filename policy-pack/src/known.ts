/**
 * Resource properties as plain data, with unknown values made explicit.
 *
 * `@pulumi/policy` hands policies a proxy that throws on any value unknown during preview, and
 * turns that throw into an advisory "can't run policy during preview" note: a mandatory policy
 * that touches an unknown value stops enforcing. Every property read in this pack goes through
 * `readValue`, so unknowns become the `UNKNOWN` marker and each rule decides what it means.
 */

export class UnknownValue {
    // A private member makes the type nominal: strings and plain objects are never UnknownValue.
    private readonly description = "(unknown until the resources it depends on exist)";

    toString(): string {
        return this.description;
    }
}

export const UNKNOWN = new UnknownValue();

export type Value = string | number | boolean | null | undefined | UnknownValue | Value[] | { [key: string]: Value };
export type ValueObject = { [key: string]: Value };

/** The engine's wire form of unknown values (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go). */
const SENTINELS: ReadonlySet<string> = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

// @pulumi/policy's proxy hands out its raw target under this key. Reading plain data is several
// times cheaper than reading through the proxy, which allocates a proxy per access and an
// exception (with a stack trace) per unknown; on a large stack that is most of a policy's cost.
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The plain data behind @pulumi/policy's proxy; the proxy itself if it no longer offers it. */
export function unwrapProxy(props: unknown): unknown {
    const raw = props !== null && typeof props === "object" ? (props as Record<string, unknown>)[PROXY_TARGET] : undefined;
    return raw !== null && typeof raw === "object" ? raw : props;
}

// The proxy's error carries the sentinel it met; matched by shape because the class is not exported.
function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && "unknownTypeSentinel" in e;
}

/** `container[key]` as plain data; never throws on unknowns. */
export function readProperty(container: any, key: string | number): Value {
    try {
        return readValue(container[key]);
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** A copy of `value` (proxied or plain) as plain data; never throws on unknowns. */
export function readValue(value: unknown): Value {
    if (typeof value === "string") {
        return SENTINELS.has(value) ? UNKNOWN : value;
    }
    if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean") {
        return value;
    }
    if (value instanceof UnknownValue) {
        return value;
    }
    if (Array.isArray(value)) {
        const out: Value[] = [];
        for (let i = 0; i < value.length; i++) {
            out.push(readProperty(value, i));
        }
        return out;
    }
    if (typeof value === "object") {
        const out: ValueObject = {};
        for (const key of Object.keys(value)) {
            out[key] = readProperty(value, key);
        }
        return out;
    }
    // Functions, symbols and bigints never come out of deserialized properties.
    return undefined;
}

export function isUnknown(v: Value): v is UnknownValue {
    return v instanceof UnknownValue;
}

export function isObject(v: Value): v is ValueObject {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof UnknownValue);
}

/**
 * The value at `path`: `UNKNOWN` as soon as anything along the way is unknown, `undefined` when
 * the path is missing or runs through the wrong shape.
 */
export function field(v: Value, ...path: (string | number)[]): Value {
    let cur = v;
    for (const step of path) {
        if (isUnknown(cur)) {
            return cur;
        }
        if (typeof step === "number" ? !Array.isArray(cur) : !isObject(cur)) {
            return undefined;
        }
        cur = (cur as any)[step];
    }
    return cur;
}

/**
 * Every value at `path`, where `"[]"` steps into each element of a list. Older bridged state holds
 * a one-element list where the schema now has an object, and a lone object where a list is
 * expected, so a named step unwraps a one-element list and `"[]"` takes a lone value as a list of
 * one. An unknown part on the way is one `UNKNOWN` value: it may hold any number of values.
 */
export function valuesAt(v: Value, path: readonly string[]): Value[] {
    if (isUnknown(v)) {
        return [v];
    }
    if (path.length === 0) {
        return v === undefined || v === null ? [] : [v];
    }
    const [step, ...rest] = path;
    if (step === "[]") {
        return asList(v).flatMap((item) => valuesAt(item, rest));
    }
    const container = Array.isArray(v) && v.length === 1 ? v[0] : v;
    return isObject(container) ? valuesAt(container[step], rest) : isUnknown(container) ? [container] : [];
}

/** A list as IAM and the providers accept it: one value or an array of them. */
export function asList(v: Value): Value[] {
    return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

export function nonEmptyString(v: Value): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

export function containsUnknown(v: Value): boolean {
    return isUnknown(v) || (Array.isArray(v) ? v.some(containsUnknown) : isObject(v) && Object.values(v).some(containsUnknown));
}

/** For messages: what was found, in a form a reader recognises. */
export function show(v: Value): string {
    if (isUnknown(v)) {
        return "an unknown value";
    }
    if (v === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(v, (_k, x) => (x instanceof UnknownValue ? "<unknown>" : x));
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
