/**
 * Inventory: every KMS resource type the installed @pulumi/aws and aws-native ship is either read
 * by the key model (policy-pack/src/model/key-kinds.ts) or listed below with the reason it is not.
 * A provider upgrade that adds a KMS resource fails here until someone decides what it means for
 * buckets. The types and their properties come from the packages' own files (provider-types.ts);
 * the pack itself never loads a provider SDK.
 */
import * as assert from "assert";
import { ALIAS_KINDS, KEY_KINDS, KEY_POLICY_HOLDERS, KeyKind, aliasFields, keyFields } from "../../policy-pack/src/model/key-kinds";
import { AWS, AWS_NATIVE, resourceClasses, stateProperties } from "./provider-types";

/** KMS resource types that create no key S3 could encrypt with, and why the pack does not read them. */
const NOT_KEYS: Record<string, string> = {
    "aws:kms/ciphertext:Ciphertext": "encrypts a value under a key; declares no key",
    "aws:kms/customKeyStore:CustomKeyStore": "a CloudHSM or external key store; the keys in it are aws:kms/key:Key rows with customKeyStoreId",
    "aws:kms/grant:Grant": "gives named principals operations on an existing key; grants are not judged by this pack (docs/key-kinds.md)",
};

/** The types that neither the key model reads nor NOT_KEYS lists. */
function unhandled(types: string[], understood: ReadonlySet<string>, listed: Record<string, string>): string[] {
    return types.filter((t) => !understood.has(t) && !(t in listed));
}

const UNDERSTOOD: ReadonlySet<string> = new Set([...KEY_KINDS, ...ALIAS_KINDS, ...KEY_POLICY_HOLDERS].map((k) => k.type));

/** Every property the key model reads of a type. */
function readsOf(type: string): string[] {
    const key = KEY_KINDS.find((k) => k.type === type);
    if (key) {
        const k: KeyKind = key;
        return [k.policy, k.deletionWindow, ...(k.bypass ? [k.bypass] : []), ...(k.customKeyStore ? [k.customKeyStore] : []),
            ...(k.rotation.kind === "setting" ? [k.rotation.property] : []), ...keyFields(k).filter((f) => f !== "id")];
    }
    const alias = ALIAS_KINDS.find((a) => a.type === type);
    if (alias) {
        return aliasFields(alias).filter((f) => f !== "id");
    }
    const holder = KEY_POLICY_HOLDERS.find((h) => h.type === type)!;
    return [holder.policy, ...(holder.bypass ? [holder.bypass] : [])];
}

for (const { provider, prefix, keys } of [
    { provider: AWS, prefix: "aws:", keys: ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"] },
    { provider: AWS_NATIVE, prefix: "aws-native:", keys: ["aws-native:kms:Key", "aws-native:kms:ReplicaKey"] },
]) {
    describe(`KMS resource type inventory (${provider.name})`, () => {
        const classes = resourceClasses(provider, "kms");
        const types = classes.map((c) => c.token).sort();

        it("finds the provider's KMS resource classes", () => {
            assert.ok(keys.every((k) => types.includes(k)), `walk found ${types.join(", ")}`);
        });

        it("has every KMS resource type either understood by the key model or listed with a reason", () => {
            assert.deepStrictEqual(unhandled(types, UNDERSTOOD, NOT_KEYS), []);
        });

        it("lists no type the provider does not ship, and none both understood and excused", () => {
            const ours = [...UNDERSTOOD, ...Object.keys(NOT_KEYS)].filter((t) => t.startsWith(prefix));
            assert.deepStrictEqual(ours.filter((t) => !types.includes(t)), []);
            assert.deepStrictEqual(Object.keys(NOT_KEYS).filter((t) => UNDERSTOOD.has(t)), []);
        });

        it("fails for each understood type once it is removed from the key model", () => {
            for (const t of [...UNDERSTOOD].filter((u) => types.includes(u))) {
                const without = new Set([...UNDERSTOOD].filter((u) => u !== t));
                assert.deepStrictEqual(unhandled(types, without, NOT_KEYS), [t]);
            }
        });

        it("reads of each kind only properties its class declares (a misspelt property would read as absent)", () => {
            const understoodHere = classes.filter((c) => UNDERSTOOD.has(c.token));
            assert.ok(understoodHere.length >= 3, understoodHere.map((c) => c.token).join(", "));
            for (const c of understoodHere) {
                const known = new Set(stateProperties(c).keys());
                assert.ok(known.size >= 2, `read no properties for ${c.token}`);
                assert.deepStrictEqual(readsOf(c.token).filter((p) => !known.has(p)), [], c.token);
            }
        });

        it("fails for a type the provider adds that nobody has classified", () => {
            const future = `${prefix}kms/futureKey:FutureKey`;
            assert.deepStrictEqual(unhandled([...types, future], UNDERSTOOD, NOT_KEYS), [future]);
        });
    });
}
