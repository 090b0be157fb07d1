/** IAM policy documents as JSON, and the one mutation the proofs apply to them. */

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: string;
    Id?: string;
    Statement: PolicyStatement[];
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function sidsOf(doc: PolicyDocument): string[] {
    return doc.Statement.map((s, i) => s.Sid ?? `#${i + 1}`);
}

/** The document without the statement `sid` (a deep copy: the original stays untouched). */
export function withoutStatement(doc: PolicyDocument, sid: string): PolicyDocument {
    const copy = JSON.parse(JSON.stringify(doc)) as PolicyDocument;
    const kept = copy.Statement.filter((s) => s.Sid !== sid);
    if (kept.length !== copy.Statement.length - 1) {
        throw new Error(`expected exactly one statement ${sid} in ${sidsOf(doc).join(", ")}`);
    }
    return { ...copy, Statement: kept };
}
