/**
 * IAM `Condition` blocks evaluated over a request whose context values may be symbolic (the
 * bucket's key, or any key but it), giving `Tri`. Semantics from the IAM reference: keys are
 * case-insensitive; several values under one key are ORed, several keys and operators ANDed; a
 * missing key fails positive operators and satisfies negated ones, `...IfExists` and
 * `ForAllValues:`; `Null` tests presence.
 */
import { Value, asList, isObject, isUnknown } from "../known";
import { Tri, and, not, or } from "./tri";
import { hasWildcard, wildcardMatch } from "./wildcard";

/** A request's value for one condition key. */
export type RequestValue =
    | { kind: "absent" }
    | { kind: "exact"; value: string }
    /** The bucket's own customer-managed key. */
    | { kind: "cmk" }
    /** Any key other than the bucket's: whichever one the uploader picks. */
    | { kind: "other-key" };

export interface RequestContext {
    /** The request's value for a lower-cased condition key; `undefined` for keys not modelled. */
    value(key: string): RequestValue | undefined;
    /** The bucket key's ARN, where known. */
    cmkArn?: string;
    /**
     * Whether a value unknown in preview, inside this policy, can only be the bucket's key: true
     * when the policy is computed from that key and no other (see the README).
     */
    unknownIsCmk: boolean;
}

interface Operator {
    base: string;
    negated: boolean;
    ifExists: boolean;
    set?: "any" | "all";
}

function parseOperator(name: string): Operator {
    let rest = name;
    let set: Operator["set"];
    const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
    if (prefix) {
        set = prefix[1].toLowerCase() === "foranyvalue" ? "any" : "all";
        rest = rest.slice(prefix[0].length);
    }
    const ifExists = /IfExists$/.test(rest);
    if (ifExists) {
        rest = rest.slice(0, -"IfExists".length);
    }
    const negated = /^(String|Arn|Numeric|Date)Not/.test(rest);
    return { base: rest.replace(/^(String|Arn|Numeric|Date)Not/, "$1"), negated, ifExists, set };
}

export function evaluateCondition(condition: Value, ctx: RequestContext): Tri {
    if (condition === undefined) {
        return true;
    }
    if (!isObject(condition)) {
        return "maybe";
    }
    const results: Tri[] = [];
    for (const [opName, block] of Object.entries(condition)) {
        if (!isObject(block)) {
            return "maybe";
        }
        const op = parseOperator(opName);
        for (const [key, values] of Object.entries(block)) {
            const req = ctx.value(key.toLowerCase());
            results.push(req === undefined ? "maybe" : evaluateOne(op, req, asList(values), ctx));
        }
    }
    return and(...results);
}

function evaluateOne(op: Operator, req: RequestValue, values: Value[], ctx: RequestContext): Tri {
    if (op.base === "Null") {
        return or(...values.map((v) => {
            const wantsAbsent = typeof v === "boolean" ? v : typeof v === "string" ? v.toLowerCase() === "true" : undefined;
            return wantsAbsent === undefined ? "maybe" : (req.kind === "absent") === wantsAbsent;
        }));
    }
    if (req.kind === "absent") {
        if (op.set) {
            return op.set === "all";
        }
        return op.ifExists || op.negated;
    }
    const test = comparison(op.base);
    if (!test || values.length === 0) {
        return "maybe";
    }
    const matched = or(...values.map((v) => test(v, req, ctx)));
    return op.negated ? not(matched) : matched;
}

type Comparison = (conditionValue: Value, req: RequestValue, ctx: RequestContext) => Tri;

function comparison(base: string): Comparison | undefined {
    switch (base) {
        case "StringEquals":
        case "ArnEquals":
        case "ArnLike":
        case "StringLike":
            // ArnEquals matches wildcards just as ArnLike does.
            return (v, req, ctx) => compare(v, req, ctx, base !== "StringEquals", false);
        case "StringEqualsIgnoreCase":
            return (v, req, ctx) => compare(v, req, ctx, false, true);
        case "Bool":
            return (v, req, ctx) => compare(typeof v === "boolean" ? String(v) : v, req, ctx, false, true);
        default:
            return undefined;
    }
}

function compare(v: Value, req: RequestValue, ctx: RequestContext, wildcards: boolean, ignoreCase: boolean): Tri {
    if (isUnknown(v)) {
        return symbolicUnknown(req, ctx);
    }
    if (typeof v !== "string" || v.includes("${")) {
        // Policy variables and non-strings: nothing here can be proven about what they match.
        return "maybe";
    }
    const matches = (value: string) => (wildcards ? wildcardMatch(v, value, ignoreCase) : ignoreCase ? v.toLowerCase() === value.toLowerCase() : v === value);
    switch (req.kind) {
        case "exact":
            return matches(req.value);
        case "cmk":
            if (ctx.cmkArn !== undefined) {
                return matches(ctx.cmkArn);
            }
            // A key not created yet has no ARN anyone could have written down.
            return wildcards && hasWildcard(v) ? "maybe" : false;
        case "other-key": {
            if (wildcards && /^\*+$/.test(v)) {
                return true;
            }
            const namesCmk = !(wildcards && hasWildcard(v)) && ctx.cmkArn !== undefined && matches(ctx.cmkArn);
            // The uploader may name any key, so it can match any value other than the bucket's own.
            return namesCmk ? false : "maybe";
        }
        case "absent":
            return false;
    }
}

function symbolicUnknown(req: RequestValue, ctx: RequestContext): Tri {
    if (!ctx.unknownIsCmk) {
        return "maybe";
    }
    return req.kind === "cmk" ? true : req.kind === "other-key" ? false : "maybe";
}
