import { EncryptedBucketArgs } from "../components";
import { argumentProblems } from "../components/settings";

/** One bucket of the stack, ready for `new EncryptedBucket(name, args, options)`. */
export interface BucketPlan {
    name: string;
    args: EncryptedBucketArgs;
}

export interface StackConfig {
    buckets: BucketPlan[];
    protect: boolean;
    retainOnDelete: boolean;
}

/** Per-bucket settings under `bucketSettings.<name>`; each overrides the stack-wide key of the same name. */
const BUCKET_KEYS = [
    "bucketName", "enforcement", "sseAlgorithm", "bucketKeyEnabled", "keyAlias", "keyAdministrators", "keyUsers",
    "keyRotationPeriodDays", "keyDeletionWindowDays", "forceDestroy", "deleteKeyOnRemoval", "tags",
] as const;
type BucketKey = typeof BUCKET_KEYS[number];
/** Stack-wide keys: bucket names and tags are per bucket only (tags merge with the stack's). */
const STACK_WIDE_KEYS: BucketKey[] = BUCKET_KEYS.filter((k) => k !== "bucketName" && k !== "keyAlias");

/** How each key is written in the stack file, as the Pulumi.yaml schema declares it. */
const KEY_TYPES: Record<BucketKey | "protect" | "retainOnDelete" | "buckets" | "bucketSettings", "string" | "boolean" | "integer" | "string[]" | "map"> = {
    buckets: "string[]",
    bucketSettings: "map",
    protect: "boolean",
    retainOnDelete: "boolean",
    bucketName: "string",
    enforcement: "string",
    sseAlgorithm: "string",
    bucketKeyEnabled: "boolean",
    keyAlias: "string",
    keyAdministrators: "string[]",
    keyUsers: "string[]",
    keyRotationPeriodDays: "integer",
    keyDeletionWindowDays: "integer",
    forceDestroy: "boolean",
    deleteKeyOnRemoval: "boolean",
    tags: "map",
};

export class StackConfigError extends Error {
    constructor(readonly problems: string[]) {
        super("invalid stack configuration:\n" + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "StackConfigError";
    }
}

function isStringMap(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A config value in its declared type. Pulumi hands every value over as a string: plain for
 * strings, JSON for the rest.
 */
function typed(problems: string[], key: string, type: string, raw: string | undefined): unknown {
    if (raw === undefined) {
        return undefined;
    }
    if (type === "string") {
        return raw;
    }
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        problems.push(`${key}: expected ${describe(type)}, got ${JSON.stringify(raw)}`);
        return undefined;
    }
    return checkType(problems, key, type, value) ? value : undefined;
}

function describe(type: string): string {
    return { boolean: "true or false", integer: "a whole number", "string[]": "a list of strings", map: "a map", string: "a string" }[type] ?? type;
}

function checkType(problems: string[], key: string, type: string, value: unknown): boolean {
    const ok = {
        string: typeof value === "string",
        boolean: typeof value === "boolean",
        integer: Number.isInteger(value),
        "string[]": Array.isArray(value) && value.every((v) => typeof v === "string"),
        map: isStringMap(value),
    }[type];
    if (!ok) {
        problems.push(`${key}: expected ${describe(type)}, got ${JSON.stringify(value)}`);
    }
    return Boolean(ok);
}

function tagProblems(key: string, tags: Record<string, unknown>): string[] {
    return Object.entries(tags).filter(([, v]) => typeof v !== "string").map(([k, v]) => `${key}.${k}: tag values must be strings, got ${JSON.stringify(v)}`);
}

/**
 * Reads and checks the stack's configuration. `get(key)` returns the raw value of
 * `<project>:<key>`, as `pulumi.Config.get` does. Every problem names its config key.
 */
export function parseStackConfig(project: string, get: (key: string) => string | undefined): StackConfig {
    const problems: string[] = [];
    const keyName = (k: string) => `${project}:${k}`;
    const read = (k: keyof typeof KEY_TYPES) => typed(problems, keyName(k), KEY_TYPES[k], get(k));

    const names = (read("buckets") as string[] | undefined) ?? [];
    if (get("buckets") !== undefined && names.length === 0) {
        problems.push(`${keyName("buckets")}: must name at least one bucket`);
    }
    const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
    if (duplicates.length > 0) {
        problems.push(`${keyName("buckets")}: names must be unique (repeated: ${[...new Set(duplicates)].join(", ")})`);
    }
    const stackWide = Object.fromEntries(STACK_WIDE_KEYS.map((k) => [k, read(k)])) as Partial<Record<BucketKey, unknown>>;
    if (isStringMap(stackWide.tags)) {
        problems.push(...tagProblems(keyName("tags"), stackWide.tags));
    }
    const protect = (read("protect") as boolean | undefined) ?? false;
    const retainOnDelete = (read("retainOnDelete") as boolean | undefined) ?? false;
    const settings = (read("bucketSettings") as Record<string, unknown> | undefined) ?? {};
    for (const unknownBucket of Object.keys(settings).filter((n) => !names.includes(n))) {
        problems.push(`${keyName(`bucketSettings.${unknownBucket}`)}: no bucket of that name in ${keyName("buckets")}`);
    }

    const buckets = names.map((name): BucketPlan => {
        const own = settings[name] ?? {};
        const ownKey = (k: string) => keyName(`bucketSettings.${name}.${k}`);
        if (!isStringMap(own)) {
            problems.push(`${keyName(`bucketSettings.${name}`)}: expected a map, got ${JSON.stringify(own)}`);
            return { name, args: {} };
        }
        for (const k of Object.keys(own).filter((k) => !(BUCKET_KEYS as readonly string[]).includes(k))) {
            problems.push(`${ownKey(k)}: not a bucket setting (known: ${BUCKET_KEYS.join(", ")})`);
        }
        const merged: Record<string, unknown> = { ...stackWide };
        for (const k of BUCKET_KEYS.filter((k) => own[k] !== undefined)) {
            if (checkType(problems, ownKey(k), KEY_TYPES[k], own[k])) {
                merged[k] = own[k];
            }
        }
        if (isStringMap(own.tags)) {
            problems.push(...tagProblems(ownKey("tags"), own.tags));
        }
        const tags = { ...(stackWide.tags as Record<string, string> | undefined), ...(own.tags as Record<string, string> | undefined) };
        const args = Object.fromEntries(Object.entries({ ...merged, tags }).filter(([, v]) => v !== undefined)) as EncryptedBucketArgs;
        // The component's own rules, reported against the config key the value came from.
        for (const p of argumentProblems(args, { retainOnDelete })) {
            problems.push(p.replace(/^args\.([A-Za-z]+)/, (_, field: string) => (own[field] !== undefined ? ownKey(field) : keyName(field))) + ` (bucket "${name}")`);
        }
        return { name, args };
    });
    if (names.length === 0 && get("buckets") === undefined) {
        problems.push(`${keyName("buckets")}: required; list the buckets this stack creates`);
    }
    if (problems.length > 0) {
        throw new StackConfigError(problems);
    }
    return { buckets, protect, retainOnDelete };
}
