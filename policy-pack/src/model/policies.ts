/** Bucket policies, from the separate resources (@pulumi/aws, aws-native) or the bucket's inline `policy`. */
import { Value } from "../known";
import { BUCKET_POLICY_KINDS } from "../resource-types";
import { Resource, depsOf } from "./resource";

export interface PolicySource {
    urn: string;
    /** Names the source in messages. */
    what: string;
    document: Value;
    /** What the document was computed from. */
    deps: string[];
    /**
     * The document its parent component declares it renders, with only ARNs unknown in preview,
     * where the provider shows the rendered document as one unknown string. Evidence that can only
     * add findings: a declared document proves nothing about the real one, which is judged once known.
     */
    declared?: Value;
}

/** A bucket policy resource, one of BUCKET_POLICY_KINDS. */
export function readBucketPolicy(r: Resource, declared?: Value): PolicySource {
    const property = BUCKET_POLICY_KINDS.get(r.type)?.document ?? "policy";
    return { urn: r.urn, what: `bucket policy ${r.name}`, document: r.props[property], deps: depsOf(r, property), declared };
}

/** A bucket's deprecated inline policy, held in `property` (its kind's `inlinePolicy`); `undefined` when there is none. */
export function readInlinePolicy(r: Resource, property: string | undefined): PolicySource | undefined {
    const document = property === undefined ? undefined : r.props[property];
    if (property === undefined || document === undefined || document === null || document === "") {
        return undefined;
    }
    return { urn: r.urn, what: "its inline policy", document, deps: depsOf(r, property) };
}
