/**
 * Which KMS key a key reference means. A reference is a key ARN, key id, alias name or alias ARN,
 * or, in preview, an unknown value: then its property dependencies say where it came from.
 */
import { Value, isUnknown, nonEmptyString, show } from "../known";
import { AliasKind, KeyKind, Unusable, aliasKindOf, keyKindOf, notForS3 } from "./key-kinds";
import { Resource, depsOf } from "./resource";
import { addTo } from "../multimap";

export type KeyRef =
    /** No key id: S3 then uses the AWS-managed `aws/s3` key. */
    | { kind: "none" }
    | { kind: "aws-managed"; shown: string }
    /** Customer-managed keys of the stack (see key-kinds.ts); several when an unknown value depends on several. */
    | { kind: "stack"; urns: string[]; arn?: string; shown: string; label: string }
    /** Keys of the stack that S3 cannot use (asymmetric, HMAC): `resource` names the key, `why` what is wrong with it (or with its primary). */
    | { kind: "not-for-s3"; shown: string; resource: string; label: string; why: Unusable }
    /** A key named through an alias, which S3 resolves at each request (docs/key-kinds.md); `target` is what the alias now names. */
    | { kind: "alias"; shown: string; target: AliasTarget; via?: string }
    /** A full key ARN of a key not declared in the stack. */
    | { kind: "external"; arn: string }
    /** Anything no known fact ties to a particular key. */
    | { kind: "unresolved"; shown: string; why: Unresolved };

/** What an alias now names: a key reference, a key outside the stack, or nothing (its aliases form a cycle). */
export type AliasTarget = KeyRef | { kind: "undeclared" } | { kind: "cycle" };

/** Why a key reference cannot be tied to a customer-managed key. */
export type Unresolved =
    | { kind: "not-a-string" }
    /** Neither a full key ARN nor a key or alias of this stack (a bare key id from elsewhere). */
    | { kind: "not-a-key-arn" }
    /** Unknown, and computed from no resource of this stack. */
    | { kind: "no-dependencies" }
    /** Unknown, and computed from this resource, which is not a KMS key of this stack. */
    | { kind: "computed-from"; urn: string };

/** An unknown key reference, as findings show it. */
const UNKNOWN_KEY_ID = "a key id unknown until apply";

const KEY_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A full key ARN: what S3 compares the key-id header with; aliases and bare ids never match it. */
export function isKeyArn(value: string): boolean {
    return KEY_ARN.test(value);
}
// `alias/aws/...` names are reserved for AWS-managed keys, in any region and account.
const AWS_MANAGED_ALIAS = /^(arn:[a-z-]+:kms:[a-z0-9-]*:\d*:)?alias\/aws\//;
const ALIAS = /^(arn:[a-z-]+:kms:[a-z0-9-]*:\d*:)?alias\//;

interface StackKey {
    resource: Resource;
    kind: KeyKind;
    arn?: string;
}

interface StackAlias {
    resource: Resource;
    kind: AliasKind;
}

export class KeyIndex {
    private readonly keysByValue = new Map<string, StackKey[]>();
    private readonly keysByUrn = new Map<string, StackKey>();
    private readonly aliasesByValue = new Map<string, StackAlias>();
    private readonly aliasesByUrn = new Map<string, StackAlias>();

    /** Indexes `r` if it is a key or alias of a kind in key-kinds.ts. */
    add(r: Resource): void {
        const keyKind = keyKindOf(r.type);
        if (keyKind) {
            const key: StackKey = { resource: r, kind: keyKind, arn: nonEmptyString(r.props.arn) };
            this.keysByUrn.set(r.urn, key);
            // Related multi-Region keys share their key id: one id can name several stack keys.
            for (const s of new Set([r.props.arn, keyKind.keyId ? r.props[keyKind.keyId] : undefined, r.props.id].map(nonEmptyString))) {
                if (s) {
                    addTo(this.keysByValue, s, key);
                }
            }
            return;
        }
        const aliasKind = aliasKindOf(r.type);
        if (aliasKind) {
            const alias: StackAlias = { resource: r, kind: aliasKind };
            this.aliasesByUrn.set(r.urn, alias);
            for (const v of [r.props[aliasKind.name], ...aliasKind.aliasValues.map((p) => r.props[p])]) {
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

    /** The policy a stack key declares itself (a separate key-policy resource is not read), if any. */
    policyOf(urn: string): Value | undefined {
        const k = this.keysByUrn.get(urn);
        return k?.resource.props[k.kind.policy];
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
            return { kind: "unresolved", shown: show(value), why: { kind: "not-a-string" } };
        }
        if (AWS_MANAGED_ALIAS.test(value)) {
            return { kind: "aws-managed", shown: value };
        }
        const keys = this.keysByValue.get(value);
        if (keys) {
            return this.stackRef(keys, value, seen);
        }
        const alias = this.aliasesByValue.get(value);
        if (alias || ALIAS.test(value)) {
            return { kind: "alias", shown: value, target: alias ? this.aliasTarget(alias, seen) : { kind: "undeclared" } };
        }
        if (KEY_ARN.test(value)) {
            return { kind: "external", arn: value };
        }
        return { kind: "unresolved", shown: value, why: { kind: "not-a-key-arn" } };
    }

    /** The stack keys `keys`, or why S3 cannot use one of them. */
    private stackRef(keys: StackKey[], shown: string, seen: ReadonlySet<string>): KeyRef {
        const label = [...new Set(keys.map((k) => k.kind.label))].join(" or ");
        for (const k of keys) {
            const why = this.notForS3(k, seen);
            if (why) {
                return { kind: "not-for-s3", shown, resource: k.resource.name, label: k.kind.label, why };
            }
        }
        return { kind: "stack", urns: keys.map((k) => k.resource.urn), arn: keys.length === 1 ? keys[0].arn : undefined, shown, label };
    }

    /** A replica's spec and usage are its primary's: read them there when the primary is in the stack. */
    private notForS3(k: StackKey, seen: ReadonlySet<string>): Unusable | undefined {
        const own = notForS3(k.kind, k.resource.props);
        if (own || !k.kind.primary || seen.has(k.resource.urn)) {
            return own;
        }
        const primary = this.resolve(k.resource.props[k.kind.primary], depsOf(k.resource, k.kind.primary), new Set([...seen, k.resource.urn]));
        return primary.kind === "not-for-s3" ? { ...primary.why, primary: `${primary.shown} (the stack's ${primary.label} ${primary.resource})` } : undefined;
    }

    private aliasTarget(alias: StackAlias, seen: ReadonlySet<string>): AliasTarget {
        const r = alias.resource;
        if (seen.has(r.urn)) {
            return { kind: "cycle" };
        }
        return this.resolve(r.props[alias.kind.target], depsOf(r, alias.kind.target), new Set([...seen, r.urn]));
    }

    /**
     * An unknown key reference is a stack key only if everything it was computed from is a stack
     * key: any other dependency could have supplied another key, and one computed from an alias
     * may be the alias's name.
     */
    private resolveUnknown(deps: string[], seen: ReadonlySet<string>): KeyRef {
        const shown = UNKNOWN_KEY_ID;
        if (deps.length === 0) {
            return { kind: "unresolved", shown, why: { kind: "no-dependencies" } };
        }
        const keys: StackKey[] = [];
        for (const dep of deps) {
            const key = this.keysByUrn.get(dep);
            const alias = this.aliasesByUrn.get(dep);
            if (alias) {
                return { kind: "alias", shown, via: alias.resource.name, target: this.aliasTarget(alias, seen) };
            }
            if (!key) {
                return { kind: "unresolved", shown, why: { kind: "computed-from", urn: dep } };
            }
            keys.push(key);
        }
        return this.stackRef(keys, shown, seen);
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
