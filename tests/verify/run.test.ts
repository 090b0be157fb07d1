import * as assert from "assert";
import {
    DeleteObjectCommand,
    GetBucketEncryptionCommand,
    GetBucketPolicyCommand,
    GetBucketVersioningCommand,
    GetPublicAccessBlockCommand,
    HeadObjectCommand,
    ListObjectVersionsCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { BucketReport, passed, verifyBucket } from "../../verify/run";
import { Target } from "../../verify/target";
import { CMK, fakeS3, OTHER_KEY, restoreS3, S3Mock, s3Error, TARGET } from "./fake-bucket";

const PREFIX = "verify-test/run-1/";

async function verify(target: Target = TARGET): Promise<BucketReport> {
    return verifyBucket(new S3Client({ region: target.region }), target, PREFIX);
}

function row(report: BucketReport, check: string) {
    const found = report.rows.find((r) => r.check === check);
    assert.ok(found, `no row "${check}" in ${report.rows.map((r) => r.check).join(" | ")}`);
    return found;
}

function failedChecks(report: BucketReport): string[] {
    return report.rows.filter((r) => !r.pass).map((r) => r.check);
}

const DEFAULT_MODE: Target = { ...TARGET, enforcement: "default-encryption" };
const DSSE: Target = { ...TARGET, sseAlgorithm: "aws:kms:dsse", bucketKeyEnabled: false };

describe("verifyBucket", () => {
    afterEach(restoreS3);

    describe("a correctly deployed bucket", () => {
        it("passes every check in strict mode and leaves no probe behind", async () => {
            const { s3, versions } = fakeS3();
            const report = await verify();
            assert.deepStrictEqual(
                report.rows.map((r) => [r.check, r.expected, r.got, r.pass]),
                [
                    ["upload, no encryption headers", "denied (AccessDenied)", "denied (AccessDenied)", true],
                    ["upload, SSE-S3 (AES256)", "denied (AccessDenied)", "denied (AccessDenied)", true],
                    ["upload, aws:kms with alias/aws/s3", "denied (AccessDenied)", "denied (AccessDenied)", true],
                    ["upload, aws:kms with the CMK", "allowed", "allowed", true],
                    ["stored encryption, aws:kms with the CMK", "aws:kms, CMK, bucket key on", "aws:kms, CMK, bucket key on", true],
                    ["default encryption", "aws:kms, CMK, bucket key on", "aws:kms, CMK, bucket key on", true],
                    ["public access block", "all four on", "all four on", true],
                    ["bucket policy", "present, valid JSON", "valid JSON, 1 statement", true],
                    ["versioning", "Enabled", "Enabled", true],
                    ["clean up probe objects", "every probe version deleted", "deleted 1 of 1", true],
                ],
            );
            assert.strictEqual(versions.size, 0);
            const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
            assert.deepStrictEqual(
                puts.map(({ Key, ServerSideEncryption, SSEKMSKeyId }) => [Key, ServerSideEncryption, SSEKMSKeyId]),
                [
                    [`${PREFIX}no-headers`, undefined, undefined],
                    [`${PREFIX}aes256`, "AES256", undefined],
                    [`${PREFIX}aws-managed-key`, "aws:kms", "alias/aws/s3"],
                    [`${PREFIX}cmk`, "aws:kms", CMK],
                ],
            );
            const deletes = s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input);
            assert.deepStrictEqual(deletes, [{ Bucket: TARGET.bucket, Key: `${PREFIX}cmk`, VersionId: "v1" }]);
            assert.strictEqual(s3.commandCalls(ListObjectVersionsCommand)[0].args[0].input.Prefix, PREFIX);
        });

        it("in default-encryption mode expects the header-less upload stored with the CMK", async () => {
            fakeS3([DEFAULT_MODE]);
            const report = await verify(DEFAULT_MODE);
            assert.deepStrictEqual(failedChecks(report), []);
            assert.strictEqual(row(report, "upload, no encryption headers").expected, "allowed");
            assert.strictEqual(row(report, "stored encryption, no encryption headers").got, "aws:kms, CMK, bucket key on");
            assert.strictEqual(row(report, "clean up probe objects").got, "deleted 2 of 2");
        });

        it("for DSSE-KMS expects aws:kms:dsse with the Bucket Key off", async () => {
            const { s3 } = fakeS3([DSSE]);
            const report = await verify(DSSE);
            assert.deepStrictEqual(failedChecks(report), []);
            assert.strictEqual(row(report, "stored encryption, aws:kms:dsse with the CMK").got, "aws:kms:dsse, CMK, bucket key off");
            assert.strictEqual(row(report, "default encryption").expected, "aws:kms:dsse, CMK, bucket key off");
            const cmkPut = s3.commandCalls(PutObjectCommand).at(-1)!.args[0].input;
            assert.strictEqual(cmkPut.ServerSideEncryption, "aws:kms:dsse");
        });

        it("for a bucket deployed with bucketKeyEnabled: false expects the Bucket Key off, and fails it on", async () => {
            const noBucketKey: Target = { ...TARGET, bucketKeyEnabled: false };
            fakeS3([noBucketKey]);
            const report = await verify(noBucketKey);
            assert.deepStrictEqual(failedChecks(report), []);
            assert.strictEqual(row(report, "default encryption").got, "aws:kms, CMK, bucket key off");
            fakeS3([TARGET]);
            const mismatch = await verify(noBucketKey);
            assert.deepStrictEqual(failedChecks(mismatch).sort(), ["default encryption", "stored encryption, aws:kms with the CMK"]);
        });

        it("accepts a bucket default that names the CMK by key id", async () => {
            const { s3 } = fakeS3();
            s3.on(GetBucketEncryptionCommand).resolves({
                ServerSideEncryptionConfiguration: {
                    Rules: [
                        {
                            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: CMK.split("/")[1] },
                            BucketKeyEnabled: true,
                        },
                    ],
                },
            });
            assert.ok(passed(await verify()));
        });
    });

    describe("a bucket that accepts what it must refuse", () => {
        it("fails each upload the policy should have denied, and still deletes every stored probe", async () => {
            const { versions } = fakeS3([TARGET], () => true);
            const report = await verify();
            assert.deepStrictEqual(failedChecks(report), [
                "upload, no encryption headers",
                "upload, SSE-S3 (AES256)",
                "upload, aws:kms with alias/aws/s3",
            ]);
            assert.strictEqual(row(report, "upload, no encryption headers").got, "allowed");
            assert.strictEqual(row(report, "clean up probe objects").got, "deleted 4 of 4");
            assert.strictEqual(versions.size, 0);
        });

        for (const [label, accepted] of [
            ["SSE-S3 (AES256)", "AES256"],
            ["aws:kms with alias/aws/s3", "aws:kms"],
        ] as const) {
            it(`fails only "upload, ${label}" when just that upload is accepted`, async () => {
                fakeS3([TARGET], (input) => input.ServerSideEncryption === accepted || input.SSEKMSKeyId === CMK);
                assert.deepStrictEqual(failedChecks(await verify()), [`upload, ${label}`]);
            });
        }
    });

    /** One deviation from the fake's correct bucket, and the single row it must fail. */
    interface Breakage {
        title: string;
        target?: Target;
        breakIt(s3: S3Mock): void;
        check: string;
        got: string;
        /** Rows that follow from the first, such as the read-back of an upload that failed. */
        alsoFails?: string[];
    }

    const breakages: Breakage[] = [
        {
            title: "HeadObject reports another key",
            breakIt: (s3) =>
                s3.on(HeadObjectCommand).resolves({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: OTHER_KEY, BucketKeyEnabled: true }),
            check: "stored encryption, aws:kms with the CMK",
            got: `aws:kms, ${OTHER_KEY}, bucket key on`,
        },
        {
            title: "HeadObject reports the Bucket Key off",
            breakIt: (s3) => s3.on(HeadObjectCommand).resolves({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: CMK }),
            check: "stored encryption, aws:kms with the CMK",
            got: "aws:kms, CMK, bucket key off",
        },
        {
            title: "HeadObject reports SSE-S3",
            breakIt: (s3) => s3.on(HeadObjectCommand).resolves({ ServerSideEncryption: "AES256" }),
            check: "stored encryption, aws:kms with the CMK",
            got: "AES256, no key, bucket key off",
        },
        {
            title: "HeadObject fails",
            breakIt: (s3) => s3.on(HeadObjectCommand).rejects(s3Error("Forbidden", 403)),
            check: "stored encryption, aws:kms with the CMK",
            got: "error: Forbidden (403)",
        },
        {
            title: "a DSSE object reports a Bucket Key",
            target: DSSE,
            breakIt: (s3) =>
                s3.on(HeadObjectCommand).resolves({ ServerSideEncryption: "aws:kms:dsse", SSEKMSKeyId: CMK, BucketKeyEnabled: true }),
            check: "stored encryption, aws:kms:dsse with the CMK",
            got: "aws:kms:dsse, CMK, bucket key on",
        },
        {
            title: "default-encryption mode stores a header-less upload under aws/s3",
            target: DEFAULT_MODE,
            breakIt: (s3) =>
                s3.on(HeadObjectCommand, { Key: `${PREFIX}no-headers` }).resolves({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: OTHER_KEY }),
            check: "stored encryption, no encryption headers",
            got: `aws:kms, ${OTHER_KEY}, bucket key off`,
        },
        {
            title: "default-encryption mode denies the header-less upload",
            target: DEFAULT_MODE,
            breakIt: (s3) => s3.on(PutObjectCommand, { Key: `${PREFIX}no-headers` }).rejects(s3Error("AccessDenied", 403)),
            check: "upload, no encryption headers",
            got: "denied (AccessDenied)",
            alsoFails: ["stored encryption, no encryption headers"],
        },
        {
            title: "a denied probe fails with another 403 (bad credentials are not a policy verdict)",
            breakIt: (s3) => s3.on(PutObjectCommand, { ServerSideEncryption: "AES256" }).rejects(s3Error("InvalidAccessKeyId", 403)),
            check: "upload, SSE-S3 (AES256)",
            got: "error: InvalidAccessKeyId (403)",
        },
        {
            title: "a denied probe fails with a server error",
            breakIt: (s3) => s3.on(PutObjectCommand, { SSEKMSKeyId: "alias/aws/s3" }).rejects(s3Error("InternalError", 500)),
            check: "upload, aws:kms with alias/aws/s3",
            got: "error: InternalError (500)",
        },
        {
            title: "a network error, with no HTTP status",
            breakIt: (s3) =>
                s3.on(PutObjectCommand, { Key: `${PREFIX}no-headers` }).rejects(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
            check: "upload, no encryption headers",
            got: "error: ECONNREFUSED",
        },
        {
            title: "default encryption uses another key",
            breakIt: (s3) =>
                s3.on(GetBucketEncryptionCommand).resolves({
                    ServerSideEncryptionConfiguration: {
                        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: OTHER_KEY }, BucketKeyEnabled: true }],
                    },
                }),
            check: "default encryption",
            got: `aws:kms, ${OTHER_KEY}, bucket key on`,
        },
        {
            title: "default encryption is SSE-S3",
            breakIt: (s3) =>
                s3.on(GetBucketEncryptionCommand).resolves({
                    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
                }),
            check: "default encryption",
            got: "AES256, no key, bucket key off",
        },
        {
            title: "default encryption cannot be read",
            breakIt: (s3) => s3.on(GetBucketEncryptionCommand).rejects(s3Error("AccessDenied", 403)),
            check: "default encryption",
            got: "denied (AccessDenied)",
        },
        {
            title: "two public access blocks are off",
            breakIt: (s3) =>
                s3.on(GetPublicAccessBlockCommand).resolves({
                    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true },
                }),
            check: "public access block",
            got: "off: IgnorePublicAcls, RestrictPublicBuckets",
        },
        {
            title: "there is no public access block",
            breakIt: (s3) => s3.on(GetPublicAccessBlockCommand).rejects(s3Error("NoSuchPublicAccessBlockConfiguration", 404)),
            check: "public access block",
            got: "error: NoSuchPublicAccessBlockConfiguration (404)",
        },
        {
            title: "there is no bucket policy",
            breakIt: (s3) => s3.on(GetBucketPolicyCommand).rejects(s3Error("NoSuchBucketPolicy", 404)),
            check: "bucket policy",
            got: "error: NoSuchBucketPolicy (404)",
        },
        {
            title: "the bucket policy is not JSON",
            breakIt: (s3) => s3.on(GetBucketPolicyCommand).resolves({ Policy: "{ not json" }),
            check: "bucket policy",
            got: "not valid JSON",
        },
        {
            title: "the bucket policy is empty",
            breakIt: (s3) => s3.on(GetBucketPolicyCommand).resolves({}),
            check: "bucket policy",
            got: "absent",
        },
        {
            title: "versioning is suspended",
            breakIt: (s3) => s3.on(GetBucketVersioningCommand).resolves({ Status: "Suspended" }),
            check: "versioning",
            got: "Suspended",
        },
        {
            title: "versioning was never enabled",
            breakIt: (s3) => s3.on(GetBucketVersioningCommand).resolves({}),
            check: "versioning",
            got: "never enabled",
        },
        {
            title: "the probe versions cannot be listed",
            breakIt: (s3) => s3.on(ListObjectVersionsCommand).rejects(s3Error("AccessDenied", 403)),
            check: "clean up probe objects",
            got: "listing failed: denied (AccessDenied)",
        },
    ];

    describe("each check fails on its own deviation", () => {
        for (const b of breakages) {
            it(`${b.title}: fails "${b.check}"`, async () => {
                const target = b.target ?? TARGET;
                b.breakIt(fakeS3([target]).s3);
                const report = await verify(target);
                assert.deepStrictEqual(failedChecks(report), [b.check, ...(b.alsoFails ?? [])]);
                assert.strictEqual(row(report, b.check).got, b.got);
            });
        }
    });

    describe("the CMK upload", () => {
        it("when denied (say, no kms:GenerateDataKey), fails the upload and its read-back, with S3's message", async () => {
            const { s3 } = fakeS3();
            s3.on(PutObjectCommand, { SSEKMSKeyId: CMK }).rejects(s3Error("AccessDenied", 403, "not authorized to perform kms:GenerateDataKey"));
            const report = await verify();
            assert.deepStrictEqual(failedChecks(report), ["upload, aws:kms with the CMK", "stored encryption, aws:kms with the CMK"]);
            assert.strictEqual(row(report, "upload, aws:kms with the CMK").detail, "not authorized to perform kms:GenerateDataKey");
            assert.strictEqual(row(report, "stored encryption, aws:kms with the CMK").got, "not checked: the upload failed");
            assert.strictEqual(s3.commandCalls(HeadObjectCommand).length, 0);
        });
    });

    describe("clean-up", () => {
        it("names the probe it could not delete, and still deletes the others", async () => {
            const { s3, versions } = fakeS3([TARGET], () => true);
            s3.on(DeleteObjectCommand, { Key: `${PREFIX}aes256` }).rejects(s3Error("AccessDenied", 403, "no s3:DeleteObjectVersion"));
            const report = await verify();
            const cleanup = row(report, "clean up probe objects");
            assert.strictEqual(cleanup.pass, false);
            assert.strictEqual(cleanup.got, `left behind: ${PREFIX}aes256 (version v2)`);
            assert.match(cleanup.detail!, /denied \(AccessDenied\): no s3:DeleteObjectVersion/);
            assert.deepStrictEqual([...versions.values()].map((v) => v.Key), [`${PREFIX}aes256`]);
        });

        it("runs even when a check throws on a response it did not foresee", async () => {
            const { s3, versions } = fakeS3();
            s3.on(GetBucketVersioningCommand).resolves(undefined as never);
            await assert.rejects(verify(), TypeError);
            assert.strictEqual(versions.size, 0);
            assert.strictEqual(s3.commandCalls(DeleteObjectCommand).length, 1);
        });
    });
});
