// getPolicyDocument offline, against the documents the AWS provider's own acceptance tests expect
// (hashicorp/terraform-provider-aws, internal/service/iam/policy_document_data_source_test.go),
// and against an independent IAM policy validator.
import * as assert from "assert";
import { crc32 } from "zlib";
import { validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { PolicyDocumentError, renderPolicyDocument } from "../../offline/policy-document";

describe("offline getPolicyDocument rendering", () => {
    it("renders the provider's reference document byte for byte: sets reversed, singles as strings, principals, policy variables, sources", () => {
        const base = renderPolicyDocument({
            policyId: "policy_id",
            statements: [
                { sid: "1", actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources: ["arn:aws:s3:::*"] },
                {
                    actions: ["s3:ListBucket"],
                    resources: ["arn:aws:s3:::foo"],
                    conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["home/", "home/&{aws:username}/"] }],
                    notPrincipals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
                },
                {
                    actions: ["s3:*"],
                    resources: ["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
                    principals: [{ type: "AWS", identifiers: ["arn:blahblah:example", "arn:blahblahblah:example"] }],
                },
                { effect: "Deny", notActions: ["s3:*"], notResources: ["arn:aws:s3:::*"] },
                { effect: "Allow", actions: ["kinesis:*"], principals: [{ type: "AWS", identifiers: ["*"] }] },
                { effect: "Allow", actions: ["firehose:*"], principals: [{ type: "*", identifiers: ["*"] }] },
            ],
        });
        const withSource = renderPolicyDocument({
            sourcePolicyDocuments: [base.json],
            statements: [{ sid: "SourceJSONTest1", actions: ["*"], resources: ["*"] }],
        });
        assert.strictEqual(withSource.json, `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/\${aws:username}/*",
        "arn:aws:s3:::foo/home/\${aws:username}"
      ],
      "Principal": {
        "AWS": [
          "arn:blahblahblah:example",
          "arn:blahblah:example"
        ]
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    },
    {
      "Sid": "SourceJSONTest1",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`);
        assert.strictEqual(withSource.minifiedJson, JSON.stringify(JSON.parse(withSource.json)));
        assert.strictEqual(withSource.id, String(crc32(withSource.json)));
    });

    it("merges repeated condition keys in order, and lets override documents replace statements by Sid", () => {
        const dup = JSON.parse(renderPolicyDocument({
            statements: [{
                sid: "DuplicateConditionTest", actions: ["s3:PutObject"], resources: ["*"],
                principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
                conditions: [
                    { test: "StringEquals", variable: "s3:prefix", values: ["one/", "two/"] },
                    { test: "StringEquals", variable: "s3:prefix", values: ["three/"] },
                ],
            }],
        }).json);
        assert.deepStrictEqual(dup.Statement[0].Condition, { StringEquals: { "s3:prefix": ["one/", "two/", "three/"] } });
        assert.deepStrictEqual(dup.Statement[0].Principal, { Service: "cloudtrail.amazonaws.com" });

        const override = renderPolicyDocument({ statements: [{ sid: "SidToOverwrite", actions: ["s3:*"], resources: ["*"] }] }).json;
        const merged = JSON.parse(renderPolicyDocument({
            overridePolicyDocuments: [override],
            statements: [
                { actions: ["ec2:*"], resources: ["*"] },
                { sid: "SidToOverwrite", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] },
            ],
        }).json);
        assert.deepStrictEqual(merged.Statement, [
            { Effect: "Allow", Action: "ec2:*", Resource: "*" },
            { Sid: "SidToOverwrite", Effect: "Allow", Action: "s3:*", Resource: "*" },
        ]);
        assert.deepStrictEqual(JSON.parse(renderPolicyDocument({ sourcePolicyDocuments: [""], statements: [{ sid: "SourceJSONTest2", actions: ["*"], resources: ["*"] }] }).json),
            { Version: "2012-10-17", Statement: [{ Sid: "SourceJSONTest2", Effect: "Allow", Action: "*", Resource: "*" }] });
    });

    it("refuses what the provider refuses: duplicate Sids, bad effects, &{ in 2008-10-17 documents", () => {
        assert.throws(() => renderPolicyDocument({ statements: [{ sid: "1", actions: ["a:b"] }, { sid: "1", actions: ["c:d"] }] }), /duplicate Sid \(1\)/);
        assert.throws(() => renderPolicyDocument({ statements: [{ effect: "allow", actions: ["a:b"] }] }), PolicyDocumentError);
        assert.throws(() => renderPolicyDocument({ version: "2008-10-17", statements: [{ actions: ["*"], resources: ["arn:aws:s3:::foo/&{aws:username}"] }] }), /not supported in document version 2008-10-17/);
    });

    it("escapes <, > and & as Go's encoding/json does, so the stored string is the provider's", () => {
        const { json } = renderPolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a&b/<x>"] }] });
        assert.ok(json.includes(String.raw`arn:aws:s3:::a\u0026b/\u003cx\u003e`), json);
        assert.strictEqual(JSON.parse(json).Statement[0].Resource, "arn:aws:s3:::a&b/<x>");
    });

    it("renders documents an independent IAM policy syntax validator accepts", () => {
        const { json } = renderPolicyDocument({
            statements: [
                { sid: "DenyHttp", effect: "Deny", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:*"],
                    resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] },
                { sid: "Readers", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/r", "111122223333"] }],
                    actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] },
            ],
        });
        assert.deepStrictEqual(validateResourcePolicy(JSON.parse(json)), []);
    });
});
