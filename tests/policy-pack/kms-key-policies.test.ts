import * as assert from "assert";
import { UNKNOWN } from "../../offline/engine-resource";
import { FORMS, key, usePack, violation, violations } from "./fixtures";

const ROTATION = "kms-key-rotation-enabled";
const LEAST_PRIVILEGE = "kms-key-policy-least-privilege";

const rootPolicy = {
    Version: "2012-10-17",
    Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }],
};

describe("policies kms-key-rotation-enabled and kms-key-policy-least-privilege", () => {
    const pack = usePack();

    // Per-resource analysis sees a key's inputs, before the key is created.
    const analyze = async (props: Record<string, unknown>) => {
        const k = key("update", "k", props);
        return { k, ds: await pack().analyze(k) };
    };

    it("passes a rotating key with an explicit key policy, and runs no key policy over the whole stack", async () => {
        const { k, ds } = await analyze({ policy: JSON.stringify(rootPolicy) });
        assert.deepStrictEqual(violations(ds), []);
        assert.deepStrictEqual(violations(await pack().analyzeStack([k])), []);
    });

    for (const [name, props, message] of [
        ["rotation off", { enableKeyRotation: false }, /enableKeyRotation is false/],
        ["rotation not set", { enableKeyRotation: undefined }, /not set/],
        ["rotation unknown in preview", { enableKeyRotation: UNKNOWN.boolean }, /unknown until apply/],
    ] as const) {
        it(`reports ${name}, at advisory level`, async () => {
            const { k, ds } = await analyze(props);
            assert.deepStrictEqual(violations(ds), [violation(ROTATION, k, "advisory")]);
            assert.match(ds[0].message, message);
        });
    }

    it("does not ask asymmetric or HMAC keys to rotate", async () => {
        for (const props of [{ customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", enableKeyRotation: false }, { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }]) {
            assert.deepStrictEqual(violations((await analyze(props)).ds), []);
        }
    });

    const open = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [...rootPolicy.Statement, statement] });
    for (const [name, props, message] of [
        ["an unconditioned * principal", { policy: open({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }) }, /any principal \("\*"\) with no condition/],
        ["an unconditioned {AWS: *} principal", { policy: open({ Sid: "Everyone", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:*", Resource: "*" }) }, /statement Everyone allows any principal/],
        ["NotPrincipal", { policy: open({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }) }, /NotPrincipal/],
        ["the lock-out safety check bypassed", { policy: JSON.stringify(rootPolicy), bypassPolicyLockoutSafetyCheck: true }, /bypassPolicyLockoutSafetyCheck is true/],
        ["a key policy unknown in preview", { policy: UNKNOWN.string }, /key policy is unknown until apply/],
        ["an unreadable key policy", { policy: "{" }, /unreadable/],
    ] as const) {
        it(`reports ${name}, at advisory level`, async () => {
            const { k, ds } = await analyze(props);
            assert.deepStrictEqual(violations(ds), [violation(LEAST_PRIVILEGE, k, "advisory")]);
            assert.match(ds[0].message, message);
        });
    }

    it("accepts * under a condition, and KMS's default policy", async () => {
        const conditioned = open({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "111122223333" } } });
        for (const props of [{ policy: conditioned }, { policy: undefined }]) {
            assert.deepStrictEqual(violations((await analyze(props)).ds), []);
        }
    });

    it("is mandatory when configured so, in both forms", async () => {
        await pack().configure({ [ROTATION]: "mandatory", [LEAST_PRIVILEGE]: { enforcementLevel: "mandatory" } });
        try {
            for (const form of FORMS) {
                const k = key(form, "k", { enableKeyRotation: false, policy: open({ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }) });
                assert.deepStrictEqual(violations(await pack().analyze(k)), [violation(LEAST_PRIVILEGE, k), violation(ROTATION, k)].sort());
            }
        } finally {
            await pack().configure({});
        }
    });
});
