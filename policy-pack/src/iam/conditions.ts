/**
 * IAM `Condition` blocks evaluated over a request whose context values may be symbolic (the
 * bucket's key, or any key but it), giving `Tri`. Semantics from the IAM reference: keys are
 * case-insensitive; several values under one key are ORed, several keys and operators ANDed; a
 * missing key fails positive operators and satisfies negated ones, `...IfExists` and
 * `ForAllValues:`; `Null` tests presence. What AWS does not document (an ARN operator on a value
 * that is not an ARN, `Bool` on a string key, `NullIfExists`, a `Null` value other than true or
 * false, an operator with no keys) is `"maybe"`, and the reason goes to `RequestContext.note`.
 */
import { Value, asList, isObject, isUnknown } from "../known";
import { Tri, both, either, not } from "./tri";
import { hasWildcard, wildcardMatch } from "./wildcard";

/** A request's value for one condition key. */
export type RequestValue =
    | { kind: "absent" }
    | { kind: "exact"; value: string }
    /** The bucket's own customer-managed key. */
    | { kind: "cmk" }
    /** Any key other than the bucket's: whichever one the uploader picks. */
    | { kind: "other-key" }
    /** Any value but those listed: a writer other than the ones a policy must let through. */
    | { kind: "other-than"; values: readonly string[] }
    /** A boolean key such as `aws:SecureTransport`. */
    | { kind: "bool"; value: boolean };

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
    /** Told why a condition could not be judged because AWS leaves its behaviour undocumented. */
    note?: (why: string) => void;
}

interface Operator {
    base: string;
    negated: boolean;
    ifExists: boolean;
    set?: "any" | "all";
}

// Policies repeat a handful of operator names across thousands of buckets: parsed once each.
const parsedOperators = new Map<string, Operator>();

function parseOperator(name: string): Operator {
    let op = parsedOperators.get(name);
    if (op === undefined) {
        op = parseOperatorName(name);
        parsedOperators.set(name, op);
    }
    return op;
}

function parseOperatorName(name: string): Operator {
    let rest = name;
    let set: Operator["set"];
    // Operator names are matched as AWS spells them: other spellings are unknown operators.
    const prefix = /^(ForAnyValue|ForAllValues):/.exec(rest);
    if (prefix) {
        set = prefix[1] === "ForAnyValue" ? "any" : "all";
        rest = rest.slice(prefix[0].length);
    }
    const ifExists = /IfExists$/.test(rest);
    if (ifExists) {
        rest = rest.slice(0, -"IfExists".length);
    }
    const negated = /^(String|Arn|Numeric|Date)Not/.test(rest);
    return { base: rest.replace(/^(String|Arn|Numeric|Date)Not/, "$1"), negated, ifExists, set };
}

/** One operator and condition key of a Condition block, with its values as a list; or an operator with no key at all. */
type Clause =
    | { kind: "key"; opName: string; op: Operator; key: string; lowerKey: string; values: Value[] }
    | { kind: "no-key"; opName: string };

/** A Condition block read once: judged against many requests, it is not walked again for each. */
export interface CompiledCondition {
    /** In the block's order, so that notes come out in it. */
    clauses: Clause[];
    /**
     * Set when the block, or one of its operators, is not an object: the result is "maybe" whatever
     * the clauses say (the clauses read before it still leave their notes, as they did before).
     */
    malformed: boolean;
}

/** No Condition at all compiles to no clauses: the statement applies to every request. */
export function compileCondition(condition: Value): CompiledCondition {
    const compiled: CompiledCondition = { clauses: [], malformed: false };
    if (condition === undefined) {
        return compiled;
    }
    if (!isObject(condition)) {
        compiled.malformed = true;
        return compiled;
    }
    for (const opName of Object.keys(condition)) {
        const block = condition[opName];
        if (!isObject(block)) {
            compiled.malformed = true;
            return compiled;
        }
        const op = parseOperator(opName);
        const keys = Object.keys(block);
        if (keys.length === 0) {
            compiled.clauses.push({ kind: "no-key", opName });
        }
        for (const key of keys) {
            compiled.clauses.push({ kind: "key", opName, op, key, lowerKey: key.toLowerCase(), values: asList(block[key]) });
        }
    }
    return compiled;
}

/**
 * Whether the condition holds for the request `ctx` stands for. Every clause is judged, even after
 * one is false, so that each leaves its note in the same order whatever the request.
 */
export function evaluateCompiled(c: CompiledCondition, ctx: RequestContext): Tri {
    let result: Tri = true;
    for (const clause of c.clauses) {
        let t: Tri;
        if (clause.kind === "no-key") {
            ctx.note?.(`${clause.opName} names no condition key (what AWS does with an empty operator block is undocumented)`);
            t = "maybe";
        } else {
            const req = ctx.value(clause.lowerKey);
            t = req === undefined ? "maybe" : evaluateOne(clause.opName, clause.op, clause.key, req, clause.values, ctx);
        }
        result = both(result, t);
    }
    return c.malformed ? "maybe" : result;
}

function evaluateOne(opName: string, op: Operator, key: string, req: RequestValue, values: Value[], ctx: RequestContext): Tri {
    const undocumented = (why: string): Tri => {
        ctx.note?.(`${opName} on ${key}: ${why}`);
        return "maybe";
    };
    if (op.base === "Null") {
        if (op.ifExists || op.set) {
            // "You can add IfExists to the end of any condition operator name except the Null condition."
            return undocumented("Null takes no IfExists or set prefix (AWS documents none)");
        }
        let any: Tri = false;
        for (const v of values) {
            const wantsAbsent = v === true || v === "true" ? true : v === false || v === "false" ? false : undefined;
            const t: Tri = wantsAbsent === undefined ? undocumented(`the value ${JSON.stringify(v)} is neither true nor false`) : (req.kind === "absent") === wantsAbsent;
            any = either(any, t);
        }
        return any;
    }
    if (op.base === "Bool" && req.kind === "bool" && !op.set) {
        let any: Tri = false;
        for (const v of values) {
            const wanted = v === true || v === "true" ? true : v === false || v === "false" ? false : undefined;
            any = either(any, wanted === undefined ? undocumented(`the value ${JSON.stringify(v)} is neither true nor false`) : wanted === req.value);
        }
        return any;
    }
    if (op.base === "Bool") {
        // The keys modelled here are strings; Bool is documented for boolean keys only.
        return undocumented("Bool compares booleans, and this key holds a string (what AWS does then is undocumented)");
    }
    if (req.kind === "bool") {
        return undocumented("a string operator on a boolean key (what AWS does then is undocumented)");
    }
    if (req.kind === "absent") {
        if (op.set) {
            return op.set === "all";
        }
        return op.ifExists || op.negated;
    }
    if (op.base.startsWith("Arn") && req.kind !== "cmk" && req.kind !== "other-than" && !(req.kind === "exact" && ARN.test(req.value))) {
        // The uploader's header values need not be ARNs, and AWS does not say what an ARN operator
        // does with a value that is not one.
        return undocumented("an ARN operator on a header whose values need not be ARNs (what AWS does with a value that is not an ARN is undocumented)");
    }
    const test = COMPARISONS.get(op.base);
    if (!test) {
        return undocumented(DOCUMENTED_OPERATORS.test(op.base)
            ? "it compares numbers, dates, addresses or binary data, and this key holds a string"
            : "not a condition operator as AWS spells it (case and spelling of other operator names are undocumented)");
    }
    if (values.length === 0) {
        return "maybe";
    }
    let matched: Tri = false;
    for (const v of values) {
        matched = either(matched, test(v, req, ctx));
    }
    return op.negated ? not(matched) : matched;
}


/** Operator names (negations folded in) as the IAM "Condition operators" page spells them. */
const DOCUMENTED_OPERATORS = /^(String(Equals|EqualsIgnoreCase|Like)|Numeric(Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)|Date(Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)|Bool|BinaryEquals|IpAddress|NotIpAddress|Arn(Equals|Like)|Null)$/;

const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

type Comparison = (conditionValue: Value, req: RequestValue, ctx: RequestContext) => Tri;

const COMPARISONS: ReadonlyMap<string, Comparison> = new Map<string, Comparison>([
    ["StringEquals", (v, req, ctx) => compare(v, req, ctx, false, false)],
    ["StringLike", (v, req, ctx) => compare(v, req, ctx, true, false)],
    // Only the bucket's own key ARN reaches the ARN operators. AWS matches ARN patterns part by
    // part; only an exact ARN without wildcards is judged.
    ["ArnEquals", arnComparison],
    ["ArnLike", arnComparison],
    ["StringEqualsIgnoreCase", (v, req, ctx) => compare(v, req, ctx, false, true)],
]);

function arnComparison(v: Value, req: RequestValue, ctx: RequestContext): Tri {
    return isUnknown(v) || (typeof v === "string" && !hasWildcard(v) && ARN.test(v)) ? compare(v, req, ctx, false, false) : "maybe";
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
        case "other-than": {
            if (wildcards && /^\*+$/.test(v)) {
                return true;
            }
            const listed = !(wildcards && hasWildcard(v)) && req.values.some(matches);
            // Any other value may be this one, unless it is one of those excluded.
            return listed ? false : "maybe";
        }
        case "absent":
            return false;
        case "bool":
            // Turned away before any comparison (evaluateOne).
            return "maybe";
    }
}

function symbolicUnknown(req: RequestValue, ctx: RequestContext): Tri {
    if (!ctx.unknownIsCmk) {
        return "maybe";
    }
    return req.kind === "cmk" ? true : req.kind === "other-key" ? false : "maybe";
}
