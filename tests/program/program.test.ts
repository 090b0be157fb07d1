import * as assert from "assert";
import * as path from "path";
import { captureProgram, loadProgram, loadStackConfig } from "../../offline/program";
import { StackView, TYPES } from "../stack-view";

const program = loadProgram(path.join(__dirname, "..", ".."));
const ns = program.project;

describe("program: dev stack (Pulumi.dev.yaml)", () => {
    for (const preview of [false, true]) {
        describe(preview ? "preview" : "update", () => {
            let view: StackView;
            before(async () => {
                view = new StackView(await captureProgram(program, "dev", preview));
            });

            it("creates one EncryptedBucket per configured bucket", () => {
                assert.deepStrictEqual(view.ofType(TYPES.component).map((r) => r.name).sort(), ["logs", "uploads"]);
                assert.strictEqual(view.ofType(TYPES.bucket).length, 2);
                assert.strictEqual(view.ofType(TYPES.key).length, 2);
            });

            it("applies dev's settings: 7-day deletion window, forceDestroy, nothing protected, only the keys retained", () => {
                for (const key of view.ofType(TYPES.key)) {
                    assert.strictEqual(key.inputs.deletionWindowInDays, 7);
                    assert.strictEqual(key.inputs.enableKeyRotation, true);
                }
                for (const bucket of view.ofType(TYPES.bucket)) {
                    assert.strictEqual(bucket.inputs.forceDestroy, true);
                }
                assert.deepStrictEqual(view.one(TYPES.bucket, "uploads").inputs.tags, { environment: "dev", owner: "platform-team" });
                assert.ok(view.stack.resources.every((r) => !r.protect));
                const retained = view.stack.resources.filter((r) => r.retainOnDelete).map((r) => `${r.type} ${r.name}`).sort();
                assert.deepStrictEqual(retained, [`${TYPES.key} logs-key`, `${TYPES.key} uploads-key`]);
            });

            it("makes each bucket depend on its own key, so the engine deletes the bucket first", () => {
                for (const name of ["uploads", "logs"]) {
                    const deps = view.one(TYPES.bucket, name).dependencies;
                    assert.deepStrictEqual(deps.filter((d) => d.includes("aws:kms/key:Key")), [view.one(TYPES.key, `${name}-key`).urn], name);
                }
            });

            it("applies per-bucket settings over the stack's: logs gets its alias and merged tags, both stay strict", () => {
                assert.strictEqual(view.one(TYPES.alias, "logs-alias").inputs.name, "alias/dev/app-logs");
                assert.deepStrictEqual(view.one(TYPES.bucket, "logs").inputs.tags, { environment: "dev", owner: "platform-team", purpose: "application-logs" });
                const outputs = view.stack.outputs.buckets as Record<string, Record<string, unknown>>;
                assert.deepStrictEqual([outputs.logs.enforcement, outputs.uploads.enforcement], ["strict", "strict"]);
                const logsDoc = view.one(TYPES.component, "logs").properties.bucketPolicyDocument as any;
                assert.strictEqual(logsDoc.Statement.length, 7);
            });

            it("exports each bucket's names, ARNs and policy", () => {
                const outputs = view.stack.outputs.buckets as Record<string, Record<string, unknown>>;
                assert.deepStrictEqual(Object.keys(outputs.uploads).sort(), [
                    "aliasName", "bucketArn", "bucketKeyEnabled", "bucketName", "bucketPolicy", "enforcement", "keyArn", "keyId", "sseAlgorithm",
                ]);
                assert.strictEqual(outputs.uploads.aliasName, "alias/encrypted-bucket-dev-uploads");
            });
        });
    }

    it("schedules a bucket's key for deletion on removal only where its settings say deleteKeyOnRemoval: true", async () => {
        const config = loadStackConfig(program, "dev");
        const settings = config[`${ns}:bucketSettings`] as Record<string, Record<string, unknown>>;
        const view = new StackView(await captureProgram(program, "dev", false, {
            ...config, [`${ns}:bucketSettings`]: { ...settings, logs: { ...settings.logs, deleteKeyOnRemoval: true } },
        }));
        assert.strictEqual(view.one(TYPES.key, "logs-key").retainOnDelete, undefined);
        assert.strictEqual(view.one(TYPES.key, "uploads-key").retainOnDelete, true);
    });

    it("renders the key policy for the configured region and key user", async () => {
        const view = new StackView(await captureProgram(program, "dev", false));
        const users = view.policyOf(TYPES.key, "uploads-key").Statement.find((s) => s.Sid === "AllowUseThroughS3Only");
        assert.deepStrictEqual(users?.Principal, { AWS: ["arn:aws:iam::123456789012:role/app-dev"] });
        assert.strictEqual(users?.Condition?.StringEquals["kms:ViaService"], "s3.us-east-1.amazonaws.com");
    });
});

describe("program: prod stack (Pulumi.prod.yaml)", () => {
    for (const preview of [false, true]) {
        describe(preview ? "preview" : "update", () => {
            let view: StackView;
            before(async () => {
                view = new StackView(await captureProgram(program, "prod", preview));
            });

            it("protects and retains every bucket, key and setting", () => {
                const children = view.stack.resources.filter((r) => r.custom);
                assert.strictEqual(children.length, 3 * 8);
                for (const r of children) {
                    assert.strictEqual(r.protect, true, `${r.urn} protect`);
                    assert.strictEqual(r.retainOnDelete, true, `${r.urn} retainOnDelete`);
                }
            });

            it("keeps keys 30 days after deletion, rotates every 180, never force-destroys", () => {
                for (const key of view.ofType(TYPES.key)) {
                    assert.deepStrictEqual([key.inputs.deletionWindowInDays, key.inputs.rotationPeriodInDays], [30, 180]);
                }
                assert.ok(view.ofType(TYPES.bucket).every((b) => b.inputs.forceDestroy === false));
            });

            it("encrypts the archive with DSSE-KMS, without Bucket Key, and merges its tags", () => {
                const [rule] = view.one(TYPES.encryption, "archive-encryption").inputs.rules as any[];
                assert.strictEqual(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms:dsse");
                assert.strictEqual(rule.bucketKeyEnabled, false);
                assert.deepStrictEqual(view.one(TYPES.bucket, "archive").inputs.tags, { environment: "prod", owner: "platform-team", retention: "7y" });
            });
        });
    }

    it("grants the key administrator management in eu-west-1", async () => {
        const view = new StackView(await captureProgram(program, "prod", false));
        const policy = view.policyOf(TYPES.key, "archive-key");
        const admins = policy.Statement.find((s) => s.Sid === "AllowKeyAdministration");
        assert.deepStrictEqual(admins?.Principal, { AWS: ["arn:aws:iam::123456789012:role/platform-key-admin"] });
        const users = policy.Statement.find((s) => s.Sid === "AllowUseThroughS3Only");
        assert.strictEqual(users?.Condition?.StringEquals["kms:ViaService"], "s3.eu-west-1.amazonaws.com");
    });
});

describe("program: invalid stack config fails naming the config key", () => {
    async function runWith(overrides: Record<string, unknown>) {
        return captureProgram(program, "dev", false, { ...loadStackConfig(program, "dev"), ...overrides });
    }

    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        ["an unknown enforcement", { [`${ns}:enforcement`]: "lax" }, /encrypted-bucket:enforcement: must be one of "strict", "default-encryption" \(got "lax"\)/],
        ["a deletion window out of range", { [`${ns}:keyDeletionWindowDays`]: 3 }, /encrypted-bucket:keyDeletionWindowDays: must be a whole number of days from 7 to 30/],
        ["a non-integer rotation period", { [`${ns}:keyRotationPeriodDays`]: "often" }, /encrypted-bucket:keyRotationPeriodDays: expected a whole number, got "often"/],
        ["a bad key user", { [`${ns}:keyUsers`]: ["bob"] }, /encrypted-bucket:keyUsers\[0\]: "bob" is not an IAM principal ARN/],
        ["a bad per-bucket name", { [`${ns}:bucketSettings`]: { uploads: { bucketName: "Uploads" } } }, /encrypted-bucket:bucketSettings\.uploads\.bucketName: "Uploads" may contain only lowercase/],
        ["a per-bucket setting that does not exist", { [`${ns}:bucketSettings`]: { uploads: { encryption: "on" } } }, /encrypted-bucket:bucketSettings\.uploads\.encryption: not a bucket setting/],
        ["settings for an unlisted bucket", { [`${ns}:bucketSettings`]: { other: {} } }, /encrypted-bucket:bucketSettings\.other: no bucket of that name/],
        ["no buckets", { [`${ns}:buckets`]: [] }, /encrypted-bucket:buckets: must name at least one bucket/],
        ["a repeated bucket", { [`${ns}:buckets`]: ["a1b", "a1b"] }, /encrypted-bucket:buckets: names must be unique \(repeated: a1b\)/],
        ["buckets as a string", { [`${ns}:buckets`]: "uploads" }, /encrypted-bucket:buckets: expected a list of strings, got "uploads"/],
        ["a non-boolean protect", { [`${ns}:protect`]: "yes" }, /encrypted-bucket:protect: expected true or false, got "yes"/],
        ["a non-boolean deleteKeyOnRemoval", { [`${ns}:bucketSettings`]: { logs: { deleteKeyOnRemoval: "yes" } } }, /encrypted-bucket:bucketSettings\.logs\.deleteKeyOnRemoval: expected true or false, got "yes"/],
        [
            "deleteKeyOnRemoval with retainOnDelete",
            { [`${ns}:deleteKeyOnRemoval`]: true, [`${ns}:retainOnDelete`]: true },
            /encrypted-bucket:deleteKeyOnRemoval: true, but the retainOnDelete resource option keeps every child, the key included/,
        ],
        ["a non-string tag", { [`${ns}:tags`]: { cost: 12 } }, /encrypted-bucket:tags\.cost: tag values must be strings/],
    ];
    for (const [label, overrides, message] of cases) {
        it(`rejects ${label}`, async () => {
            await assert.rejects(runWith(overrides), (err: Error) => {
                assert.match(err.message, message);
                return true;
            });
        });
    }

    it("requires the buckets key", async () => {
        const config = loadStackConfig(program, "dev");
        delete config[`${ns}:buckets`];
        delete config[`${ns}:bucketSettings`];
        await assert.rejects(captureProgram(program, "dev", false, config), /encrypted-bucket:buckets: required/);
    });
});
