/** Bucket policies, from the separate resources (@pulumi/aws, aws-native) or the bucket's inline `policy`. */
import { Value } from "../known";
import { TYPES } from "../resource-types";
import { Resource, depsOf } from "./resource";

export interface PolicySource {
    urn: string;
    /** Names the source in messages. */
    what: string;
    document: Value;
    /** What the document was computed from. */
    deps: string[];
}

export function readBucketPolicy(r: Resource): PolicySource {
    const property = r.type === TYPES.nativeBucketPolicy ? "policyDocument" : "policy";
    return { urn: r.urn, what: `bucket policy ${r.name}`, document: r.props[property], deps: depsOf(r, property) };
}

/** The deprecated inline `policy` of `Bucket`/`BucketV2`; `undefined` when there is none. */
export function readInlinePolicy(r: Resource): PolicySource | undefined {
    const document = r.props.policy;
    if (r.type === TYPES.nativeBucket || document === undefined || document === null || document === "") {
        return undefined;
    }
    return { urn: r.urn, what: "its inline policy", document, deps: depsOf(r, "policy") };
}
