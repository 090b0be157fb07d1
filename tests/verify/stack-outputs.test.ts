import * as assert from "assert";
import { targetsFromStackOutput } from "../../verify/stack-outputs";
import { CMK, OTHER_KEY } from "./fake-bucket";

const LOGS = {
    bucketName: "logs-1a2b3c",
    bucketArn: "arn:aws:s3:::logs-1a2b3c",
    keyArn: CMK,
    keyId: CMK.split("/")[1],
    aliasName: "alias/logs",
    bucketPolicy: "{}",
    enforcement: "strict",
    sseAlgorithm: "aws:kms",
    bucketKeyEnabled: false,
};
const ARCHIVE = { ...LOGS, bucketName: "archive-4d5e6f", keyArn: OTHER_KEY, enforcement: "default-encryption", sseAlgorithm: "aws:kms:dsse", bucketKeyEnabled: false };

describe("verify stack-output parsing", () => {
    it("reads every bucket of `pulumi stack output --json`, ignoring other outputs and fields", () => {
        const text = JSON.stringify({ region: "eu-west-1", buckets: { logs: LOGS, archive: ARCHIVE } }, null, 4);
        assert.deepStrictEqual(targetsFromStackOutput(text), [
            { label: "logs", bucket: "logs-1a2b3c", keyArn: CMK, region: "eu-west-1", enforcement: "strict", sseAlgorithm: "aws:kms", bucketKeyEnabled: false },
            {
                label: "archive",
                bucket: "archive-4d5e6f",
                keyArn: OTHER_KEY,
                region: "eu-west-1",
                enforcement: "default-encryption",
                sseAlgorithm: "aws:kms:dsse",
                bucketKeyEnabled: false,
            },
        ]);
    });

    it("also reads `pulumi stack output buckets --json`, a single bucket object and an array", () => {
        assert.deepStrictEqual(targetsFromStackOutput(JSON.stringify({ logs: LOGS })).map((t) => t.label), ["logs"]);
        const [single] = targetsFromStackOutput(JSON.stringify(LOGS));
        assert.strictEqual(single.bucket, "logs-1a2b3c");
        assert.strictEqual(single.label, undefined);
        assert.deepStrictEqual(targetsFromStackOutput(JSON.stringify({ buckets: [LOGS, ARCHIVE] })).map((t) => t.label), ["0", "1"]);
    });

    it("defaults a bucket without enforcement or algorithm to strict aws:kms", () => {
        const [target] = targetsFromStackOutput(JSON.stringify({ buckets: { logs: { bucketName: "logs-1", keyArn: CMK } } }));
        assert.strictEqual(target.enforcement, "strict");
        assert.strictEqual(target.sseAlgorithm, "aws:kms");
    });

    for (const [title, text, message] of [
        ["empty input", "  \n", /^stdin is empty: pipe `pulumi stack output --json`/],
        ["text that is not JSON", "Current stack is dev", /^stdin is not JSON \(.*\): pipe/],
        ["a JSON array", "[]", /^stdin: expected a JSON object of stack outputs/],
        ["outputs without buckets", JSON.stringify({ url: "x", count: 1 }), /^stdin has no `buckets` output \(top-level keys: url, count\)/],
        ["an empty buckets map", JSON.stringify({ buckets: {} }), /^no buckets found in buckets: pipe/],
        ["buckets that is a string", JSON.stringify({ buckets: "logs" }), /^buckets: expected an object of buckets/],
        ["a bucket that is not an object", JSON.stringify({ buckets: { logs: "logs-1" } }), /^buckets\.logs: expected an object with bucketName and keyArn/],
        ["a missing keyArn", JSON.stringify({ buckets: { logs: { bucketName: "logs-1" } } }), /^buckets\.logs\.keyArn is missing/],
        ["a secret keyArn", JSON.stringify({ buckets: { logs: { ...LOGS, keyArn: "[secret]" } } }), /^buckets\.logs\.keyArn is hidden as a secret; pipe `pulumi stack output --json --show-secrets`/],
        ["a bad bucket name", JSON.stringify({ buckets: { logs: { ...LOGS, bucketName: "Logs" } } }), /^buckets\.logs\.bucketName: "Logs" is not a valid S3 bucket name/],
        ["an alias for the key", JSON.stringify({ buckets: { logs: { ...LOGS, keyArn: "alias/logs" } } }), /^buckets\.logs\.keyArn: "alias\/logs" is not a KMS key ARN/],
        ["an unknown enforcement", JSON.stringify({ buckets: { logs: { ...LOGS, enforcement: "off" } } }), /^buckets\.logs\.enforcement: expected one of/],
    ] as const) {
        it(`explains ${title}`, () => {
            assert.throws(() => targetsFromStackOutput(text), (err: Error) => message.test(err.message));
        });
    }
});
