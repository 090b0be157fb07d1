/** IAM's wildcard patterns: `*` matches any run of characters, `?` any one character. */

export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(pattern);
}

// Stacks repeat the same few patterns thousands of times; compiling each once matters.
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 10_000;

function compile(pattern: string, flags: string, anchoredEnd: boolean): RegExp {
    const cacheKey = `${flags}${anchoredEnd ? "$" : "^"}${pattern}`;
    let re = compiled.get(cacheKey);
    if (!re) {
        const source = pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
        re = new RegExp(`^${source}${anchoredEnd ? "$" : ""}`, flags);
        if (compiled.size >= MAX_COMPILED) {
            compiled.clear();
        }
        compiled.set(cacheKey, re);
    }
    return re;
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    return compile(pattern, ignoreCase ? "is" : "s", true).test(value);
}

/**
 * Whether `pattern` matches `prefix` followed by anything at all, e.g. every object ARN of a
 * bucket: it must end in `*`, and what comes before that must match some start of `prefix`.
 */
export function matchesEveryExtension(pattern: string, prefix: string): boolean {
    return pattern.endsWith("*") && compile(pattern.slice(0, -1), "s", false).test(prefix);
}
