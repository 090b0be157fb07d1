/**
 * Three-valued logic for judging a policy over requests an attacker chooses: `true` holds for
 * every such request, `false` for none, `"maybe"` cannot be proven either way. Only `true`
 * counts as a proof that an upload is denied.
 */
export type Tri = true | false | "maybe";

export function and(...xs: Tri[]): Tri {
    return xs.includes(false) ? false : xs.every((x) => x === true) ? true : "maybe";
}

export function or(...xs: Tri[]): Tri {
    return xs.includes(true) ? true : xs.every((x) => x === false) ? false : "maybe";
}

export function not(x: Tri): Tri {
    return x === "maybe" ? x : !x;
}
