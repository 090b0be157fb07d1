/** The one customer-managed key a bucket's default encryption names, if one is provable. */
import { Storage } from "../model/stack";
import { KeyRef, sameKey } from "../model/keys";

export function bucketKey(bucket: Storage): KeyRef | undefined {
    const keys = bucket.encryption.flatMap((s) => (s.problems.length > 0 ? [undefined] : s.rules.map((r) => r.key)));
    const first = keys[0];
    if (!first || (first.kind !== "stack" && first.kind !== "external")) {
        return undefined;
    }
    return keys.every((k) => k !== undefined && sameKey(k, first)) ? first : undefined;
}
