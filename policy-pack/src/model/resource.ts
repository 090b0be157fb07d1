import { PolicyResource } from "@pulumi/policy";
import { ValueObject, isObject, readProperty, readValue, unwrapProxy } from "../known";

/** A resource of the stack, its properties read once into plain data with explicit unknowns. */
export interface Resource {
    urn: string;
    type: string;
    name: string;
    props: ValueObject;
    /** URNs that each top-level property was computed from. */
    propertyDependencies: Record<string, string[]>;
    parent?: string;
}

/**
 * Reads only `fields`: stacks are large, so tags, key policies and the like are never touched by
 * the stack policies.
 */
export function readResource(r: PolicyResource, fields: readonly string[]): Resource {
    const source = unwrapProxy(r.props);
    const props: ValueObject = {};
    const propertyDependencies: Record<string, string[]> = {};
    for (const f of fields) {
        props[f] = readProperty(source, f);
        const deps = r.propertyDependencies?.[f];
        if (deps) {
            propertyDependencies[f] = deps.map((d) => d.urn);
        }
    }
    return { urn: r.urn, type: r.type, name: r.name, props, propertyDependencies, parent: r.parent?.urn };
}

/** The same for a single resource as per-resource `Analyze` sees it (its inputs, no dependencies). */
export function readAnalyzedResource(args: { urn: string; type: string; name: string; props: Record<string, unknown> }): Resource {
    const props = readValue(unwrapProxy(args.props));
    return { urn: args.urn, type: args.type, name: args.name, props: isObject(props) ? props : {}, propertyDependencies: {} };
}

export function depsOf(r: Resource, property: string): string[] {
    return r.propertyDependencies[property] ?? [];
}

