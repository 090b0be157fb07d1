/**
 * Bucket policies to judge: half built at random from the pieces IAM offers, half mutations of
 * correct ones (the mistakes people make editing a working policy). fast-check arbitraries, so a
 * disagreement shrinks to a minimal reproduction.
 */
import * as fc from "fast-check";
import { ACCOUNT, BUCKET_ARN, CMK, CONFIGS, Case, Doc, EXEMPT, FOREIGN_KEY, KEY_ID, OTHER_KEY, PARTNER_ACCOUNT, SSE, SSE_C, Statement, WRITER } from "./world";

const OBJECTS = `${BUCKET_ARN}/*`;
const deny = (Sid: string, Condition: Statement["Condition"]): Statement => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: OBJECTS, Condition });

/** Correct policies as people write them (the component's, the AWS documentation's, the shortest). */
export const BASES: Doc[] = [
    {
        Version: "2012-10-17",
        Statement: [
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, OBJECTS], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            deny("DenyUnencryptedUploads", { Null: { [SSE]: "true" } }),
            deny("DenyWrongAlgorithm", { StringNotEquals: { [SSE]: "aws:kms" }, Null: { [SSE]: "false" } }),
            deny("DenyKmsWithoutKeyId", { Null: { [SSE]: "false", [KEY_ID]: "true" } }),
            deny("DenyWrongKmsKey", { StringNotEquals: { [KEY_ID]: CMK }, Null: { [KEY_ID]: "false" } }),
            deny("DenySseC", { Null: { [SSE_C]: "false" } }),
        ],
    },
    {
        Version: "2012-10-17",
        Statement: [
            deny("DenyIncorrectEncryptionHeader", { StringNotEquals: { [SSE]: "aws:kms" } }),
            deny("DenyIncorrectKmsKey", { StringNotEquals: { [KEY_ID]: CMK } }),
            deny("DenySseC", { Null: { [SSE_C]: "false" } }),
        ],
    },
    { Version: "2012-10-17", Statement: [deny("OnlyTheCmk", { StringNotEquals: { [KEY_ID]: CMK } }), deny("NoDsse", { StringEquals: { [SSE]: "aws:kms:dsse" } })] },
    {
        Version: "2012-10-17",
        Statement: [
            deny("WrongAlgorithmIfSent", { StringNotEquals: { [SSE]: "aws:kms" }, Null: { [SSE]: "false" } }),
            deny("WrongKeyIfSent", { StringNotEqualsIfExists: { [KEY_ID]: CMK }, Null: { [SSE]: "false" } }),
            deny("NoSseC", { Null: { [SSE_C]: "false" } }),
        ],
    },
];

const BASE_OPERATORS = [
    "StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Null", "Bool", "NumericEquals",
];
const KEYS = [SSE, KEY_ID, SSE_C, "aws:PrincipalAccount", "aws:SecureTransport"];
const VALUES: Record<string, string[]> = {
    [SSE]: ["aws:kms", "aws:kms:dsse", "AES256", "aws:kms*", "aws:*", "*", "AWS:KMS"],
    [KEY_ID]: [CMK, OTHER_KEY, FOREIGN_KEY, `arn:aws:kms:*:${ACCOUNT}:key/*`, "arn:aws:kms:*", "*", CMK.split("/")[1], CMK.toUpperCase(), `${CMK}*`],
    [SSE_C]: ["AES256", "*"],
    "aws:PrincipalAccount": [ACCOUNT, PARTNER_ACCOUNT],
    "aws:SecureTransport": ["true", "false"],
};
const ANY_VALUES = ["true", "false", ...new Set(Object.values(VALUES).flat())];

const PRINCIPALS: unknown[] = ["*", { AWS: "*" }, { AWS: ["*"] }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: WRITER }, { AWS: ACCOUNT }, { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` }, { Service: "s3.amazonaws.com" }];
const NOT_PRINCIPALS: unknown[] = [{ AWS: EXEMPT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: [EXEMPT, `arn:aws:iam::${ACCOUNT}:root`] }];
const ACTIONS: unknown[] = ["s3:PutObject", "s3:Put*", "s3:*", "*", "s3:putobject", "S3:PUTOBJECT", ["s3:GetObject", "s3:PutObject"], "s3:PutObjectAcl", "s3:P?tObject", "s3:GetObject", "s3:*Object"];
const NOT_ACTIONS: unknown[] = ["s3:GetObject", "s3:PutObject", "s3:Get*", ["s3:DeleteObject", "s3:GetObject"]];
const RESOURCES: unknown[] = [OBJECTS, `${BUCKET_ARN}*`, "*", BUCKET_ARN, `${BUCKET_ARN}/reports/*`, "arn:aws:s3:::*/*", "arn:aws:s3:::other-bucket/*", [BUCKET_ARN, OBJECTS], `${BUCKET_ARN}/*.csv`, `${BUCKET_ARN}/?*`];
const NOT_RESOURCES: unknown[] = ["arn:aws:s3:::other-bucket/*", `${BUCKET_ARN}/reports/*`, BUCKET_ARN];

type Element = "Principal" | "NotPrincipal" | "Action" | "NotAction" | "Resource" | "NotResource";
/** Each statement element, the values it is given, and the element it excludes. */
const ELEMENTS: Record<Element, { pool: unknown[]; excludes: Element }> = {
    Principal: { pool: PRINCIPALS, excludes: "NotPrincipal" },
    NotPrincipal: { pool: NOT_PRINCIPALS, excludes: "Principal" },
    Action: { pool: ACTIONS, excludes: "NotAction" },
    NotAction: { pool: NOT_ACTIONS, excludes: "Action" },
    Resource: { pool: RESOURCES, excludes: "NotResource" },
    NotResource: { pool: NOT_RESOURCES, excludes: "Resource" },
};

/** An operator name: a base, maybe `IfExists`, maybe a set prefix, maybe in another case. */
const operator: fc.Arbitrary<string> = fc
    .record({
        base: fc.constantFrom(...BASE_OPERATORS),
        ifExists: fc.boolean(),
        set: fc.constantFrom("", "", "ForAnyValue:", "ForAllValues:"),
        spelling: fc.constantFrom("as is", "as is", "as is", "lower", "upper"),
    })
    .map(({ base, ifExists, set, spelling }) => respell(`${set}${base}${ifExists ? "IfExists" : ""}`, spelling));

function respell(s: string, spelling: string): string {
    return spelling === "lower" ? s.toLowerCase() : spelling === "upper" ? s.toUpperCase() : s;
}

const conditionKey: fc.Arbitrary<string> = fc
    .tuple(fc.constantFrom(...KEYS), fc.constantFrom("as is", "as is", "as is", "upper", "title"))
    .map(([k, spelling]) => (spelling === "title" ? k.replace(/(^|[-:])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase()) : respell(k, spelling)));

function valuesFor(key: string): fc.Arbitrary<unknown> {
    const own = VALUES[KEYS.find((k) => k === key.toLowerCase()) ?? ""] ?? ANY_VALUES;
    const one = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...ANY_VALUES) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false) });
    return fc.oneof({ weight: 3, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }) });
}

const conditionBlock: fc.Arbitrary<Record<string, unknown>> = fc
    .array(conditionKey.chain((k) => valuesFor(k).map((v) => [k, v] as const)), { minLength: 1, maxLength: 2 })
    .map((entries) => Object.fromEntries(entries));

const condition = fc.dictionary(operator, conditionBlock, { minKeys: 1, maxKeys: 3 });

const statement: fc.Arbitrary<Statement> = fc
    .record({
        effect: fc.constantFrom("Deny", "Deny", "Deny", "Allow"),
        who: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PRINCIPALS).map((p) => ({ Principal: p })) }, { weight: 1, arbitrary: fc.constantFrom(...NOT_PRINCIPALS).map((p) => ({ NotPrincipal: p })) }),
        what: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ACTIONS).map((a) => ({ Action: a })) }, { weight: 1, arbitrary: fc.constantFrom(...NOT_ACTIONS).map((a) => ({ NotAction: a })) }),
        where: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...RESOURCES).map((r) => ({ Resource: r })) }, { weight: 1, arbitrary: fc.constantFrom(...NOT_RESOURCES).map((r) => ({ NotResource: r })) }),
        condition: fc.option(condition, { freq: 5 }),
    })
    .map(({ effect, who, what, where, condition: c }) => ({ Effect: effect, ...who, ...what, ...where, ...(c ? { Condition: c } : {}) }));

export const randomDoc: fc.Arbitrary<Doc> = fc.array(statement, { minLength: 1, maxLength: 5 }).map((Statement) => ({ Version: "2012-10-17", Statement }));

/** One edit of a policy; indices wrap around, so any edit applies to any document. */
type Mutation =
    | { kind: "drop-statement"; at: number }
    | { kind: "operator"; at: number; op: number; to: string }
    | { kind: "if-exists" | "respell-operator" | "respell-key" | "drop-operator"; at: number; op: number }
    | { kind: "set-prefix"; at: number; op: number; prefix: string }
    | { kind: "swap-key"; at: number; op: number; to: string }
    | { kind: "value" | "add-value"; at: number; op: number; value: unknown }
    | { kind: "element"; at: number; element: Element; to: unknown }
    | { kind: "allow"; at: number }
    | { kind: "add-condition"; at: number; op: string; block: Record<string, unknown> }
    | { kind: "add-statement"; statement: Statement }
    | { kind: "allow-partner" }
    | { kind: "reverse" }
    /** Rewrites that keep the meaning: what people's equivalent policies look like. */
    | { kind: "drop-sid" | "listify"; at: number };

const at = fc.nat(7);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("drop-statement" as const), at }),
    fc.record({ kind: fc.constant("operator" as const), at, op: at, to: operator }),
    fc.record({ kind: fc.constantFrom("if-exists" as const, "respell-operator" as const, "respell-key" as const, "drop-operator" as const), at, op: at }),
    fc.record({ kind: fc.constant("set-prefix" as const), at, op: at, prefix: fc.constantFrom("ForAnyValue:", "ForAllValues:", "foranyvalue:") }),
    fc.record({ kind: fc.constant("swap-key" as const), at, op: at, to: conditionKey }),
    fc.record({ kind: fc.constantFrom("value" as const, "add-value" as const), at, op: at, value: fc.constantFrom<unknown>(...ANY_VALUES, true, false) }),
    ...(Object.keys(ELEMENTS) as Element[]).map((element) =>
        fc.record({ kind: fc.constant("element" as const), at, element: fc.constant(element), to: fc.constantFrom(...ELEMENTS[element].pool) })),
    fc.record({ kind: fc.constant("allow" as const), at }),
    fc.record({ kind: fc.constant("add-condition" as const), at, op: operator, block: conditionBlock }),
    fc.record({ kind: fc.constant("add-statement" as const), statement }),
    fc.record({ kind: fc.constant("allow-partner" as const) }),
    fc.record({ kind: fc.constant("reverse" as const) }),
    fc.record({ kind: fc.constantFrom("drop-sid" as const, "listify" as const), at }),
);

/** Applies `m` to a deep copy of `doc`. */
export function mutate(doc: Doc, m: Mutation): Doc {
    const out = JSON.parse(JSON.stringify(doc)) as Doc;
    const list = out.Statement;
    if (m.kind === "add-statement") {
        list.push(m.statement);
        return out;
    }
    if (m.kind === "reverse") {
        list.reverse();
        return out;
    } else if (m.kind === "allow-partner") {
        list.push({ Sid: "PartnerWrites", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` }, Action: "s3:PutObject", Resource: OBJECTS });
        return out;
    }
    if (list.length === 0) {
        return out;
    }
    const i = m.at % list.length;
    const s = list[i];
    const ops = Object.keys(s.Condition ?? {});
    const opName = "op" in m && typeof m.op === "number" && ops.length > 0 ? ops[m.op % ops.length] : undefined;
    const block = opName ? s.Condition![opName] : undefined;
    const firstKey = block ? Object.keys(block)[0] : undefined;
    const renameOp = (to: string) => {
        if (opName && to !== opName) {
            s.Condition![to] = { ...(s.Condition![to] ?? {}), ...block };
            delete s.Condition![opName];
        }
    };
    switch (m.kind) {
        case "drop-statement":
            list.splice(i, 1);
            break;
        case "operator":
            renameOp(m.to);
            break;
        case "if-exists":
            renameOp(opName && !/IfExists$/i.test(opName) ? `${opName}IfExists` : opName ?? "");
            break;
        case "respell-operator":
            renameOp(opName ? opName.toLowerCase() : "");
            break;
        case "set-prefix":
            renameOp(opName && !opName.includes(":") ? `${m.prefix}${opName}` : opName ?? "");
            break;
        case "drop-operator":
            if (opName) {
                delete s.Condition![opName];
            }
            break;
        case "respell-key":
        case "swap-key":
            if (block && firstKey) {
                const to = m.kind === "swap-key" ? m.to : firstKey.toUpperCase();
                const v = block[firstKey];
                delete block[firstKey];
                block[to] = v;
            }
            break;
        case "value":
            if (block && firstKey) {
                block[firstKey] = m.value;
            }
            break;
        case "add-value":
            if (block && firstKey) {
                block[firstKey] = [...[block[firstKey]].flat(), m.value];
            }
            break;
        case "element":
            delete s[ELEMENTS[m.element].excludes];
            s[m.element] = m.to;
            break;
        case "allow":
            s.Effect = "Allow";
            break;
        case "drop-sid":
            delete s.Sid;
            break;
        case "listify":
            for (const field of ["Action", "Resource"] as const) {
                s[field] = s[field] === undefined ? undefined : [s[field]].flat();
            }
            break;
        case "add-condition":
            s.Condition = { ...(s.Condition ?? {}), [m.op]: { ...(s.Condition?.[m.op] ?? {}), ...m.block } };
            break;
    }
    return out;
}

export const mutatedDoc: fc.Arbitrary<Doc> = fc
    .tuple(fc.nat(BASES.length - 1), fc.array(mutation, { minLength: 0, maxLength: 3 }))
    .map(([b, ms]) => ms.reduce(mutate, BASES[b]));

const setting = { config: fc.constantFrom(...CONFIGS), sseCBlocked: fc.boolean() };

/** Half random documents, half mutations of correct ones, under every config and SSE-C setting. */
export const fuzzCase: fc.Arbitrary<Case> = fc.oneof(
    fc.record({ origin: fc.constant("random" as const), doc: randomDoc, ...setting }),
    fc.record({ origin: fc.constant("mutation" as const), doc: mutatedDoc, ...setting }),
);
