import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { EncryptedBucket, EncryptedBucketArgs, EnforcementMode, SseAlgorithm } from "../../components";
import { BUCKET_POLICY_SIDS } from "../../components/bucket-policy";
import { KEY_ADMINISTRATION_ACTIONS, KEY_DATA_ACTIONS, KEY_POLICY_SIDS, KEY_USE_ACTIONS } from "../../components/key-policy";
import { captureStack } from "../../offline/capture";
import { UNKNOWN } from "../../offline/engine-resource";
import { StackView, TYPES, statementBySid } from "../stack-view";

const ACCOUNT = "123456789012";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
const USER = `arn:aws:iam::${ACCOUNT}:role/app`;
const PARTNER_USER = "arn:aws:iam::210987654321:role/partner-reader";
const EXISTING_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;

async function deploy(args: EncryptedBucketArgs, preview = false, opts = {}): Promise<StackView> {
    return new StackView(await captureStack(() => {
        new EncryptedBucket("data", args, opts);
    }, { project: "proj", stack: "test", preview }));
}

const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

describe("EncryptedBucket: resources and defaults", () => {
    let view: StackView;
    before(async () => {
        view = await deploy({ keyAdministrators: [ADMIN], keyUsers: [USER] });
    });

    it("registers the component with the stable type token and parents every child to it", () => {
        const component = view.one(TYPES.component, "data");
        const children = view.childrenOf(component).map((r) => r.type).sort();
        assert.deepStrictEqual(children, [
            TYPES.alias, TYPES.key, TYPES.bucket, TYPES.bucketPolicy, TYPES.encryption,
            TYPES.ownership, TYPES.publicAccessBlock, TYPES.versioning,
        ].sort());
    });

    it("creates a symmetric key with rotation on (365 days), a 30-day deletion window and no lock-out bypass", () => {
        const key = view.one(TYPES.key, "data-key").inputs;
        assert.strictEqual(key.keyUsage, "ENCRYPT_DECRYPT");
        assert.strictEqual(key.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.strictEqual(key.enableKeyRotation, true);
        assert.strictEqual(key.rotationPeriodInDays, 365);
        assert.strictEqual(key.deletionWindowInDays, 30);
        assert.ok(!("bypassPolicyLockoutSafetyCheck" in key), "bypassPolicyLockoutSafetyCheck must never be set");
    });

    it("names the alias after project, stack and component, pointing at the key", () => {
        const alias = view.one(TYPES.alias, "data-alias");
        const key = view.one(TYPES.key, "data-key");
        assert.strictEqual(alias.inputs.name, "alias/proj-test-data");
        assert.strictEqual(alias.inputs.targetKeyId, key.properties.keyId);
    });

    it("writes a key policy with the account root, administrators without data use, and users through S3 only", () => {
        const policy = view.policyOf(TYPES.key, "data-key");
        assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), [KEY_POLICY_SIDS.accountRoot, KEY_POLICY_SIDS.administrators, KEY_POLICY_SIDS.users, KEY_POLICY_SIDS.usersOutsideS3]);
        const root = statementBySid(policy, KEY_POLICY_SIDS.accountRoot);
        assert.deepStrictEqual(root.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
        assert.strictEqual(root.Condition, undefined);

        const admins = statementBySid(policy, KEY_POLICY_SIDS.administrators);
        assert.deepStrictEqual(admins.Principal, { AWS: [ADMIN] });
        const adminActions = asList(admins.Action);
        for (const forbidden of ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:*"]) {
            assert.ok(!adminActions.includes(forbidden), `administrators must not get ${forbidden}`);
        }
        assert.ok(adminActions.every((a) => !a.includes("*")), "administrator actions are spelled out, no wildcards");
        assert.deepStrictEqual(adminActions, KEY_ADMINISTRATION_ACTIONS);

        const users = statementBySid(policy, KEY_POLICY_SIDS.users);
        assert.deepStrictEqual(users.Principal, { AWS: [USER] });
        assert.deepStrictEqual(asList(users.Action), KEY_USE_ACTIONS);
        assert.deepStrictEqual(users.Condition, {
            StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": [ACCOUNT] },
        });
        const outsideS3 = statementBySid(policy, KEY_POLICY_SIDS.usersOutsideS3);
        assert.deepStrictEqual([outsideS3.Effect, outsideS3.Principal, outsideS3.Action], ["Deny", { AWS: [USER] }, KEY_DATA_ACTIONS]);
        assert.deepStrictEqual(outsideS3.Condition, { StringNotEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
        assert.ok(policy.Statement.every((s) => s.Principal !== "*" && JSON.stringify(s.Principal) !== JSON.stringify({ AWS: "*" })));
    });

    it("locks the bucket down: all four public access blocks, owner-enforced ownership, versioning on, no forceDestroy", () => {
        const bucket = view.one(TYPES.bucket, "data");
        assert.strictEqual(bucket.inputs.forceDestroy, false);
        const pab = view.one(TYPES.publicAccessBlock, "data-public-access-block").inputs;
        assert.deepStrictEqual(
            [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
            [true, true, true, true],
        );
        assert.deepStrictEqual(view.one(TYPES.ownership, "data-ownership").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        assert.deepStrictEqual(view.one(TYPES.versioning, "data-versioning").inputs.versioningConfiguration, { status: "Enabled" });
        for (const type of [TYPES.publicAccessBlock, TYPES.ownership, TYPES.versioning, TYPES.encryption, TYPES.bucketPolicy]) {
            assert.strictEqual(view.ofType(type)[0].inputs.bucket, bucket.properties.bucket, `${type} targets the bucket`);
        }
    });

    it("encrypts by default with SSE-KMS under the key's ARN, S3 Bucket Key on and SSE-C blocked", () => {
        const key = view.one(TYPES.key, "data-key");
        const rules = view.one(TYPES.encryption, "data-encryption").inputs.rules as any[];
        assert.deepStrictEqual(rules, [{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.properties.arn },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        }]);
    });

    it("exposes bucket, key, alias and rendered policies as outputs", () => {
        const outputs = view.one(TYPES.component, "data").properties;
        const key = view.one(TYPES.key, "data-key").properties;
        const bucket = view.one(TYPES.bucket, "data").properties;
        assert.strictEqual(outputs.bucketName, bucket.bucket);
        assert.strictEqual(outputs.bucketArn, bucket.arn);
        assert.strictEqual(outputs.keyArn, key.arn);
        assert.strictEqual(outputs.keyId, key.keyId);
        assert.strictEqual(outputs.aliasName, "alias/proj-test-data");
        assert.deepStrictEqual(JSON.parse(outputs.bucketPolicy as string), view.policyOf(TYPES.bucketPolicy, "data-policy"));
        assert.deepStrictEqual(JSON.parse(outputs.keyPolicy as string), view.policyOf(TYPES.key, "data-key"));
    });

    it("exposes uploadArgs: the bucket's id, and the algorithm and key ARN its bucket policy narrows uploads to", () => {
        const uploadArgs = view.one(TYPES.component, "data").properties.uploadArgs;
        const policy = view.policyOf(TYPES.bucketPolicy, "data-policy");
        assert.deepStrictEqual(uploadArgs, {
            bucket: view.one(TYPES.bucketPolicy, "data-policy").inputs.bucket,
            serverSideEncryption: statementBySid(policy, BUCKET_POLICY_SIDS.wrongAlgorithm).Condition?.StringNotEquals?.["s3:x-amz-server-side-encryption"],
            kmsKeyId: statementBySid(policy, BUCKET_POLICY_SIDS.wrongKey).Condition?.StringNotEquals?.["s3:x-amz-server-side-encryption-aws-kms-key-id"],
        });
        assert.deepStrictEqual(uploadArgs, { bucket: view.one(TYPES.bucket, "data").properties.bucket, serverSideEncryption: "aws:kms", kmsKeyId: view.one(TYPES.key, "data-key").properties.arn });
    });

    it("lets a program spread uploadArgs into an object's arguments, in an update", async () => {
        const stack = new StackView(await captureStack(() => {
            const b = new EncryptedBucket("data", {});
            new aws.s3.BucketObjectv2("report", { ...b.uploadArgs, key: "report.csv", content: "a,b" });
        }, { project: "proj", stack: "test", preview: false }));
        const object = stack.one("aws:s3/bucketObjectv2:BucketObjectv2", "report").inputs;
        assert.deepStrictEqual([object.bucket, object.serverSideEncryption, object.kmsKeyId], [stack.one(TYPES.bucket, "data").properties.bucket, "aws:kms", stack.one(TYPES.key, "data-key").properties.arn]);
    });
});

describe("EncryptedBucket: bucket policy statements", () => {
    const sse = "s3:x-amz-server-side-encryption";
    const keyIdHeader = "s3:x-amz-server-side-encryption-aws-kms-key-id";

    for (const [mode, algorithm] of [
        [EnforcementMode.Strict, SseAlgorithm.Kms],
        [EnforcementMode.DefaultEncryption, SseAlgorithm.Kms],
        [EnforcementMode.Strict, SseAlgorithm.KmsDsse],
        [EnforcementMode.DefaultEncryption, SseAlgorithm.KmsDsse],
    ] as const) {
        describe(`${mode}, ${algorithm}`, () => {
            let view: StackView;
            let keyArn: string;
            let bucketArn: string;
            before(async () => {
                view = await deploy({ enforcement: mode, sseAlgorithm: algorithm });
                keyArn = view.one(TYPES.key, "data-key").properties.arn as string;
                bucketArn = view.one(TYPES.bucket, "data").properties.arn as string;
            });

            it("denies every request without TLS, and below TLS 1.2", () => {
                const policy = view.policyOf(TYPES.bucketPolicy, "data-policy");
                for (const [sid, condition] of [
                    [BUCKET_POLICY_SIDS.insecureTransport, { Bool: { "aws:SecureTransport": "false" } }],
                    [BUCKET_POLICY_SIDS.outdatedTls, { NumericLessThan: { "s3:TlsVersion": "1.2" } }],
                ] as const) {
                    const s = statementBySid(policy, sid);
                    assert.deepStrictEqual([s.Effect, s.Principal, s.Action, s.Resource, s.Condition], ["Deny", "*", "s3:*", [bucketArn, `${bucketArn}/*`], condition]);
                }
            });

            it(mode === EnforcementMode.Strict ? "denies uploads without an encryption header" : "lets header-less uploads through (the default applies the key)", () => {
                const sids = view.policyOf(TYPES.bucketPolicy, "data-policy").Statement.map((s) => s.Sid);
                assert.strictEqual(sids.includes(BUCKET_POLICY_SIDS.missingEncryptionHeader), mode === EnforcementMode.Strict);
                if (mode === EnforcementMode.Strict) {
                    const s = statementBySid(view.policyOf(TYPES.bucketPolicy, "data-policy"), BUCKET_POLICY_SIDS.missingEncryptionHeader);
                    assert.deepStrictEqual(s.Condition, { Null: { [sse]: "true" } });
                }
            });

            it("denies another algorithm, aws:kms without a key id, another key, and SSE-C, each in its own statement", () => {
                const policy = view.policyOf(TYPES.bucketPolicy, "data-policy");
                const expected = {
                    [BUCKET_POLICY_SIDS.wrongAlgorithm]: { StringNotEquals: { [sse]: algorithm }, Null: { [sse]: "false" } },
                    [BUCKET_POLICY_SIDS.missingKeyId]: { Null: { [sse]: "false", [keyIdHeader]: "true" } },
                    [BUCKET_POLICY_SIDS.wrongKey]: { StringNotEquals: { [keyIdHeader]: keyArn }, Null: { [keyIdHeader]: "false" } },
                    [BUCKET_POLICY_SIDS.customerKey]: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } },
                };
                for (const [sid, condition] of Object.entries(expected)) {
                    const s = statementBySid(policy, sid);
                    assert.deepStrictEqual([s.Effect, s.Principal, s.Action, s.Resource, s.Condition], ["Deny", "*", "s3:PutObject", `${bucketArn}/*`, condition], sid);
                }
                assert.strictEqual(policy.Statement.length, mode === EnforcementMode.Strict ? 7 : 6);
            });

            it(`hands uploads the same algorithm in uploadArgs (${algorithm})`, () => {
                assert.strictEqual((view.one(TYPES.component, "data").properties.uploadArgs as any).serverSideEncryption, algorithm);
            });

            it(`sets S3 Bucket Key ${algorithm === SseAlgorithm.Kms ? "on" : "off (DSSE does not support it)"} and the algorithm as default`, () => {
                const [rule] = view.one(TYPES.encryption, "data-encryption").inputs.rules as any[];
                assert.strictEqual(rule.bucketKeyEnabled, algorithm === SseAlgorithm.Kms);
                assert.strictEqual(rule.applyServerSideEncryptionByDefault.sseAlgorithm, algorithm);
            });
        });
    }

    it("merges the caller's statements after its own", async () => {
        const view = await deploy({
            bucketPolicyStatements: [{
                sid: "PartnerRead",
                effect: "Allow",
                principals: [{ type: "AWS", identifiers: [PARTNER_USER] }],
                actions: ["s3:GetObject"],
                conditions: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-abc123"] }],
            }],
        });
        const policy = view.policyOf(TYPES.bucketPolicy, "data-policy");
        const bucketArn = view.one(TYPES.bucket, "data").properties.arn as string;
        assert.strictEqual(policy.Statement.length, 8);
        assert.deepStrictEqual(policy.Statement[7], {
            Sid: "PartnerRead",
            Effect: "Allow",
            Principal: { AWS: [PARTNER_USER] },
            Action: ["s3:GetObject"],
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-abc123"] } },
        });
    });
});

describe("EncryptedBucket: options", () => {
    it("uses an existing key without creating a key or alias", async () => {
        const view = await deploy({ existingKeyArn: EXISTING_KEY });
        assert.strictEqual(view.ofType(TYPES.key).length, 0);
        assert.strictEqual(view.ofType(TYPES.alias).length, 0);
        const [rule] = view.one(TYPES.encryption, "data-encryption").inputs.rules as any[];
        assert.strictEqual(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId, EXISTING_KEY);
        const wrongKey = statementBySid(view.policyOf(TYPES.bucketPolicy, "data-policy"), BUCKET_POLICY_SIDS.wrongKey);
        assert.deepStrictEqual(wrongKey.Condition?.StringNotEquals, { "s3:x-amz-server-side-encryption-aws-kms-key-id": EXISTING_KEY });
        const outputs = view.one(TYPES.component, "data").properties;
        assert.strictEqual(outputs.keyId, "11111111-2222-4333-8444-555555555555");
        assert.strictEqual(outputs.aliasName, "");
        assert.strictEqual((outputs.uploadArgs as any).kmsKeyId, EXISTING_KEY);
    });

    it("lets a key user from another account through S3 with that account as caller account", async () => {
        const view = await deploy({ keyUsers: [USER, PARTNER_USER] });
        const users = statementBySid(view.policyOf(TYPES.key, "data-key"), KEY_POLICY_SIDS.users);
        assert.deepStrictEqual(users.Condition?.StringEquals["kms:CallerAccount"], ["123456789012", "210987654321"]);
    });

    it("takes rotation period, deletion window, alias, bucket name, forceDestroy and tags", async () => {
        const view = await deploy({
            keyRotationPeriodDays: 90, keyDeletionWindowDays: 7, keyAlias: "alias/team/data", bucketName: "team-data-1",
            forceDestroy: true, tags: { team: "platform" },
        });
        const key = view.one(TYPES.key, "data-key").inputs;
        assert.deepStrictEqual([key.rotationPeriodInDays, key.deletionWindowInDays, key.tags], [90, 7, { team: "platform" }]);
        assert.strictEqual(view.one(TYPES.alias, "data-alias").inputs.name, "alias/team/data");
        const bucket = view.one(TYPES.bucket, "data").inputs;
        assert.deepStrictEqual([bucket.bucket, bucket.forceDestroy, bucket.tags], ["team-data-1", true, { team: "platform" }]);
    });

    it("turns rotation off only when asked, without a period", async () => {
        const key = (await deploy({ enableKeyRotation: false })).one(TYPES.key, "data-key").inputs;
        assert.strictEqual(key.enableKeyRotation, false);
        assert.ok(!("rotationPeriodInDays" in key));
    });

    it("passes protect and retainOnDelete from the caller's options to the bucket, the key and every child", async () => {
        const view = await deploy({}, false, { protect: true, retainOnDelete: true });
        const component = view.one(TYPES.component, "data");
        for (const child of view.childrenOf(component)) {
            assert.strictEqual(child.protect, true, `${child.type} protect`);
            assert.strictEqual(child.retainOnDelete, true, `${child.type} retainOnDelete`);
        }
    });

    it("keeps the created key in AWS when it leaves the stack, and nothing else, by default", async () => {
        for (const opts of [{}, { protect: false, retainOnDelete: false }]) {
            const view = await deploy({}, false, opts);
            assert.ok(view.stack.resources.every((r) => !r.protect));
            assert.deepStrictEqual(view.stack.resources.filter((r) => r.retainOnDelete).map((r) => r.name), ["data-key"], JSON.stringify(opts));
        }
    });

    it("schedules the key for deletion on removal only with deleteKeyOnRemoval: true", async () => {
        const view = await deploy({ deleteKeyOnRemoval: true });
        assert.ok(view.stack.resources.every((r) => !r.retainOnDelete));
    });

    for (const preview of [false, true]) {
        it(`makes the bucket depend on its key, so the engine deletes the bucket first (${preview ? "preview" : "update"})`, async () => {
            const view = await deploy({}, preview);
            const key = view.one(TYPES.key, "data-key");
            assert.ok(view.one(TYPES.bucket, "data").dependencies.includes(key.urn));
            // The alias, the encryption configuration and the bucket policy already depend on it through their inputs.
            for (const [type, name] of [[TYPES.alias, "data-alias"], [TYPES.encryption, "data-encryption"], [TYPES.bucketPolicy, "data-policy"]]) {
                assert.ok(view.one(type, name).dependencies.includes(key.urn), name);
            }
        });
    }

    it("makes the bucket depend on an existing key declared in the same program, and on nothing for a plain ARN", async () => {
        const stack = await captureStack(() => {
            const own = new aws.kms.Key("own", {});
            new EncryptedBucket("with-own", { existingKeyArn: own.arn });
            new EncryptedBucket("with-arn", { existingKeyArn: EXISTING_KEY });
        }, { project: "proj", stack: "test", preview: false });
        const view = new StackView(stack);
        assert.deepStrictEqual(view.one(TYPES.bucket, "with-own").dependencies, [view.one(TYPES.key, "own").urn]);
        assert.deepStrictEqual(view.one(TYPES.bucket, "with-arn").dependencies, []);
    });

    it("looks up account, partition and region once per deployment, however many buckets", async () => {
        const stack = await captureStack(() => {
            for (let i = 0; i < 5; i++) {
                new EncryptedBucket(`b${i}`, {});
            }
        }, { project: "proj", stack: "test", preview: false });
        assert.deepStrictEqual(stack.invokes.sort(), [
            "aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion",
        ]);
    });

    it("looks up once more for each explicit provider, and renders that provider's region", async () => {
        const stack = await captureStack(() => {
            const west = new aws.Provider("west", { region: "eu-west-1" });
            new EncryptedBucket("a", {}, { providers: { aws: west } });
            new EncryptedBucket("b", {}, { providers: { aws: west } });
            new EncryptedBucket("c", {});
        }, { project: "proj", stack: "test", preview: false });
        assert.strictEqual(stack.invokes.length, 6);
        const keys = new StackView(stack).ofType(TYPES.key);
        assert.ok(keys.every((k) => k.provider === undefined || k.provider.includes("pulumi:providers:aws::west")));
        assert.strictEqual(keys.filter((k) => k.provider?.includes("west")).length, 2);
    });
});

describe("EncryptedBucket: preview", () => {
    let view: StackView;
    before(async () => {
        view = await deploy({ keyUsers: [USER] }, true);
    });

    it("leaves the key's ARN unknown and ties the encryption configuration to the key by property dependency", () => {
        const key = view.one(TYPES.key, "data-key");
        assert.strictEqual(key.properties.arn, UNKNOWN.string);
        const encryption = view.one(TYPES.encryption, "data-encryption");
        const [rule] = encryption.inputs.rules as any[];
        assert.strictEqual(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId, UNKNOWN.string);
        assert.ok(encryption.propertyDependencies.rules.includes(key.urn));
        assert.ok(encryption.propertyDependencies.bucket.includes(view.one(TYPES.bucket, "data").urn));
    });

    it("renders the key policy in full: it needs only account and region, known in preview", () => {
        const statements = view.policyOf(TYPES.key, "data-key").Statement.map((s) => s.Sid);
        assert.deepStrictEqual(statements, [KEY_POLICY_SIDS.accountRoot, KEY_POLICY_SIDS.users, KEY_POLICY_SIDS.usersOutsideS3]);
    });

    it("hands the provider a bucket policy that is unknown as a whole, as the AWS provider does", () => {
        const policy = view.one(TYPES.bucketPolicy, "data-policy");
        assert.strictEqual(policy.inputs.policy, UNKNOWN.string);
        const key = view.one(TYPES.key, "data-key");
        assert.ok(policy.propertyDependencies.policy.includes(key.urn));
    });

    it("still shows the declared statements among the component's outputs, with only ARNs unknown", () => {
        const document = view.one(TYPES.component, "data").properties.bucketPolicyDocument as any;
        const wrongKey = document.Statement.find((s: any) => s.Sid === BUCKET_POLICY_SIDS.wrongKey);
        assert.strictEqual(wrongKey.Condition.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key-id"], UNKNOWN.string);
        assert.strictEqual(wrongKey.Effect, "Deny");
        assert.strictEqual(document.Statement.length, 7);
    });

    it("exposes uploadArgs with the algorithm known and the bucket and key ARN unknown, each an object's dependency on its resource", async () => {
        assert.deepStrictEqual(view.one(TYPES.component, "data").properties.uploadArgs, { bucket: UNKNOWN.string, serverSideEncryption: "aws:kms", kmsKeyId: UNKNOWN.string });
        const stack = new StackView(await captureStack(() => {
            const b = new EncryptedBucket("data", {});
            new aws.s3.BucketObjectv2("report", { ...b.uploadArgs, key: "report.csv", content: "a,b" });
        }, { project: "proj", stack: "test", preview: true }));
        const object = stack.one("aws:s3/bucketObjectv2:BucketObjectv2", "report");
        assert.strictEqual(object.inputs.serverSideEncryption, "aws:kms");
        assert.deepStrictEqual(object.propertyDependencies.kmsKeyId, [stack.one(TYPES.key, "data-key").urn]);
        assert.deepStrictEqual(object.propertyDependencies.bucket, [stack.one(TYPES.bucket, "data").urn]);
    });
});
