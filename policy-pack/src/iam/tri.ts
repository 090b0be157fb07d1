/**
 * Three-valued logic for judging a policy over requests an attacker chooses: `true` holds for
 * every such request, `false` for none, `"maybe"` cannot be proven either way. Only `true`
 * counts as a proof that an upload is denied.
 */
export type Tri = true | false | "maybe";

/** `and` of two: what the condition evaluator folds with, once per clause of every request. */
export function both(a: Tri, b: Tri): Tri {
    return a === false || b === false ? false : a === true && b === true ? true : "maybe";
}

/** `or` of two, as `both` is `and`'s. */
export function either(a: Tri, b: Tri): Tri {
    return a === true || b === true ? true : a === false && b === false ? false : "maybe";
}

export function and(...xs: Tri[]): Tri {
    return xs.reduce(both, true);
}

export function or(...xs: Tri[]): Tri {
    return xs.reduce(either, false);
}

export function not(x: Tri): Tri {
    return x === "maybe" ? x : !x;
}
