/**
 * IAM's wildcard patterns: `*` matches any run of characters, `?` any one character. Matched
 * with two pointers, never a regular expression: a backtracking regex on a pattern such as
 * `*?*?*?...Z` takes exponential time, and any stack can put such a pattern in a bucket policy.
 */

export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(pattern);
}

/** Worst case O(pattern x value): on a mismatch, only the last `*` seen takes one more character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const p = ignoreCase ? pattern.toLowerCase() : pattern;
    const v = ignoreCase ? value.toLowerCase() : value;
    let pi = 0;
    let vi = 0;
    let star = -1;
    let starMatchEnd = 0;
    while (vi < v.length) {
        if (pi < p.length && (p[pi] === "?" || p[pi] === v[vi])) {
            pi++;
            vi++;
        } else if (pi < p.length && p[pi] === "*") {
            star = pi++;
            starMatchEnd = vi;
        } else if (star >= 0) {
            pi = star + 1;
            vi = ++starMatchEnd;
        } else {
            return false;
        }
    }
    while (pi < p.length && p[pi] === "*") {
        pi++;
    }
    return pi === p.length;
}

/**
 * Whether `pattern` matches `prefix` followed by anything at all, e.g. every object ARN of a
 * bucket: it must end in `*`, and then it matches every extension exactly when it matches the
 * prefix itself (what comes before that last `*` matches some start of the prefix).
 */
export function matchesEveryExtension(pattern: string, prefix: string): boolean {
    return pattern.endsWith("*") && wildcardMatch(pattern, prefix);
}
