/**
 * Where a program declares a bucket's S3 Object Ownership, which decides whether the bucket's ACLs
 * work: `BucketOwnerEnforced` disables them, and it is the default for new buckets ("By default,
 * S3 Object Ownership is set to the Bucket owner enforced setting, and ACLs are disabled for new
 * buckets", https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-new-bucket.html).
 * Read for log services that write through an ACL grant (CloudFront standard logging, legacy).
 */
import { Value, isObject } from "../known";
import { Resource } from "./resource";

export const ACLS_DISABLED = "BucketOwnerEnforced";

/** The split resource: `bucket`, and `rule.objectOwnership`. */
export const OWNERSHIP_CONTROLS = {
    type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucket: "bucket",
    fields: ["bucket", "rule"],
    read: (r: Resource): Value[] => [isObject(r.props.rule) ? r.props.rule.objectOwnership : r.props.rule],
} as const;

/** Bucket types that declare it inline: property -> the settings it declares (none when absent). */
export const INLINE_OWNERSHIP: ReadonlyMap<string, { field: string; read: (r: Resource) => Value[] }> = new Map([
    ["aws-native:s3:Bucket", {
        field: "ownershipControls",
        read: (r: Resource): Value[] => {
            const v = r.props.ownershipControls;
            if (v === undefined || v === null) {
                return [];
            }
            return isObject(v) && Array.isArray(v.rules) ? v.rules.map((rule) => (isObject(rule) ? rule.objectOwnership : rule)) : [v];
        },
    }],
]);
