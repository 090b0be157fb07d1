/** A policy document as the providers carry it: JSON text, an object, or unknown in preview. */
import { Value, ValueObject, asList, isObject, isUnknown, readValue } from "../known";

export type Document =
    | { kind: "absent" }
    | { kind: "unknown" }
    | { kind: "invalid"; why: string }
    | { kind: "statements"; statements: ValueObject[] };

export function readDocument(v: Value): Document {
    if (v === undefined || v === null || v === "") {
        return { kind: "absent" };
    }
    if (isUnknown(v)) {
        return { kind: "unknown" };
    }
    let doc: Value = v;
    if (typeof v === "string") {
        try {
            doc = readValue(JSON.parse(v));
        } catch (e) {
            return { kind: "invalid", why: `it is not valid JSON (${(e as Error).message})` };
        }
    }
    if (!isObject(doc)) {
        return { kind: "invalid", why: "it is not a JSON object" };
    }
    if (isUnknown(doc.Statement)) {
        return { kind: "unknown" };
    }
    const statements = asList(doc.Statement);
    if (!statements.every(isObject)) {
        return { kind: "invalid", why: "its Statement is not an object or a list of objects" };
    }
    return { kind: "statements", statements };
}

/** How a statement is named in messages: its Sid, or its position. */
export function statementLabel(s: ValueObject, index: number): string {
    return typeof s.Sid === "string" && s.Sid !== "" ? `statement ${s.Sid}` : `statement #${index + 1}`;
}
