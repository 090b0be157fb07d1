/** Issue 4: the created key's policy, evaluated as KMS would (key policy first, IAM only through the root statement). */
import * as assert from "assert";
import { EnforcementMode, KEY_POLICY_SIDS, SseAlgorithm } from "../../components";
import { checkCase } from "./check";
import { ACCOUNT } from "./fixtures";
import { keyCases } from "./matrix";
import { ALGORITHMS, MODES, Render, pick, renders, variantName } from "./render";
import { writeReportAfterRun } from "./report";

writeReportAfterRun();

const RENDER = variantName(EnforcementMode.Strict, SseAlgorithm.Kms);

describe("IAM proofs: key policy", () => {
    let render: Render;
    let all: Map<string, Render>;
    before(async () => {
        all = await renders();
        render = pick(all, RENDER);
    });

    it("is the same document in every enforcement mode and algorithm, so one evaluation covers them all", () => {
        for (const mode of MODES) {
            for (const alg of ALGORITHMS) {
                assert.strictEqual(pick(all, variantName(mode, alg)).keyPolicyJson, render.keyPolicyJson, variantName(mode, alg));
            }
        }
    });

    it("has the account root statement, unconditioned, so the key cannot be locked out", () => {
        const root = render.keyPolicy!.Statement.find((s) => s.Sid === KEY_POLICY_SIDS.accountRoot);
        assert.ok(root, `no ${KEY_POLICY_SIDS.accountRoot} statement`);
        assert.deepStrictEqual(root.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
        assert.strictEqual(root.Effect, "Allow");
        assert.strictEqual(root.Action, "kms:*");
        assert.strictEqual(root.Condition, undefined);
    });

    it("exists only when the component creates the key (existing-key mode registers no key)", () => {
        for (const mode of MODES) {
            for (const alg of ALGORITHMS) {
                assert.strictEqual(pick(all, variantName(mode, alg, true)).keyPolicy, undefined);
            }
        }
    });

    for (const c of keyCases(RENDER)) {
        it(`${c.name}: ${c.expected.decision}`, () => checkCase(c, render));
    }
});
