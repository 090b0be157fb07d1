import { UNKNOWN, isUnknownSentinel } from "./engine-resource";

/**
 * Fields the AWS provider takes as a JSON document object or string and always stores as a
 * string (the bridge's TransformJSONDocument). An object with any unknown inside becomes one
 * unknown string, so in a real preview a policy pack never sees the statements of a policy that
 * mentions a not-yet-created ARN: the offline capture must show it the same way.
 */
const JSON_DOCUMENT_FIELDS: Record<string, string[]> = {
    "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
    "aws:kms/key:Key": ["policy"],
    "aws:iam/policy:Policy": ["policy"],
    "aws:iam/role:Role": ["assumeRolePolicy"],
};

function containsUnknown(value: unknown): boolean {
    if (isUnknownSentinel(value)) {
        return true;
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/** The properties as the provider hands them back to the engine (after Check, or as state). */
export function providerView(type: string, props: Record<string, unknown>): Record<string, unknown> {
    const fields = JSON_DOCUMENT_FIELDS[type];
    if (!fields) {
        return props;
    }
    const out = { ...props };
    for (const field of fields) {
        const value = out[field];
        if (value !== null && typeof value === "object") {
            out[field] = containsUnknown(value) ? UNKNOWN.string : JSON.stringify(value);
        }
    }
    return out;
}
