/**
 * `aws:iam/getPolicyDocument:getPolicyDocument` as the AWS provider computes it, offline. The
 * provider is the Terraform data source `aws_iam_policy_document`
 * (hashicorp/terraform-provider-aws, internal/service/iam/policy_document_data_source.go and
 * policy_model.go); its rendering rules are reproduced here so that the policy pack judges the
 * same JSON `pulumi up` would store:
 * - `Version` defaults to 2012-10-17, `Effect` to Allow; empty fields are left out;
 * - a set of strings (actions, resources, principal identifiers) with one member is a string,
 *   otherwise the members, deduplicated, in reverse lexicographic order;
 * - condition values keep their order; a single value is a string;
 * - a single principal block `{ type: "*", identifiers: ["*"] }` is rendered `"*"`;
 * - `&{` in resources, principals and condition values becomes `${` (IAM policy variables);
 * - source documents merge first, then the statements, then override documents, a statement with
 *   the Sid of an earlier one replacing it;
 * - `json` is Go's `json.MarshalIndent` with two spaces, `minifiedJson` `json.Marshal`: object keys
 *   in struct order, map keys sorted, and `<`, `>`, `&` escaped as Go does;
 * - `id` is the CRC-32 of `json`, as a decimal string (`create.StringHashcode`).
 */
import { crc32 } from "zlib";

export interface PolicyDocumentArgs {
    version?: string;
    policyId?: string;
    statements?: StatementArgs[];
    sourcePolicyDocuments?: string[];
    overridePolicyDocuments?: string[];
}

interface PrincipalArgs {
    type: string;
    identifiers: string[];
}

interface ConditionArgs {
    test: string;
    variable: string;
    values: string[];
}

interface StatementArgs {
    sid?: string;
    effect?: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: PrincipalArgs[];
    notPrincipals?: PrincipalArgs[];
    conditions?: ConditionArgs[];
}

type StringOrList = string | string[];

/** A statement in the provider's struct order: the order its JSON keys come out in. */
interface Statement {
    Sid?: string;
    Effect?: string;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Condition?: Record<string, Record<string, StringOrList>>;
}

interface Doc {
    Version?: string;
    Id?: string;
    Statement?: Statement[];
}

const VERSIONS = ["2008-10-17", "2012-10-17"];

export class PolicyDocumentError extends Error {}

const replaceVars = (s: string, version: string): string => {
    if (version === "2008-10-17" && s.includes("&{")) {
        throw new PolicyDocumentError(`found &{ sequence in (${s}), which is not supported in document version 2008-10-17`);
    }
    return s.split("&{").join("${");
};

/** A set of strings: one member as a string, else deduplicated in reverse order. */
function stringSet(values: string[]): StringOrList {
    const unique = [...new Set(values)];
    return unique.length === 1 ? unique[0] : unique.sort().reverse();
}

function strings(field: string, value: unknown): string[] {
    if (value === undefined || value === null) {
        return [];
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        throw new PolicyDocumentError(`${field} must be a list of strings`);
    }
    return value as string[];
}

function principals(field: string, blocks: PrincipalArgs[] | undefined, version: string): unknown {
    if (!blocks || blocks.length === 0) {
        return undefined;
    }
    const rendered = blocks.map((b, i) => {
        if (typeof b?.type !== "string") {
            throw new PolicyDocumentError(`${field}[${i}].type is required`);
        }
        const ids = stringSet(strings(`${field}[${i}].identifiers`, b.identifiers).map((s) => replaceVars(s, version)));
        return { type: b.type, ids };
    });
    if (rendered.length === 1 && rendered[0].type === "*" && rendered[0].ids === "*") {
        return "*";
    }
    const out: Record<string, StringOrList> = {};
    for (const { type, ids } of rendered) {
        const before = out[type];
        if (before === undefined) {
            out[type] = Array.isArray(ids) ? [...ids].sort().reverse() : ids;
        } else {
            out[type] = [...(Array.isArray(before) ? before : [before]), ...(Array.isArray(ids) ? [...ids].sort().reverse() : [ids])];
        }
    }
    return out;
}

function conditions(blocks: ConditionArgs[] | undefined, version: string): Statement["Condition"] {
    if (!blocks || blocks.length === 0) {
        return undefined;
    }
    const raw: Record<string, Record<string, string[]>> = {};
    blocks.forEach((c, i) => {
        if (typeof c?.test !== "string" || typeof c?.variable !== "string") {
            throw new PolicyDocumentError(`conditions[${i}] needs test and variable`);
        }
        const values = strings(`conditions[${i}].values`, c.values).map((s) => replaceVars(s, version));
        raw[c.test] ??= {};
        raw[c.test][c.variable] = [...(raw[c.test][c.variable] ?? []), ...values];
    });
    return Object.fromEntries(Object.entries(raw).map(([test, vars]) =>
        [test, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.length === 1 ? v[0] : v]))]));
}

function statement(s: StatementArgs, i: number, version: string): Statement {
    const effect = s.effect ?? "Allow";
    if (effect !== "Allow" && effect !== "Deny") {
        throw new PolicyDocumentError(`statements[${i}].effect must be Allow or Deny, not ${JSON.stringify(effect)}`);
    }
    if (s.sid !== undefined && !/^[a-zA-Z0-9]*$/.test(s.sid)) {
        throw new PolicyDocumentError(`statements[${i}].sid must only include alphanumeric characters`);
    }
    const set = (field: string, v: unknown, vars: boolean) => {
        const list = strings(`statements[${i}].${field}`, v).map((x) => (vars ? replaceVars(x, version) : x));
        return list.length > 0 ? stringSet(list) : undefined;
    };
    return {
        Sid: s.sid || undefined,
        Effect: effect,
        Action: set("actions", s.actions, false),
        NotAction: set("notActions", s.notActions, false),
        Resource: set("resources", s.resources, true),
        NotResource: set("notResources", s.notResources, true),
        Principal: principals(`statements[${i}].principals`, s.principals, version),
        NotPrincipal: principals(`statements[${i}].notPrincipals`, s.notPrincipals, version),
        Condition: conditions(s.conditions, version),
    };
}

/** A JSON policy document given as source or override, in the provider's normalized form. */
function parseDocument(field: string, text: string): Doc {
    let parsed: any;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new PolicyDocumentError(`${field} is not JSON: ${(e as Error).message}`);
    }
    const list = parsed?.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return {
        Version: typeof parsed?.Version === "string" ? parsed.Version : undefined,
        Id: typeof parsed?.Id === "string" ? parsed.Id : undefined,
        Statement: list.map((s: any): Statement => ({
            Sid: s.Sid || undefined,
            Effect: s.Effect || undefined,
            Action: s.Action,
            NotAction: s.NotAction,
            Resource: s.Resource,
            NotResource: s.NotResource,
            Principal: normalizePrincipal(s.Principal),
            NotPrincipal: normalizePrincipal(s.NotPrincipal),
            Condition: normalizeCondition(s.Condition),
        })),
    };
}

function normalizePrincipal(p: unknown): unknown {
    if (p === undefined || typeof p === "string") {
        return p === undefined ? undefined : "*";
    }
    return Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) =>
        [k, Array.isArray(v) ? [...v].sort().reverse() : v]));
}

function normalizeCondition(c: unknown): Statement["Condition"] {
    if (!c || typeof c !== "object") {
        return undefined;
    }
    return Object.fromEntries(Object.entries(c as Record<string, Record<string, unknown>>).map(([test, vars]) =>
        [test, Object.fromEntries(Object.entries(vars).map(([k, v]) => {
            const list = (Array.isArray(v) ? v : [v]).map(String);
            return [k, list.length === 1 ? list[0] : list];
        }))]));
}

/** `newDoc` into `doc`: its Id wins, a later Version wins, a statement with a known Sid replaces it. */
function merge(doc: Doc, newDoc: Doc): void {
    if (newDoc.Id) {
        doc.Id = newDoc.Id;
    }
    if (newDoc.Version && newDoc.Version > (doc.Version ?? "")) {
        doc.Version = newDoc.Version;
    }
    for (const s of newDoc.Statement ?? []) {
        const statements = (doc.Statement ??= []);
        const same = s.Sid ? statements.findIndex((x) => x.Sid === s.Sid) : -1;
        if (same >= 0) {
            statements[same] = s;
        } else {
            statements.push(s);
        }
    }
}

/** Go's encoding/json escapes these in strings; JSON.stringify does not. */
function goEscape(json: string): string {
    return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Go map keys come out sorted; struct fields in declaration order, which `Statement` keeps. */
function goOrder(value: unknown, isStruct = false): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => goOrder(v));
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined);
        return Object.fromEntries((isStruct ? entries : entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).map(([k, v]) => [k, goOrder(v)]));
    }
    return value;
}

function toGoValue(doc: Doc): unknown {
    return {
        ...(doc.Version ? { Version: doc.Version } : {}),
        ...(doc.Id ? { Id: doc.Id } : {}),
        ...(doc.Statement && doc.Statement.length > 0
            ? { Statement: doc.Statement.map((s) => goOrder(Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)), true)) }
            : {}),
    };
}

export interface RenderedPolicyDocument {
    json: string;
    minifiedJson: string;
    id: string;
}

export function renderPolicyDocument(args: PolicyDocumentArgs): RenderedPolicyDocument {
    const version = args.version ?? "2012-10-17";
    if (!VERSIONS.includes(version)) {
        throw new PolicyDocumentError(`version must be one of ${VERSIONS.join(", ")}, not ${JSON.stringify(version)}`);
    }
    const merged: Doc = {};
    const seenSids = new Set<string>();
    // Empty documents in the lists are skipped, as Terraform drops empty list members.
    (args.sourcePolicyDocuments ?? []).forEach((text, i) => {
        if (!text) {
            return;
        }
        const source = parseDocument(`sourcePolicyDocuments[${i}]`, text);
        for (const s of source.Statement ?? []) {
            if (s.Sid && seenSids.has(s.Sid)) {
                throw new PolicyDocumentError(`duplicate Sid (${s.Sid}) in sourcePolicyDocuments[${i}]`);
            }
            if (s.Sid) {
                seenSids.add(s.Sid);
            }
        }
        merge(merged, source);
    });
    const sids = new Set<string>();
    const statements = (args.statements ?? []).map((s, i) => {
        if (s.sid && sids.has(s.sid)) {
            throw new PolicyDocumentError(`duplicate Sid (${s.sid}). Remove the Sid or ensure the Sid is unique.`);
        }
        if (s.sid) {
            sids.add(s.sid);
        }
        return statement(s, i, version);
    });
    merge(merged, { Version: version, Id: args.policyId || undefined, Statement: statements });
    (args.overridePolicyDocuments ?? []).forEach((text, i) => text && merge(merged, parseDocument(`overridePolicyDocuments[${i}]`, text)));
    const value = toGoValue(merged);
    const json = goEscape(JSON.stringify(value, null, 2));
    return { json, minifiedJson: goEscape(JSON.stringify(value)), id: String(crc32(json)) };
}
