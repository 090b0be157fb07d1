/**
 * What a bucket policy of the stack is judged against: what a value unknown inside it can be,
 * and which objects its statements must cover. Shared by the check of the policy itself and by
 * the check of the objects it refuses, so that both read a document the same way.
 */
import { KeyFacts } from "../iam/requests";
import { UploadTarget } from "../iam/statement";
import { KeyRef, keyArn } from "../model/keys";
import { PolicySource } from "../model/policies";
import { StackModel, Storage } from "../model/stack";

/**
 * What a value unknown inside the document can be. Computed from exactly one KMS key, the
 * bucket's, an unknown key id can only name that key; computed from the bucket, an unknown
 * Resource can only be the bucket's ARN (S3 refuses policies naming other buckets).
 */
export function keyFactsOf(policy: PolicySource, key: KeyRef | undefined, model: StackModel): KeyFacts {
    const keysUsed = policy.deps.filter((d) => model.keys.isStackKey(d));
    const unknownIsCmk = key?.kind === "stack" && key.urns.length === 1 && keysUsed.length === 1 && keysUsed[0] === key.urns[0];
    return { cmkArn: key ? keyArn(key) : undefined, unknownIsCmk };
}

/** Whether a Resource unknown in `policy` can only be `bucket`'s: computed from it. */
export function unknownResourceIsBucket(policy: PolicySource, bucket: Storage): boolean {
    return policy.deps.includes(bucket.resource.urn);
}

/** Every object of a general-purpose bucket, as a bucket policy's statements must cover them. */
export function uploadTarget(policy: PolicySource, bucket: Storage): UploadTarget {
    return { objectArnPrefixes: bucket.arns.map((a) => `${a}/`), unknownResourceIsBucket: unknownResourceIsBucket(policy, bucket) };
}
