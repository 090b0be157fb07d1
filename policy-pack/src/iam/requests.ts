/**
 * The requests a bucket policy must deny (uploads, or directory-bucket sessions), and which of
 * them its deny statements do not provably deny. Shared by uploads.ts and sessions.ts, which only
 * say what the requests are and which statements deny every one of them.
 */
import { ValueObject } from "../known";
import { CompiledCondition, RequestContext, RequestValue, compileCondition, evaluateCompiled } from "./conditions";
import { statementLabel } from "./document";
import { Tri } from "./tri";

/**
 * The encryption a write request asks for (an upload, or a directory bucket's session): the
 * algorithm header it sends (none when absent), the key id it names (none, the bucket's key, or
 * any other), and whether it sends a customer-provided key (SSE-C).
 */
export interface WriteRequest {
    algorithm?: "AES256" | "aws:kms" | "aws:kms:dsse";
    key: "absent" | "cmk" | "other-key";
    customerKey?: boolean;
}

/** A request to deny: what it asks for, and its value for each modelled condition key. */
export interface DeniableRequest {
    asks: WriteRequest;
    values: Readonly<Record<string, RequestValue>>;
}

export interface KeyFacts {
    cmkArn?: string;
    unknownIsCmk: boolean;
}

export interface UploadGaps {
    /** The requests the statements do not provably deny; empty when it enforces. */
    undenied: WriteRequest[];
    /** Conditions of deny statements not relied upon because AWS does not document what they do. */
    undocumented: string[];
}

/** A header as a request sends it: a value, or none. */
export function header(value: string | undefined): RequestValue {
    return value === undefined ? { kind: "absent" } : { kind: "exact", value };
}

export function request(asks: WriteRequest, values: Record<string, RequestValue>): DeniableRequest {
    // No prototype: a condition key such as "constructor" is simply not modelled.
    return { asks, values: Object.assign(Object.create(null), values) };
}

/** A denying statement's condition, read once, with the context it is judged in and its label. */
interface Denial {
    label: string;
    condition: CompiledCondition;
    ctx: RequestContext;
}

/**
 * The statements that deny every principal all of the writes (`deniesAll`), each read once and
 * pointed at each request in turn: thousands of buckets are judged per stack, and a context per
 * request and statement was most of what this allocated. `at` says which request is judged.
 */
function compileDenials(statements: ValueObject[], deniesAll: (s: ValueObject) => Tri, keys: KeyFacts, at: () => DeniableRequest | undefined, note: (why: string) => void): Denial[] {
    return statements.flatMap((s, i): Denial[] => {
        if (deniesAll(s) !== true) {
            return [];
        }
        const label = statementLabel(s, i);
        return [{ label, condition: compileCondition(s.Condition), ctx: { value: (key) => at()?.values[key], cmkArn: keys.cmkArn, unknownIsCmk: keys.unknownIsCmk, note: (why) => note(`${label}: ${why}`) } }];
    });
}

export function undeniedRequests(statements: ValueObject[], deniesAll: (s: ValueObject) => Tri, requests: readonly DeniableRequest[], keys: KeyFacts): UploadGaps {
    const undocumented = new Set<string>();
    let current: DeniableRequest | undefined;
    const denials = compileDenials(statements, deniesAll, keys, () => current, (why) => undocumented.add(why));
    const undenied: WriteRequest[] = [];
    for (const r of requests) {
        current = r;
        if (!denials.some(({ condition, ctx }) => evaluateCompiled(condition, ctx) === true)) {
            undenied.push(r.asks);
        }
    }
    return { undenied, undocumented: undenied.length > 0 ? [...undocumented] : [] };
}

/** The labels of the statements that provably deny `request` to every principal; empty when none does. */
export function denyingStatements(statements: ValueObject[], deniesAll: (s: ValueObject) => Tri, request: DeniableRequest, keys: KeyFacts): string[] {
    return compileDenials(statements, deniesAll, keys, () => request, () => undefined)
        .filter(({ condition, ctx }) => evaluateCompiled(condition, ctx) === true)
        .map((d) => d.label);
}
