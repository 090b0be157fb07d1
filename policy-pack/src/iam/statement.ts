/**
 * Whether one statement of a bucket policy explicitly denies uploads for every principal.
 * Anything that narrows the statement (named principals, NotPrincipal, a NotResource that may
 * name some of the bucket's objects, a condition on a key this pack does not model) makes it
 * unprovable, and it is not relied upon.
 */
import { Value, ValueObject, asList, isObject, isUnknown } from "../known";
import { Tri, and, or } from "./tri";
import { matchesEveryExtension, wildcardMatch } from "./wildcard";

const UPLOAD_ACTION = "s3:PutObject";

export interface UploadTarget {
    /** `arn:<partition>:s3:::<bucket>/` for each ARN the bucket may have. */
    objectArnPrefixes: string[];
    /** Whether a Resource unknown in preview can only be this bucket's (see the README). */
    unknownResourceIsBucket: boolean;
}

/**
 * Whether the statement is a Deny that applies to every principal's uploads to every object of
 * the bucket, before its conditions: only such statements can prove an upload denied.
 */
export function deniesAllUploads(s: ValueObject, target: UploadTarget): Tri {
    if (s.Effect !== "Deny") {
        return false;
    }
    return and(everyPrincipal(s), coversAction(s, UPLOAD_ACTION), coversEveryObject(s, target));
}

export function everyPrincipal(s: ValueObject): Tri {
    if (s.NotPrincipal !== undefined) {
        return "maybe";
    }
    const p = s.Principal;
    if (p === "*") {
        return true;
    }
    if (!isObject(p)) {
        return isUnknown(p) ? "maybe" : false;
    }
    return anyElement(p.AWS, (v) => v === "*");
}

/** Whether the statement's Action (or NotAction) covers `action`. */
export function coversAction(s: ValueObject, action: string): Tri {
    const matches = (v: string) => wildcardMatch(v, action, true);
    if (s.Action !== undefined) {
        return anyElement(s.Action, matches);
    }
    if (s.NotAction !== undefined) {
        const excluded = anyElement(s.NotAction, matches);
        return excluded === "maybe" ? excluded : !excluded;
    }
    return false;
}

function coversEveryObject(s: ValueObject, target: UploadTarget): Tri {
    if (s.NotResource !== undefined) {
        // "NotResource ... matches every resource except those specified" (IAM JSON policy
        // elements: NotResource): it covers every object when it names none of them.
        return s.Resource === undefined && asList(s.NotResource).every((r) => typeof r === "string" && !isUnknown(r) && target.objectArnPrefixes.every((p) => namesNoneUnder(r, p)))
            ? true
            : "maybe";
    }
    if (s.Resource === undefined) {
        return "maybe";
    }
    return or(...asList(s.Resource).map((r): Tri => {
        if (isUnknown(r)) {
            return target.unknownResourceIsBucket ? true : "maybe";
        }
        if (typeof r !== "string") {
            return false;
        }
        return r === "*" || target.objectArnPrefixes.some((prefix) => matchesEveryExtension(r, prefix));
    }));
}

/**
 * Whether `pattern` matches no ARN `prefix` + a non-empty object key: without wildcards, when it
 * is not such an ARN; with them, when its literal start already departs from `prefix`.
 */
function namesNoneUnder(pattern: string, prefix: string): boolean {
    const wildcard = pattern.search(/[*?]/);
    if (wildcard < 0) {
        return !(pattern.startsWith(prefix) && pattern.length > prefix.length);
    }
    const literal = pattern.slice(0, wildcard);
    return !literal.startsWith(prefix) && !prefix.startsWith(literal);
}

/** Whether some element of a string-or-list satisfies `test`; unknown elements leave it open. */
export function anyElement(v: Value, test: (s: string) => boolean): Tri {
    return or(...asList(v).map((x): Tri => (isUnknown(x) ? "maybe" : typeof x === "string" && test(x))));
}
