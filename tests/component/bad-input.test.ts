import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket, EncryptedBucketArgs, EncryptedBucketArgsError, SseAlgorithm } from "../../components";
import { captureStack } from "../../offline/capture";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";

/** Each bad input, the argument its error must name, and the rule it must state. */
const CASES: Array<[string, EncryptedBucketArgs, RegExp]> = [
    ["a bucket name too short", { bucketName: "ab" }, /args\.bucketName: "ab" must be 3 to 63 characters/],
    ["a bucket name with capitals", { bucketName: "My-Bucket" }, /args\.bucketName: "My-Bucket" may contain only lowercase letters/],
    ["a bucket name with dots", { bucketName: "my.bucket" }, /args\.bucketName: "my\.bucket" must not contain dots/],
    ["a bucket name with dots and capitals", { bucketName: "My.bucket" }, /may contain only lowercase letters, digits and hyphens\n[\s\S]*must not contain dots/],
    ["a bucket name ending in a hyphen", { bucketName: "bucket-" }, /args\.bucketName: "bucket-" must begin and end with a lowercase letter or digit/],
    ["a reserved bucket-name prefix", { bucketName: "xn--bucket" }, /args\.bucketName: .* reserved prefix "xn--"/],
    ["a reserved bucket-name suffix", { bucketName: "data-s3alias" }, /args\.bucketName: .* reserved suffix "-s3alias"/],
    ["a key alias ARN as existing key", { existingKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/data" }, /args\.existingKeyArn: .* is not a KMS key ARN .*an alias is not enough/],
    ["a bare key id as existing key", { existingKeyArn: "11111111-2222-4333-8444-555555555555" }, /args\.existingKeyArn: .* is not a KMS key ARN/],
    ["a malformed key administrator", { keyAdministrators: ["admin"] }, /args\.keyAdministrators\[0\]: "admin" is not an IAM principal ARN/],
    ["a wildcard key user", { keyUsers: ["arn:aws:iam::123456789012:role/app", "*"] }, /args\.keyUsers\[1\]: "\*" is not an IAM principal ARN/],
    ["an assumed-role session as key user", { keyUsers: ["arn:aws:sts::123456789012:assumed-role/app/session"] }, /args\.keyUsers\[0\]: .* is not an IAM principal ARN/],
    ["a rotation period below 90 days", { keyRotationPeriodDays: 89 }, /args\.keyRotationPeriodDays: must be a whole number of days from 90 to 2560 \(got 89\)/],
    ["a rotation period above 2560 days", { keyRotationPeriodDays: 2561 }, /args\.keyRotationPeriodDays: .*from 90 to 2560/],
    ["a fractional rotation period", { keyRotationPeriodDays: 100.5 }, /args\.keyRotationPeriodDays: must be a whole number/],
    ["a deletion window below 7 days", { keyDeletionWindowDays: 6 }, /args\.keyDeletionWindowDays: must be a whole number of days from 7 to 30 \(got 6\)/],
    ["a deletion window above 30 days", { keyDeletionWindowDays: 31 }, /args\.keyDeletionWindowDays: .*from 7 to 30/],
    ["an unknown enforcement mode", { enforcement: "lax" as any }, /args\.enforcement: must be one of "strict", "default-encryption" \(got "lax"\)/],
    ["SSE-S3 as algorithm", { sseAlgorithm: "AES256" as any }, /args\.sseAlgorithm: must be one of "aws:kms", "aws:kms:dsse" \(got "AES256"\)/],
    ["DSSE with S3 Bucket Key", { sseAlgorithm: SseAlgorithm.KmsDsse, bucketKeyEnabled: true }, /args\.bucketKeyEnabled: S3 Bucket Keys do not apply to aws:kms:dsse/],
    ["a rotation period with rotation off", { enableKeyRotation: false, keyRotationPeriodDays: 90 }, /args\.keyRotationPeriodDays: set while args\.enableKeyRotation is false/],
    ["key settings with an existing key", { existingKeyArn: KEY, keyUsers: ["arn:aws:iam::123456789012:role/app"] }, /args\.keyUsers: configures a key the component creates, but args\.existingKeyArn/],
    ["an alias under alias/aws/", { keyAlias: "alias/aws/s3" }, /args\.keyAlias: .*reserves for AWS-managed keys/],
    ["an alias without the alias/ prefix", { keyAlias: "data" }, /args\.keyAlias: "data" must be "alias\/" followed by/],
    ["a non-boolean forceDestroy", { forceDestroy: "yes" as any }, /args\.forceDestroy: must be a boolean/],
    ["a non-boolean deleteKeyOnRemoval", { deleteKeyOnRemoval: "yes" as any }, /args\.deleteKeyOnRemoval: must be a boolean/],
    ["deleteKeyOnRemoval as an Output", { deleteKeyOnRemoval: pulumi.output(true) as any }, /args\.deleteKeyOnRemoval: must be a plain boolean, not an Output/],
    ["deleteKeyOnRemoval with an existing key", { existingKeyArn: KEY, deleteKeyOnRemoval: true }, /args\.deleteKeyOnRemoval: configures a key the component creates, but args\.existingKeyArn/],
    ["a statement with a bad effect", { bucketPolicyStatements: [{ effect: "Permit", principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["s3:GetObject"] }] }, /args\.bucketPolicyStatements\[0\]\.effect: must be one of "Allow", "Deny"/],
    ["a statement with a non-S3 action", { bucketPolicyStatements: [{ effect: "Allow", principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["kms:Decrypt"] }] }, /args\.bucketPolicyStatements\[0\]\.actions: "kms:Decrypt" is not an S3 action/],
    ["a statement reusing a reserved Sid", { bucketPolicyStatements: [{ sid: "EncryptedBucketDenySseC", effect: "Allow", principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["s3:GetObject"] }] }, /args\.bucketPolicyStatements\[0\]\.sid: .*reserved/],
    ["a statement that makes the bucket public", { bucketPolicyStatements: [{ effect: "Allow", principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["s3:GetObject"] }] }, /args\.bucketPolicyStatements\[0\]: allows "\*" without a condition that fixes aws:SourceIp.*which S3 counts as public/],
    ["a public statement whose condition S3 does not count", { bucketPolicyStatements: [{ effect: "Allow", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:GetObject"], conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }] }] }, /args\.bucketPolicyStatements\[0\]: allows "\*" .*which S3 counts as public/],
    ["a public statement fixed by a wildcard", { bucketPolicyStatements: [{ effect: "Allow", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:GetObject"], conditions: [{ test: "StringLike", variable: "aws:PrincipalOrgID", values: ["o-*"] }] }] }, /args\.bucketPolicyStatements\[0\]: allows "\*" .*which S3 counts as public/],
    ["a condition given twice", { bucketPolicyStatements: [{ effect: "Allow", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::210987654321:root"] }], actions: ["s3:GetObject"], conditions: [{ test: "StringEquals", variable: "aws:SourceVpce", values: ["vpce-1"] }, { test: "StringEquals", variable: "aws:SourceVpce", values: ["vpce-2"] }] }] }, /args\.bucketPolicyStatements\[0\]\.conditions: StringEquals on aws:SourceVpce appears twice/],
    ["access logs that are not an object", { accessLogs: "logs" as any }, /args\.accessLogs: must be an object/],
    ["an access log destination with a bad name", { accessLogs: { targetBucket: "Logs" } }, /args\.accessLogs\.targetBucket: "Logs" may contain only lowercase letters/],
    ["a created log bucket with a bad name", { accessLogs: { logBucketName: "ab" } }, /args\.accessLogs\.logBucketName: "ab" must be 3 to 63 characters/],
    ["a created log bucket named by an Output", { accessLogs: { logBucketName: pulumi.output("logs") as any } }, /args\.accessLogs\.logBucketName: must be a plain string, not an Output/],
    ["both a given and a created log destination", { accessLogs: { targetBucket: "central-logs", logBucketName: "my-logs" } }, /args\.accessLogs\.logBucketName: names a destination the component creates, but args\.accessLogs\.targetBucket/],
    ["a log prefix starting with a slash", { accessLogs: { targetPrefix: "/logs/" } }, /args\.accessLogs\.targetPrefix: "\/logs\/" must not start with "\/"/],
    ["a statement without principals", { bucketPolicyStatements: [{ effect: "Allow", principals: [], actions: ["s3:GetObject"] }] }, /args\.bucketPolicyStatements\[0\]\.principals: must be a non-empty list/],
];

describe("EncryptedBucket: bad input fails before anything is registered", () => {
    let registered: string[];
    before(async () => {
        registered = [];
        await pulumi.runtime.setMocks({
            newResource: (args) => {
                registered.push(args.type);
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({}),
        }, "proj", "test", false);
    });

    for (const [label, args, message] of CASES) {
        it(`rejects ${label}`, async () => {
            assert.throws(() => new EncryptedBucket("data", args), (err: unknown) => {
                assert.ok(err instanceof EncryptedBucketArgsError, `expected EncryptedBucketArgsError, got ${err}`);
                assert.match(err.message, message);
                assert.match(err.message, /EncryptedBucket "data" has invalid arguments/);
                return true;
            });
            await pulumi.runtime.disconnect();
            assert.deepStrictEqual(registered, [], "no resource may be registered");
        });
    }

    it("rejects deleteKeyOnRemoval: true under the retainOnDelete option, which keeps the key anyway", async () => {
        assert.throws(() => new EncryptedBucket("data", { deleteKeyOnRemoval: true }, { retainOnDelete: true }),
            /args\.deleteKeyOnRemoval: true, but the retainOnDelete resource option keeps every child, the key included/);
        await pulumi.runtime.disconnect();
        assert.deepStrictEqual(registered, [], "no resource may be registered");
    });

    it("names every broken rule at once", () => {
        assert.throws(() => new EncryptedBucket("data", { keyDeletionWindowDays: 3, bucketName: "A" }), (err: EncryptedBucketArgsError) => {
            assert.deepStrictEqual(err.problems.map((p) => p.split(":")[0]), ["args.bucketName", "args.bucketName", "args.bucketName", "args.keyDeletionWindowDays"]);
            return true;
        });
    });

    it("checks a value that arrives as an Output once it resolves, with the same message", async () => {
        await assert.rejects(
            captureStack(() => {
                new EncryptedBucket("data", { keyUsers: [pulumi.output("not-an-arn")] });
            }, { project: "proj", stack: "test", preview: false }),
            /args\.keyUsers\[0\]: "not-an-arn" is not an IAM principal ARN/,
        );
    });
});
