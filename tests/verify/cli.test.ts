import * as assert from "assert";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Io, main } from "../../verify/cli";
import { Target } from "../../verify/target";
import { CMK, fakeS3, OTHER_KEY, restoreS3, s3Error, TARGET } from "./fake-bucket";

interface Run {
    code: number;
    out: string;
    err: string;
}

/** `stdin` undefined stands for a terminal: nothing piped in. */
async function run(argv: string[], stdin?: string): Promise<Run> {
    let out = "";
    let err = "";
    const io: Io = {
        out: (text) => (out += text),
        err: (text) => (err += text),
        readStdin: async () => stdin,
    };
    const code = await main(argv, io);
    return { code, out, err };
}

const FLAGS = ["--bucket", TARGET.bucket, "--key-arn", CMK];

/** A table line's cells, split on the two-space column gaps. */
function tableRow(out: string, check: string): string[] {
    const line = out.split("\n").find((l) => l.startsWith(`${check}  `));
    assert.ok(line, `no table row "${check}" in:\n${out}`);
    return line.split(/ {2,}/);
}

describe("verify CLI", () => {
    afterEach(restoreS3);

    it("exits 0 and prints a passing table for a correct bucket", async () => {
        const { s3 } = fakeS3();
        const { code, out, err } = await run(FLAGS);
        assert.strictEqual(err, "");
        assert.strictEqual(code, 0);
        assert.match(out, /^bucket {2}verify-test-bucket\nregion {2}eu-west-1\nCMK {5}arn:aws:kms:/);
        assert.match(out, /^check +expected +got +result$/m);
        assert.deepStrictEqual(tableRow(out, "upload, SSE-S3 (AES256)"), ["upload, SSE-S3 (AES256)", "denied (AccessDenied)", "denied (AccessDenied)", "PASS"]);
        assert.match(out, /1 bucket, 10 checks: 10 passed, 0 failed\n$/);
        const key = s3.commandCalls(PutObjectCommand)[0].args[0].input.Key!;
        assert.match(key, /^encrypted-bucket-verify\/\d{8}T\d{6}Z-[0-9a-f]{8}\/no-headers$/);
    });

    it("exits 1 when the bucket wrongly accepts an unencrypted upload", async () => {
        fakeS3([TARGET], () => true);
        const { code, out } = await run(FLAGS);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(tableRow(out, "upload, no encryption headers"), [
            "upload, no encryption headers",
            "denied (AccessDenied)",
            "allowed",
            "FAIL",
        ]);
        assert.match(out, /10 checks: 7 passed, 3 failed/);
    });

    it("exits 1 and names the probe left behind when clean-up fails", async () => {
        const { s3 } = fakeS3();
        s3.on(DeleteObjectCommand).rejects(s3Error("AccessDenied", 403, "not authorized to perform s3:DeleteObjectVersion"));
        const { code, out } = await run(FLAGS);
        assert.strictEqual(code, 1);
        const [, , got, result] = tableRow(out, "clean up probe objects");
        assert.match(got, /^left behind: encrypted-bucket-verify\/\S+\/cmk \(version v1\)$/);
        assert.strictEqual(result, "FAIL");
        assert.match(out, /details:\n {2}clean up probe objects: .*s3:DeleteObjectVersion/);
    });

    it("reports a non-AccessDenied error as an error, not as denied", async () => {
        const { s3 } = fakeS3();
        s3.on(PutObjectCommand, { ServerSideEncryption: "AES256" }).rejects(s3Error("ExpiredToken", 400, "The provided token has expired."));
        const { code, out } = await run(FLAGS);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(tableRow(out, "upload, SSE-S3 (AES256)").slice(2), ["error: ExpiredToken (400)", "FAIL"]);
        assert.match(out, /upload, SSE-S3 \(AES256\): The provided token has expired\./);
    });

    it("prints JSON with --json", async () => {
        fakeS3();
        const { code, out } = await run([...FLAGS, "--json", "--prefix", "ci/verify-"]);
        assert.strictEqual(code, 0);
        const parsed = JSON.parse(out);
        assert.strictEqual(parsed.passed, true);
        assert.strictEqual(parsed.buckets.length, 1);
        const [bucket] = parsed.buckets;
        assert.strictEqual(bucket.bucket, TARGET.bucket);
        assert.strictEqual(bucket.keyArn, CMK);
        assert.match(bucket.probePrefix, /^ci\/verify-\d{8}T\d{6}Z-[0-9a-f]{8}\/$/);
        assert.deepStrictEqual(bucket.checks[0], {
            check: "upload, no encryption headers",
            expected: "denied (AccessDenied)",
            got: "denied (AccessDenied)",
            result: "pass",
            // S3's own words stay in the JSON: they tell a bucket-policy deny from an IAM one.
            detail: "explicit deny in a resource-based policy",
        });
        assert.strictEqual(bucket.checks.length, 10);
    });

    it("verifies every bucket in stack outputs piped to stdin", async () => {
        const archive: Target = { ...TARGET, bucket: "archive-bucket", keyArn: OTHER_KEY, enforcement: "default-encryption" };
        const { s3 } = fakeS3([TARGET, archive]);
        const stdin = JSON.stringify({
            buckets: {
                logs: { bucketName: TARGET.bucket, keyArn: CMK, enforcement: "strict", sseAlgorithm: "aws:kms" },
                archive: { bucketName: archive.bucket, keyArn: OTHER_KEY, enforcement: "default-encryption", sseAlgorithm: "aws:kms" },
            },
        });
        const { code, out } = await run([], stdin);
        assert.strictEqual(code, 0, out);
        assert.match(out, /^bucket {2}verify-test-bucket \(logs\)$/m);
        assert.match(out, /^bucket {2}archive-bucket \(archive\)$/m);
        assert.match(out, /2 buckets, 21 checks: 21 passed, 0 failed/);
        const buckets = new Set(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Bucket));
        assert.deepStrictEqual([...buckets], [TARGET.bucket, archive.bucket]);
    });

    it("fails the whole run when one of several buckets fails", async () => {
        const other: Target = { ...TARGET, bucket: "other-bucket" };
        const { s3 } = fakeS3([TARGET, other]);
        s3.on(PutObjectCommand, { Bucket: other.bucket, ServerSideEncryption: "AES256" }).resolves({});
        const stdin = JSON.stringify({ buckets: { a: { bucketName: TARGET.bucket, keyArn: CMK }, b: { bucketName: other.bucket, keyArn: CMK } } });
        const { code, out } = await run(["--json"], stdin);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(JSON.parse(out).buckets.map((b: { passed: boolean }) => b.passed), [true, false]);
    });

    it("prints the usage with --help", async () => {
        const { code, out } = await run(["--help"]);
        assert.strictEqual(code, 0);
        assert.match(out, /^Usage:\n {2}npm run verify -- --bucket <name> --key-arn/);
    });

    for (const [argv, stdin, message] of [
        [[], undefined, /give --bucket and --key-arn, or pipe `pulumi stack output --json`/],
        [["--bucket", "Bad_Bucket", "--key-arn", CMK], undefined, /--bucket: "Bad_Bucket" is not a valid S3 bucket name/],
        [["--bucket", TARGET.bucket], undefined, /--key-arn is missing/],
        [["--key-arn", CMK], undefined, /--bucket is missing/],
        [["--bucket", TARGET.bucket, "--key-arn", "alias/my-key"], undefined, /--key-arn: "alias\/my-key" is not a KMS key ARN/],
        [["--bucket", "--key-arn", CMK], undefined, /Option '--bucket' argument is ambiguous/],
        [["--bucket", TARGET.bucket, "--key-arn", CMK, "--colour"], undefined, /Unknown option '--colour'/],
        [["--bucket", TARGET.bucket, "--key-arn", CMK, "extra"], undefined, /Unexpected argument 'extra'/],
        [[...FLAGS, "--region", "us-east-1"], undefined, /--region us-east-1 does not match the region of --key-arn \(eu-west-1\)/],
        [[...FLAGS, "--region", "ireland"], undefined, /--region: "ireland" is not an AWS region name/],
        [[...FLAGS, "--prefix", ""], undefined, /--prefix must not be empty/],
        [[...FLAGS, "--enforcement", "lax"], undefined, /--enforcement: expected one of strict, default-encryption/],
        [["--sse-algorithm", "aws:kms:dsse"], "{}", /--sse-algorithm needs --bucket and --key-arn/],
        [[], "not json", /stdin is not JSON/],
        [[], JSON.stringify({ buckets: { logs: { bucketName: "logs-1", keyArn: "[secret]" } } }), /buckets\.logs\.keyArn is hidden as a secret/],
    ] as const) {
        it(`exits 2 without calling S3: ${message.source.replace(/\\/g, "")}`, async () => {
            const { s3 } = fakeS3();
            const { code, out, err } = await run([...argv], stdin);
            assert.strictEqual(code, 2);
            assert.strictEqual(out, "");
            assert.match(err, /^verify: /);
            assert.match(err, message);
            assert.strictEqual(s3.calls().length, 0);
        });
    }
});
