/** The simulate wrapper must fail cases that would prove nothing, and pass the keys it promises. */
import * as assert from "assert";
import { ACCOUNT, PARTNER_READER, WRITER } from "./fixtures";
import { PolicyDocument } from "./policy";
import { DishonestCaseError, contextOf, simulate } from "./simulate";

const BUCKET = "arn:aws:s3:::harness-bucket";
const allowPut: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: `${BUCKET}/*` }] };
const denyWith = (condition: Record<string, Record<string, string>>): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "D", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET}/*`, Condition: condition }],
});
const put = (resourcePolicy: PolicyDocument, context: Record<string, string> = {}) => ({
    principal: WRITER, action: "s3:PutObject", resource: `${BUCKET}/k`, secureTransport: true, tlsVersion: "1.2", context, identityPolicies: [allowPut], resourcePolicy,
});

describe("IAM proofs: the simulate wrapper", () => {
    it("always passes aws:SecureTransport and aws:PrincipalAccount, and kms:CallerAccount on KMS calls", () => {
        assert.deepStrictEqual(contextOf({ principal: PARTNER_READER, action: "s3:GetObject", resource: `${BUCKET}/k`, secureTransport: false, identityPolicies: [] }), {
            "aws:SecureTransport": "false",
            "aws:PrincipalAccount": "210987654321",
        });
        const kms = contextOf({ principal: WRITER, action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:123456789012:key/x", secureTransport: true, identityPolicies: [] });
        assert.strictEqual(kms["kms:CallerAccount"], ACCOUNT);
        assert.strictEqual(kms["aws:PrincipalAccount"], ACCOUNT);
    });

    it("fails a case whose context has a key the action ignores", async () => {
        await assert.rejects(simulate(put(denyWith({ Null: { "s3:x-amz-server-side-encryption": "true" } }), { "kms:ViaService": "s3.us-east-1.amazonaws.com" })), DishonestCaseError);
    });

    it("fails a case when a statement has an unknown operator", async () => {
        await assert.rejects(simulate(put(denyWith({ StringEqualz: { "s3:x-amz-server-side-encryption": "AES256" } }), { "s3:x-amz-server-side-encryption": "AES256" })), /unknown condition operator/);
    });

    it("refuses a TLS version on a plain HTTP request", async () => {
        await assert.rejects(simulate({ ...put(denyWith({ Bool: { "aws:SecureTransport": "false" } })), secureTransport: false }), DishonestCaseError);
    });

    it("reports the denying Sid and the IAM subtleties it relies on (StringNotEquals matches a missing key)", async () => {
        const got = await simulate(put(denyWith({ StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } })));
        assert.deepStrictEqual(got, { decision: "ExplicitlyDenied", deniedBy: ["D"], grantedBy: [] });
    });
});
