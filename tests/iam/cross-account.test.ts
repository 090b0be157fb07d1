/** Issue 4: a reader in another account, with and without each side of the grant (bucket policy, key policy). */
import * as assert from "assert";
import { checkCase, evaluate } from "./check";
import { CROSS_ACCOUNT_RENDERS, crossAccountCases } from "./matrix";
import { Render, pick, renders } from "./render";
import { writeReportAfterRun } from "./report";

writeReportAfterRun();

describe("IAM proofs: cross-account reader", () => {
    let all: Map<string, Render>;
    before(async () => {
        all = await renders();
    });

    for (const x of CROSS_ACCOUNT_RENDERS) {
        describe(`${x.render} (bucket grant: ${x.bucketGrant ? "yes" : "no"}, key grant: ${x.keyGrant ? "yes" : "no"})`, () => {
            const cases = crossAccountCases(x.render, x.bucketGrant, x.keyGrant);
            for (const c of cases) {
                it(`${c.name}: ${c.expected.decision}`, () => checkCase(c, pick(all, x.render)));
            }
            const readable = x.bucketGrant && x.keyGrant;
            it(`reading an object end to end (GetObject and S3's kms:Decrypt both allowed) is ${readable ? "possible" : "impossible"}`, async () => {
                const render = pick(all, x.render);
                const [get, decrypt] = await Promise.all(cases.slice(0, 2).map((c) => evaluate(c, render)));
                assert.strictEqual(get.decision === "Allowed" && decrypt.decision === "Allowed", readable,
                    `GetObject ${get.decision}, kms:Decrypt through S3 ${decrypt.decision}`);
            });
        });
    }
});
