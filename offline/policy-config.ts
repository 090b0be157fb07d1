/**
 * Policy pack configuration as the Pulumi engine prepares it before `Configure`: the engine, not
 * `@pulumi/policy`, validates each policy's config against its schema, fills in schema defaults and
 * the policy's default enforcement level. A pack sent a config without a level would read it as
 * `advisory` (the protobuf enum's zero), so skipping this step silently weakens mandatory policies.
 */

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The engine's policy config file format: a level, or a level and properties, per policy; `all` sets every level. */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** What a policy declares (`configSchema` of `@pulumi/policy`): JSON Schema for each property. */
export interface ConfigSchema {
    properties: Record<string, unknown>;
    required?: string[];
}

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid policy pack configuration:\n  ${problems.join("\n  ")}`);
        this.name = "PolicyConfigError";
    }
}

interface PolicyDeclaration {
    name: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: ConfigSchema;
}

export function resolvePolicyConfig(policies: PolicyDeclaration[], config: PolicyPackConfig): Record<string, ResolvedPolicyConfig> {
    const problems: string[] = [];
    const known = new Set(policies.map((p) => p.name));
    for (const name of Object.keys(config)) {
        if (name !== "all" && !known.has(name)) {
            problems.push(`${name}: no such policy in the pack (policies: ${[...known].join(", ")})`);
        }
    }
    const allLevel = config.all === undefined ? undefined : levelOf("all", config.all, problems);
    const resolved: Record<string, ResolvedPolicyConfig> = {};
    for (const policy of policies) {
        const entry = config[policy.name];
        const { enforcementLevel, ...given } = typeof entry === "object" && entry !== null ? entry : { enforcementLevel: entry };
        const level = (enforcementLevel === undefined ? undefined : levelOf(policy.name, enforcementLevel, problems)) ?? allLevel ?? policy.enforcementLevel;
        const properties = withDefaults(policy.configSchema, given);
        if (policy.configSchema) {
            validate(objectSchema(policy.configSchema), properties, policy.name, problems);
        }
        resolved[policy.name] = { enforcementLevel: level, properties };
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return resolved;
}

function levelOf(where: string, value: unknown, problems: string[]): EnforcementLevel | undefined {
    if (typeof value === "string" && LEVELS.includes(value)) {
        return value as EnforcementLevel;
    }
    problems.push(`${where}: enforcementLevel must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(value)})`);
    return undefined;
}

function withDefaults(schema: ConfigSchema | undefined, given: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
        if (isObject(prop) && prop.default !== undefined) {
            out[key] = prop.default;
        }
    }
    return { ...out, ...given };
}

function objectSchema(schema: ConfigSchema): Record<string, unknown> {
    return { type: "object", properties: schema.properties, required: schema.required ?? [] };
}

/** The JSON Schema keywords policy config schemas use; an unsupported keyword is an error, never ignored. */
const SUPPORTED = new Set([
    "type", "description", "default", "enum", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "items", "minItems", "maxItems", "uniqueItems", "properties", "required", "additionalProperties",
]);

function validate(schema: unknown, value: unknown, at: string, problems: string[]): void {
    if (!isObject(schema)) {
        problems.push(`${at}: the pack's schema is not an object`);
        return;
    }
    const unsupported = Object.keys(schema).filter((k) => !SUPPORTED.has(k));
    if (unsupported.length > 0) {
        problems.push(`${at}: the pack's schema uses unsupported keywords ${unsupported.join(", ")}`);
        return;
    }
    if (schema.type !== undefined && !typeMatches(schema.type, value)) {
        problems.push(`${at}: expected ${[schema.type].flat().join(" or ")}, got ${describe(value)}`);
        return;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`${at}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`);
    }
    if (typeof value === "string") {
        if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
            problems.push(`${at}: ${JSON.stringify(value)} does not match the pattern ${schema.pattern}${hint(schema)}`);
        }
        checkBounds(value.length, schema.minLength, schema.maxLength, `${at}: length`, problems);
    }
    if (typeof value === "number") {
        checkBounds(value, schema.minimum, schema.maximum, at, problems);
    }
    if (Array.isArray(value)) {
        checkBounds(value.length, schema.minItems, schema.maxItems, `${at}: number of items`, problems);
        if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
            problems.push(`${at}: items must be unique`);
        }
        if (schema.items !== undefined) {
            value.forEach((item, i) => validate(schema.items, item, `${at}[${i}]`, problems));
        }
    }
    if (isObject(value)) {
        for (const key of Array.isArray(schema.required) ? schema.required : []) {
            if (!(key in value)) {
                problems.push(`${at}: ${key} is required`);
            }
        }
        const props = isObject(schema.properties) ? schema.properties : {};
        for (const [key, v] of Object.entries(value)) {
            if (key in props) {
                validate(props[key], v, `${at}.${key}`, problems);
            } else if (schema.additionalProperties === false) {
                problems.push(`${at}: unknown property ${key}`);
            }
        }
    }
}

function hint(schema: Record<string, unknown>): string {
    return typeof schema.description === "string" ? ` (${schema.description})` : "";
}

function checkBounds(n: number, min: unknown, max: unknown, what: string, problems: string[]): void {
    if (typeof min === "number" && n < min) {
        problems.push(`${what} must be at least ${min}, got ${n}`);
    }
    if (typeof max === "number" && n > max) {
        problems.push(`${what} must be at most ${max}, got ${n}`);
    }
}

function typeMatches(type: unknown, value: unknown): boolean {
    return [type].flat().some((t) => {
        switch (t) {
            case "object": return isObject(value);
            case "array": return Array.isArray(value);
            case "integer": return Number.isInteger(value);
            case "number": return typeof value === "number";
            case "null": return value === null;
            default: return typeof value === t;
        }
    });
}

function describe(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "array" : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}
