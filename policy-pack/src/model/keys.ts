/**
 * Which KMS key a key reference means. A reference is a key ARN, key id, alias name or alias ARN,
 * or, in preview, an unknown value: then its property dependencies say where it came from.
 */
import { Value, isUnknown, nonEmptyString, show } from "../known";
import { TYPES } from "../resource-types";
import { Resource, depsOf } from "./resource";

export type KeyRef =
    /** No key id: S3 then uses the AWS-managed `aws/s3` key. */
    | { kind: "none" }
    | { kind: "aws-managed"; shown: string }
    /** One of the stack's `aws:kms/key:Key`s; several URNs when an unknown value depends on several keys. */
    | { kind: "stack"; urns: string[]; arn?: string; shown: string }
    /** A full key ARN of a key not declared in the stack. */
    | { kind: "external"; arn: string }
    /** Anything no known fact ties to a particular key. */
    | { kind: "unresolved"; shown: string; why: string };

const KEY_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A full key ARN: what S3 compares the key-id header with; aliases and bare ids never match it. */
export function isKeyArn(value: string): boolean {
    return KEY_ARN.test(value);
}
// `alias/aws/...` names are reserved for AWS-managed keys, in any region and account.
const AWS_MANAGED_ALIAS = /^(arn:[a-z-]+:kms:[a-z0-9-]*:\d*:)?alias\/aws\//;

interface StackKey {
    urn: string;
    arn?: string;
}

interface StackAlias {
    resource: Resource;
}

export class KeyIndex {
    private readonly keysByValue = new Map<string, StackKey>();
    private readonly keysByUrn = new Map<string, StackKey>();
    private readonly aliasesByValue = new Map<string, StackAlias>();
    private readonly aliasesByUrn = new Map<string, StackAlias>();

    add(r: Resource): void {
        if (r.type === TYPES.key) {
            const key: StackKey = { urn: r.urn, arn: nonEmptyString(r.props.arn) };
            this.keysByUrn.set(r.urn, key);
            for (const v of [r.props.arn, r.props.keyId, r.props.id]) {
                const s = nonEmptyString(v);
                if (s) {
                    this.keysByValue.set(s, key);
                }
            }
        } else if (r.type === TYPES.alias) {
            const alias: StackAlias = { resource: r };
            this.aliasesByUrn.set(r.urn, alias);
            for (const v of [r.props.name, r.props.arn, r.props.id]) {
                const s = nonEmptyString(v);
                if (s) {
                    this.aliasesByValue.set(s, alias);
                }
            }
        }
    }

    isStackKey(urn: string): boolean {
        return this.keysByUrn.has(urn);
    }

    /** What the reference `value`, computed from `deps`, names. */
    resolve(value: Value, deps: string[], seen: ReadonlySet<string> = new Set()): KeyRef {
        if (value === undefined || value === null || value === "") {
            return { kind: "none" };
        }
        if (isUnknown(value)) {
            return this.resolveUnknown(deps, seen);
        }
        if (typeof value !== "string") {
            return { kind: "unresolved", shown: show(value), why: "it is not a string" };
        }
        if (AWS_MANAGED_ALIAS.test(value)) {
            return { kind: "aws-managed", shown: value };
        }
        const key = this.keysByValue.get(value);
        if (key) {
            return { kind: "stack", urns: [key.urn], arn: key.arn, shown: value };
        }
        const alias = this.aliasesByValue.get(value);
        if (alias) {
            return this.resolveAlias(alias, value, seen);
        }
        if (KEY_ARN.test(value)) {
            return { kind: "external", arn: value };
        }
        return { kind: "unresolved", shown: value, why: "it is neither a full key ARN nor a key or alias declared in this stack" };
    }

    private resolveAlias(alias: StackAlias, shown: string, seen: ReadonlySet<string>): KeyRef {
        const r = alias.resource;
        if (seen.has(r.urn)) {
            return { kind: "unresolved", shown, why: "its aliases refer to each other" };
        }
        const target = this.resolve(r.props.targetKeyId, depsOf(r, "targetKeyId"), new Set([...seen, r.urn]));
        return target.kind === "stack" ? { ...target, shown } : target;
    }

    /**
     * An unknown key reference is a stack key only if everything it was computed from is a
     * stack key, or an alias of one: any other dependency could have supplied another key.
     */
    private resolveUnknown(deps: string[], seen: ReadonlySet<string>): KeyRef {
        const shown = "a key id unknown until apply";
        if (deps.length === 0) {
            return { kind: "unresolved", shown, why: "it depends on no resource of this stack" };
        }
        const urns = new Set<string>();
        let arn: string | undefined;
        for (const dep of deps) {
            const key = this.keysByUrn.get(dep);
            const alias = this.aliasesByUrn.get(dep);
            const ref: KeyRef | undefined = key
                ? { kind: "stack", urns: [key.urn], arn: key.arn, shown }
                : alias ? this.resolveAlias(alias, shown, seen) : undefined;
            if (ref?.kind !== "stack") {
                return { kind: "unresolved", shown, why: `it is computed from ${dep}, which is not a KMS key of this stack` };
            }
            ref.urns.forEach((u) => urns.add(u));
            arn = ref.arn;
        }
        return { kind: "stack", urns: [...urns], arn: urns.size === 1 ? arn : undefined, shown };
    }
}

/** Whether two references provably name the same single key. */
export function sameKey(a: KeyRef, b: KeyRef): boolean {
    const arnA = keyArn(a);
    if (arnA !== undefined && arnA === keyArn(b)) {
        return true;
    }
    return a.kind === "stack" && b.kind === "stack" && a.urns.length === 1 && b.urns.length === 1 && a.urns[0] === b.urns[0];
}

export function keyArn(k: KeyRef): string | undefined {
    return k.kind === "external" ? k.arn : k.kind === "stack" ? k.arn : undefined;
}

export function describeKey(k: KeyRef): string {
    switch (k.kind) {
        case "none": return "no key id (S3 then uses the AWS-managed aws/s3 key)";
        case "aws-managed": return `the AWS-managed key ${k.shown}`;
        case "stack": return k.arn ?? (k.urns.length === 1 ? `the stack's KMS key ${k.urns[0]}` : `one of the stack's KMS keys ${k.urns.join(", ")}`);
        case "external": return k.arn;
        case "unresolved": return `${k.shown}, which cannot be tied to a customer-managed key: ${k.why}`;
    }
}
