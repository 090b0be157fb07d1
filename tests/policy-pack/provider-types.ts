/**
 * What a provider SDK package declares, read from its own compiled files (dev dependencies only:
 * the pack itself never loads a provider SDK): the resource type tokens of its modules, each
 * resource's state properties, and the nested properties below them. The generated code has one
 * fixed layout (`__pulumiType = '<token>'` in each class's .js; `readonly <p>: pulumi.Output<T>`
 * in its .d.ts; `interface <Name> { <field>?: <type>; }` per namespace of types/output.d.ts), and
 * the inventory tests fail loudly if a reading finds nothing.
 */
import * as fs from "fs";
import * as path from "path";

export interface Provider {
    name: string;
    dir: string;
}

function provider(name: string): Provider {
    return { name, dir: path.dirname(require.resolve(`${name}/package.json`)) };
}

export const AWS = provider("@pulumi/aws");
export const AWS_NATIVE = provider("@pulumi/aws-native");

export interface ResourceClass {
    token: string;
    module: string;
    /** The class's .d.ts, which declares its state properties. */
    declaration: string;
}

/** The provider's modules (folders) whose name matches `pattern`. */
export function modules(p: Provider, pattern: RegExp): string[] {
    return fs.readdirSync(p.dir, { withFileTypes: true }).filter((d) => d.isDirectory() && pattern.test(d.name)).map((d) => d.name).sort();
}

/** Every resource class of a module, with the type token its compiled class declares. */
export function resourceClasses(p: Provider, module: string): ResourceClass[] {
    const dir = path.join(p.dir, module);
    return fs.readdirSync(dir).filter((f) => f.endsWith(".js")).sort().flatMap((f) => {
        const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(dir, f), "utf8"));
        return m ? [{ token: m[1], module, declaration: path.join(dir, f.replace(/\.js$/, ".d.ts")) }] : [];
    });
}

/** The state properties of a resource class (its `readonly` outputs), with their declared types. */
export function stateProperties(c: ResourceClass): Map<string, string> {
    const text = fs.readFileSync(c.declaration, "utf8");
    const start = text.indexOf("export declare class");
    const body = text.slice(start, text.indexOf("constructor(", start));
    return new Map([...body.matchAll(/readonly (\w+): pulumi\.Output<(.+)>;/g)].map((m): [string, string] => [m[1], m[2]]));
}

type Interfaces = Map<string, Map<string, string>>;

const interfacesOf = new Map<string, Interfaces>();

/** `<namespace>.<Interface>` -> its fields, from the provider's types/output.d.ts (read once). */
function outputInterfaces(p: Provider): Interfaces {
    let found = interfacesOf.get(p.dir);
    if (!found) {
        found = new Map();
        const text = fs.readFileSync(path.join(p.dir, "types", "output.d.ts"), "utf8");
        const namespaces = text.split(/\nexport declare namespace (\w+) \{/);
        for (let i = 1; i < namespaces.length; i += 2) {
            for (const m of namespaces[i + 1].matchAll(/\n {4}interface (\w+) \{([\s\S]*?)\n {4}\}/g)) {
                found.set(`${namespaces[i]}.${m[1]}`, new Map([...m[2].matchAll(/\n {8}(\w+)\??: (.+);/g)].map((f): [string, string] => [f[1], f[2]])));
            }
        }
        interfacesOf.set(p.dir, found);
    }
    return found;
}

/**
 * Every leaf property path of a resource's state: "a.b[].c" steps into the list `b`. A leaf is a
 * property whose type is no output interface of the provider (a string, an enum, a map, `any`),
 * or one with no fields.
 */
export function propertyPaths(p: Provider, c: ResourceClass): string[] {
    const interfaces = outputInterfaces(p);
    const out: string[] = [];
    const walk = (prefix: string, type: string, seen: ReadonlySet<string>) => {
        const refs = [...type.matchAll(/outputs\.([\w.]+)/g)].map((m) => m[1]).filter((r) => interfaces.has(r) && !seen.has(r));
        if (refs.length === 0) {
            out.push(prefix);
            return;
        }
        const here = /\[\]/.test(type) ? `${prefix}[]` : prefix;
        for (const ref of refs) {
            const fields = interfaces.get(ref)!;
            // An interface with no fields is a choice made by its presence (`sseS3: {}`).
            if (fields.size === 0) {
                out.push(here);
            }
            for (const [name, fieldType] of fields) {
                walk(`${here}.${name}`, fieldType, new Set([...seen, ref]));
            }
        }
    };
    for (const [name, type] of stateProperties(c)) {
        walk(name, type, new Set());
    }
    return out;
}

/** A dotted path as `valuesAt` takes it: "a.b[].c" -> ["a", "b", "[]", "c"]. */
export function pathSteps(dotted: string): string[] {
    return dotted.split(".").flatMap((part) => (part.endsWith("[]") ? [part.slice(0, -2), "[]"] : [part]));
}
