import * as assert from "assert";
import { EncryptedBucket, EncryptedBucketArgs, LOG_BUCKET_POLICY_SIDS } from "../../components";
import { captureStack } from "../../offline/capture";
import { StackView, TYPES, statementBySid } from "../stack-view";

const LOGGING = "aws:s3/bucketLogging:BucketLogging";

async function deploy(args: EncryptedBucketArgs, preview = false): Promise<StackView> {
    return new StackView(await captureStack(() => {
        new EncryptedBucket("data", args);
    }, { project: "proj", stack: "test", preview }));
}

describe("EncryptedBucket: accessLogs", () => {
    it("is off by default: no logging configuration, empty output", async () => {
        const view = await deploy({});
        assert.strictEqual(view.ofType(LOGGING).length, 0);
        assert.strictEqual(view.one(TYPES.component, "data").properties.accessLogsBucketName, "");
    });

    for (const preview of [true, false]) {
        describe(`into a destination it creates (${preview ? "preview" : "update"})`, () => {
            let view: StackView;
            before(async () => {
                view = await deploy({ bucketName: "data-bucket", accessLogs: {} }, preview);
            });

            it("creates an SSE-S3 destination named after the bucket, ACLs off and public access blocked", () => {
                const logs = view.one(TYPES.bucket, "data-access-logs");
                assert.strictEqual(logs.inputs.bucket, "data-bucket-access-logs");
                const [rule] = view.one(TYPES.encryption, "data-access-logs-encryption").inputs.rules as any[];
                assert.strictEqual(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
                assert.strictEqual((view.one(TYPES.ownership, "data-access-logs-ownership").inputs.rule as any).objectOwnership, "BucketOwnerEnforced");
                assert.deepStrictEqual(view.one(TYPES.versioning, "data-access-logs-versioning").inputs.versioningConfiguration, { status: "Enabled" });
                const block = view.one(TYPES.publicAccessBlock, "data-access-logs-public-access-block").inputs;
                assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
            });

            it("renders the destination's whole policy, known in preview: only logging.s3.amazonaws.com writes, for this account", () => {
                const doc = view.policyOf(TYPES.bucketPolicy, "data-access-logs-policy");
                const allow = statementBySid(doc, LOG_BUCKET_POLICY_SIDS.allowDeliveries);
                assert.deepStrictEqual(allow.Principal, { Service: "logging.s3.amazonaws.com" });
                assert.strictEqual(allow.Resource, "arn:aws:s3:::data-bucket-access-logs/*");
                assert.deepStrictEqual(statementBySid(doc, LOG_BUCKET_POLICY_SIDS.denyOtherWriters).Condition, { StringNotEquals: { "aws:PrincipalServiceName": "logging.s3.amazonaws.com" } });
                const account = (allow.Condition as any).StringEquals["aws:SourceAccount"];
                assert.match(account, /^\d{12}$/);
                assert.deepStrictEqual(statementBySid(doc, LOG_BUCKET_POLICY_SIDS.denyOtherSources).Condition, { StringNotEquals: { "aws:SourceAccount": account } });
            });

            it("logs the bucket into it under <name>/, after the destination grants the service", () => {
                const logging = view.one(LOGGING, "data-access-logging");
                assert.strictEqual(logging.inputs.targetPrefix, "data/");
                const policy = view.one(TYPES.bucketPolicy, "data-access-logs-policy");
                assert.ok(logging.dependencies.includes(policy.urn));
                assert.ok(logging.propertyDependencies.targetBucket.includes(view.one(TYPES.bucket, "data-access-logs").urn));
            });
        });
    }

    it("names a created destination from project, stack and name when the bucket has no name", async () => {
        const view = await deploy({ accessLogs: { logBucketName: undefined } });
        assert.strictEqual(view.one(TYPES.bucket, "data-access-logs").inputs.bucket, "proj-test-data-access-logs");
    });

    it("refuses a derived destination name S3 would refuse, naming the argument to set", async () => {
        const run = captureStack(() => {
            new EncryptedBucket("data", { accessLogs: {} });
        }, { project: "xn--proj", stack: "test", preview: false });
        await assert.rejects(run, /args\.accessLogs\.logBucketName: unset, and the derived name "xn--proj-test-data-access-logs" .*reserved prefix "xn--"; set it/);
    });

    it("logs into a given destination without creating one", async () => {
        const view = await deploy({ accessLogs: { targetBucket: "central-access-logs", targetPrefix: "team/data/" } });
        assert.strictEqual(view.ofType(TYPES.bucket).length, 1);
        const logging = view.one(LOGGING, "data-access-logging");
        assert.deepStrictEqual([logging.inputs.targetBucket, logging.inputs.targetPrefix], ["central-access-logs", "team/data/"]);
        assert.strictEqual(view.one(TYPES.component, "data").properties.accessLogsBucketName, "central-access-logs");
    });
});
