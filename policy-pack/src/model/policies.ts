/** Bucket policies, from the separate resources (@pulumi/aws, aws-native) or the bucket's inline `policy`. */
import { Value } from "../known";
import { TYPES } from "../resource-types";
import { PolicyDialect } from "./bucket-kinds";
import { Resource, depsOf } from "./resource";

export interface BucketPolicyKind {
    /** The property holding the document: aws-native keeps CloudFormation's name for it. */
    document: "policy" | "policyDocument";
    /** Set where the type alone fixes the dialect; otherwise its bucket says, or the bucket's name when judged alone. */
    dialect?: PolicyDialect;
}

/** Bucket policy resources, type token -> how to read one. */
export const BUCKET_POLICY_KINDS: ReadonlyMap<string, BucketPolicyKind> = new Map<string, BucketPolicyKind>([
    [TYPES.bucketPolicy, { document: "policy" }],
    [TYPES.nativeBucketPolicy, { document: "policyDocument" }],
    [TYPES.nativeDirectoryBucketPolicy, { document: "policyDocument", dialect: "s3express" }],
]);

/** The property of a bucket policy resource naming its bucket. */
export const POLICY_BUCKET_FIELD = "bucket";

/** Properties of a bucket policy kind the model reads. */
export function bucketPolicyFields(kind: BucketPolicyKind): string[] {
    return [POLICY_BUCKET_FIELD, kind.document];
}

/** Where a bucket policy is declared: a resource of its own, or the bucket's inline property. */
export type PolicyRef = { kind: "resource"; name: string } | { kind: "inline"; property: string };

export interface PolicySource {
    urn: string;
    where: PolicyRef;
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
    return { urn: r.urn, where: { kind: "resource", name: r.name }, document: r.props[property], deps: depsOf(r, property), declared };
}

/** A bucket's deprecated inline policy, held in `property` (its kind's `inlinePolicy`); `undefined` when there is none. */
export function readInlinePolicy(r: Resource, property: string | undefined): PolicySource | undefined {
    const document = property === undefined ? undefined : r.props[property];
    if (property === undefined || document === undefined || document === null || document === "") {
        return undefined;
    }
    return { urn: r.urn, where: { kind: "inline", property }, document, deps: depsOf(r, property) };
}
