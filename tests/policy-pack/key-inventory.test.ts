/**
 * Inventory: every KMS resource type the installed @pulumi/aws ships is either read by the key
 * model (policy-pack/src/model/key-kinds.ts) or listed below with the reason it is not. A provider
 * upgrade that adds a KMS resource fails here until someone decides what it means for buckets.
 * (The pack itself never loads @pulumi/aws; only this test does, as a dev dependency.)
 */
import * as assert from "assert";
import * as fs from "fs";
import * as aws from "@pulumi/aws";
import { ALIAS_KINDS, KEY_KINDS, KEY_POLICY_HOLDERS, KeyKind, aliasFields, keyFields } from "../../policy-pack/src/model/key-kinds";

/** KMS resource types that create no key S3 could encrypt with, and why the pack does not read them. */
const NOT_KEYS: Record<string, string> = {
    "aws:kms/ciphertext:Ciphertext": "encrypts a value under a key; declares no key",
    "aws:kms/customKeyStore:CustomKeyStore": "a CloudHSM or external key store; the keys in it are aws:kms/key:Key rows with customKeyStoreId",
    "aws:kms/grant:Grant": "gives named principals operations on an existing key; grants are not judged by this pack (docs/key-kinds.md)",
};

function sdkKmsTypes(): string[] {
    // Resource classes carry their type token as the static `__pulumiType`; data sources are plain functions.
    const exported = aws.kms as unknown as Record<string, { __pulumiType?: unknown } | undefined>;
    return Object.keys(exported)
        .map((name) => exported[name]?.__pulumiType)
        .filter((t): t is string => typeof t === "string")
        .sort();
}

/** The SDK's types that neither the key model reads nor NOT_KEYS lists. */
function unhandled(sdkTypes: string[], understood: ReadonlySet<string>, listed: Record<string, string>): string[] {
    return sdkTypes.filter((t) => !understood.has(t) && !(t in listed));
}

const UNDERSTOOD: ReadonlySet<string> = new Set([...KEY_KINDS, ...ALIAS_KINDS, ...KEY_POLICY_HOLDERS].map((k) => k.type));

describe("KMS resource type inventory (@pulumi/aws)", () => {
    const types = sdkKmsTypes();

    it("finds the SDK's KMS resource classes", () => {
        assert.ok(types.includes("aws:kms/key:Key") && types.includes("aws:kms/replicaKey:ReplicaKey"), `walk found ${types.join(", ")}`);
    });

    it("has every KMS resource type either understood by the key model or listed with a reason", () => {
        assert.deepStrictEqual(unhandled(types, UNDERSTOOD, NOT_KEYS), []);
    });

    it("lists no @pulumi/aws type the SDK does not ship, and none both understood and excused", () => {
        const ours = [...UNDERSTOOD, ...Object.keys(NOT_KEYS)].filter((t) => t.startsWith("aws:"));
        assert.deepStrictEqual(ours.filter((t) => !types.includes(t)), []);
        assert.deepStrictEqual(Object.keys(NOT_KEYS).filter((t) => UNDERSTOOD.has(t)), []);
    });

    it("fails for each understood type once it is removed from the key model", () => {
        for (const t of [...UNDERSTOOD].filter((u) => types.includes(u))) {
            const without = new Set([...UNDERSTOOD].filter((u) => u !== t));
            assert.deepStrictEqual(unhandled(types, without, NOT_KEYS), [t]);
        }
    });

    it("reads of each @pulumi/aws kind only properties its class declares (the SDK's own .d.ts)", () => {
        const declared = (type: string): Set<string> => {
            // "aws:kms/replicaKey:ReplicaKey" is declared in @pulumi/aws/kms/replicaKey.d.ts.
            const file = require.resolve(`@pulumi/aws/${type.split(":")[1]}.d.ts`);
            const text = fs.readFileSync(file, "utf8");
            const body = text.slice(text.indexOf("export declare class"), text.indexOf("export interface"));
            return new Set([...body.matchAll(/readonly (\w+)[?]?:/g)].map((m) => m[1]));
        };
        const read = (k: KeyKind) => [k.policy, k.deletionWindow, ...(k.bypass ? [k.bypass] : []), ...(k.customKeyStore ? [k.customKeyStore] : []),
            ...(k.rotation.kind === "setting" ? [k.rotation.property] : []), ...keyFields(k).filter((f) => f !== "id")];
        const rows: [string, string[]][] = [
            ...KEY_KINDS.map((k): [string, string[]] => [k.type, read(k)]),
            ...ALIAS_KINDS.map((a): [string, string[]] => [a.type, aliasFields(a).filter((f) => f !== "id")]),
            ...KEY_POLICY_HOLDERS.filter((h) => !KEY_KINDS.some((k) => k.type === h.type)).map((h): [string, string[]] => [h.type, [h.policy, ...(h.bypass ? [h.bypass] : [])]]),
        ];
        for (const [type, properties] of rows.filter(([t]) => t.startsWith("aws:"))) {
            const known = declared(type);
            assert.ok(known.size > 3, `read no properties for ${type}`);
            assert.deepStrictEqual(properties.filter((p) => !known.has(p)), [], type);
        }
    });

    it("fails for a type the SDK adds that nobody has classified", () => {
        assert.deepStrictEqual(unhandled([...types, "aws:kms/futureKey:FutureKey"], UNDERSTOOD, NOT_KEYS), ["aws:kms/futureKey:FutureKey"]);
    });
});
