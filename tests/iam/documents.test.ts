/** Lint of every document the component registers, in every option combination. */
import * as assert from "assert";
import { BUCKET_POLICY_SIDS, EnforcementMode, KEY_POLICY_SIDS } from "../../components";
import { PARTNER_READ_SID } from "./fixtures";
import { lintDocument } from "./lint";
import { sidsOf } from "./policy";
import { Render, renders, variants } from "./render";
import { writeReportAfterRun } from "./report";

writeReportAfterRun();

const B = BUCKET_POLICY_SIDS;

describe("IAM proofs: lint of the rendered documents", () => {
    let all: Map<string, Render>;
    before(async () => {
        all = await renders();
    });

    for (const v of variants()) {
        describe(v.name, () => {
            it("bucket policy: valid JSON, 2012-10-17, unique Sids, no open allow, S3 actions on this bucket only", () => {
                const r = all.get(v.name)!;
                assert.deepStrictEqual(lintDocument(r.bucketPolicyJson, { service: "s3", resources: [r.bucketArn] }), []);
            });

            it("bucket policy: the component's statements, in order, then the caller's", () => {
                const r = all.get(v.name)!;
                const strict = r.enforcement === EnforcementMode.Strict;
                const own = [B.insecureTransport, B.outdatedTls, ...(strict ? [B.missingEncryptionHeader] : []), B.wrongAlgorithm, B.missingKeyId, B.wrongKey, B.customerKey];
                const extra = (v.args.bucketPolicyStatements ?? []).length ? [PARTNER_READ_SID] : [];
                assert.deepStrictEqual(sidsOf(r.bucketPolicy), [...own, ...extra]);
            });

            if (v.args.existingKeyArn === undefined) {
                it("key policy: valid JSON, 2012-10-17, unique Sids, no open allow, KMS actions on the key only", () => {
                    const r = all.get(v.name)!;
                    assert.ok(r.keyPolicyJson, "no key policy");
                    assert.deepStrictEqual(lintDocument(r.keyPolicyJson, { service: "kms", resources: ["*"] }), []);
                    const some = (list: unknown) => Array.isArray(list) && list.length > 0;
                    const expected = [
                        KEY_POLICY_SIDS.accountRoot,
                        ...(some(v.args.keyAdministrators) ? [KEY_POLICY_SIDS.administrators] : []),
                        ...(some(v.args.keyUsers) ? [KEY_POLICY_SIDS.users, KEY_POLICY_SIDS.usersOutsideS3] : []),
                    ];
                    assert.deepStrictEqual(sidsOf(r.keyPolicy!), expected);
                });
            }
        });
    }
});

describe("IAM proofs: the lint itself", () => {
    const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    const opts = { service: "s3" as const, resources: ["arn:aws:s3:::b"] };
    const base = { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" };

    it("passes a clean statement", () => {
        assert.deepStrictEqual(lintDocument(doc(base), opts), []);
    });

    for (const [what, json, expected] of [
        ["invalid JSON", "{", /not valid JSON/],
        ["an old Version", JSON.stringify({ Version: "2008-10-17", Statement: [base] }), /Version/],
        ["duplicate Sids", JSON.stringify({ Version: "2012-10-17", Statement: [base, base] }), /duplicate Sid/],
        ["an unconditioned * principal on Allow", doc({ ...base, Effect: "Allow" }), /"\*" principal without any condition/],
        ["{ AWS: * } on Allow", doc({ ...base, Effect: "Allow", Principal: { AWS: "*" } }), /"\*" principal/],
        ["an unknown operator", doc({ ...base, Condition: { StringEqualz: { "aws:SecureTransport": "false" } } }), /unknown condition operator StringEqualz/],
        ["a Null that is not true/false", doc({ ...base, Condition: { Null: { "s3:x": "yes" } } }), /must be "true" or "false"/],
        ["another bucket", doc({ ...base, Resource: "arn:aws:s3:::other/*" }), /outside/],
        ["a NotPrincipal", doc({ ...base, Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }), /NotPrincipal/],
        ["a missing Sid", doc({ ...base, Sid: undefined }), /no Sid/],
    ] as const) {
        it(`fails ${what}`, () => {
            const problems = lintDocument(json, opts);
            assert.ok(problems.some((p) => expected.test(p)), `expected a problem matching ${expected}, got ${JSON.stringify(problems)}`);
        });
    }
});
