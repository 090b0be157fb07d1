/**
 * The bucket-kinds table (and the bucket-policy kinds table) decides what a kind means, not type
 * tokens or a kind's other columns: each test here flips one column of one kind and shows the
 * verdict follows that column.
 * What AWS documents for each column is cited on the column (policy-pack/src/model/bucket-kinds.ts).
 */
import * as assert from "assert";
import { PolicyResource, ResourceValidation } from "@pulumi/policy";
import { EngineResource } from "../../offline/engine-resource";
import { STORAGE_KINDS, StorageKind } from "../../policy-pack/src/model/bucket-kinds";
import { StackModel } from "../../policy-pack/src/model/stack";
import { objectFacts } from "../../policy-pack/src/policies/s3-object-encrypted-with-cmk";
import { readKeyChoiceConfig } from "../../policy-pack/src/config";
import { BUCKET_POLICY_KINDS, BucketPolicyKind, readBucketPolicy } from "../../policy-pack/src/model/policies";
import { readResource } from "../../policy-pack/src/model/resource";
import { s3BucketPolicyEnforcesCmk } from "../../policy-pack/src/policies/s3-bucket-policy-enforces-cmk";
import { BUCKET, BUCKET_V2, NATIVE_BUCKET, bucket as gpBucket, encryptionConfig, goodPolicy, key, keyArnOf, res } from "./fixtures";

const DIRECTORY = "aws:s3/directoryBucket:DirectoryBucket";
const NATIVE_DIRECTORY = "aws-native:s3express:DirectoryBucket";
const DIR_NAME = "data--euw1-az1--x-s3";

/** The engine's resources as the policy SDK hands them to a stack policy, all values known. */
function asPolicyResources(stack: EngineResource[]): PolicyResource[] {
    return stack.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.properties, propertyDependencies: {} }) as unknown as PolicyResource);
}

/** The types whose kind sets `column`. */
function typesWith(column: keyof StorageKind): string[] {
    return [...STORAGE_KINDS].filter(([, kind]) => kind[column] !== undefined && kind[column] !== false).map(([type]) => type).sort();
}

/** Builds the model of `stack` while `type`'s kind has `change` applied: the model reads the table as it builds. */
function modelWithKind(type: string, change: Partial<StorageKind>, stack: EngineResource[]): StackModel {
    const table = STORAGE_KINDS as Map<string, StorageKind>;
    const kind = table.get(type)!;
    table.set(type, { ...kind, ...change });
    try {
        return new StackModel(asPolicyResources(stack));
    } finally {
        table.set(type, kind);
    }
}

describe("bucket-kinds table: kmsWithoutKeyIdUsesBucketKey", () => {
    it("is set for exactly the directory bucket kinds, where AWS documents it", () => {
        assert.deepStrictEqual(typesWith("kmsWithoutKeyIdUsesBucketKey"), [DIRECTORY, NATIVE_DIRECTORY].sort());
    });

    it("decides whether an object asking for aws:kms without a key id passes, whatever the kind's policy dialect", () => {
        const k = key("update", "dir-key");
        const b = res(DIRECTORY, DIR_NAME, { bucket: DIR_NAME, arn: `arn:aws:s3express:eu-west-1:111122223333:bucket/${DIR_NAME}` });
        const object = res("aws:s3/objectCopy:ObjectCopy", "copy.csv", { bucket: DIR_NAME, key: "copy.csv", source: "src/copy.csv", serverSideEncryption: "aws:kms" });
        const model = new StackModel(asPolicyResources([k, b, encryptionConfig("update", b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArnOf("dir-key") }), object]));
        const config = readKeyChoiceConfig("test", {});
        const copy = model.objects[0];
        const bucket = model.storage[0];
        assert.strictEqual(bucket.kind.policyDialect, "s3express");

        assert.strictEqual(objectFacts(copy, model, config).facts, undefined);
        bucket.kind = { ...bucket.kind, kmsWithoutKeyIdUsesBucketKey: false };
        assert.deepStrictEqual(objectFacts(copy, model, config).facts, { code: "EB-KEY-001", where: undefined, algorithm: "aws:kms" });
    });
});

describe("bucket-kinds table: arnFromName", () => {
    it("is set for exactly the general-purpose bucket kinds", () => {
        assert.deepStrictEqual(typesWith("arnFromName"), [BUCKET, BUCKET_V2, NATIVE_BUCKET].sort());
    });

    it("decides whether a bucket whose ARN is unknown gets the ARNs its name implies", () => {
        const stack = [gpBucket("preview", "data")];
        assert.deepStrictEqual(new StackModel(asPolicyResources(stack)).storage[0].arns.slice(0, 1), ["arn:aws:s3:::data"]);
        assert.deepStrictEqual(modelWithKind(BUCKET, { arnFromName: false }, stack).storage[0].arns, []);
    });
});

describe("bucket-kinds table: inlinePolicy", () => {
    it("is the policy property of exactly @pulumi/aws Bucket and BucketV2 (aws-native's Bucket has none)", () => {
        assert.deepStrictEqual(typesWith("inlinePolicy"), [BUCKET, BUCKET_V2].sort());
        assert.deepStrictEqual([BUCKET, BUCKET_V2].map((t) => STORAGE_KINDS.get(t)!.inlinePolicy), ["policy", "policy"]);
    });

    it("decides whether a bucket's inline policy is read", () => {
        const stack = [gpBucket("update", "data", BUCKET, { policy: JSON.stringify(goodPolicy("arn:aws:s3:::data", keyArnOf("data-key"))) })];
        assert.deepStrictEqual(new StackModel(asPolicyResources(stack)).storage[0].policies.map((p) => p.where), [{ kind: "inline", property: "policy" }]);
        assert.deepStrictEqual(modelWithKind(BUCKET, { inlinePolicy: undefined }, stack).storage[0].policies, []);
    });
});

describe("bucket-policy kinds table", () => {
    /** Runs `fn` while `type`'s bucket-policy kind has `change` applied. */
    function withPolicyKind<T>(type: string, change: Partial<BucketPolicyKind>, fn: () => T): T {
        const table = BUCKET_POLICY_KINDS as Map<string, BucketPolicyKind>;
        const kind = table.get(type)!;
        table.set(type, { ...kind, ...change });
        try {
            return fn();
        } finally {
            table.set(type, kind);
        }
    }

    it("the document is read from the property the kind names", () => {
        for (const [type, kind] of BUCKET_POLICY_KINDS) {
            const r = readResource(asPolicyResources([res(type, "p", { bucket: "data", policy: "from policy", policyDocument: "from policyDocument" })])[0], ["bucket", "policy", "policyDocument"]);
            assert.strictEqual(readBucketPolicy(r).document, `from ${kind.document}`, type);
        }
    });

    it("an aws-native s3express BucketPolicy is judged in the s3express dialect because its kind says so, not from the bucket's name", () => {
        const type = "aws-native:s3express:BucketPolicy";
        const arn = "arn:aws:s3express:eu-west-1:111122223333:bucket/data";
        const document = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Principal: "*", Action: "s3express:CreateSession", Resource: arn, Condition: { Null: { "s3express:x-amz-server-side-encryption-aws-kms-key-id": "true" } } }],
        };
        const judge = () => {
            const found: string[] = [];
            const args = { type, urn: `urn:pulumi:test::proj::${type}::p`, name: "p", props: { bucket: arn, policyDocument: document }, getConfig: () => ({}) };
            const validate = s3BucketPolicyEnforcesCmk.validateResource as ResourceValidation;
            // The pack reports a violation object (see findings/wording.ts), whose message starts with its code.
            validate(args as never, ((violation: { message: string }) => found.push(violation.message)) as never);
            return found;
        };
        assert.deepStrictEqual(judge(), []);
        const asS3 = withPolicyKind(type, { dialect: undefined }, judge);
        assert.strictEqual(asS3.length, 1);
        assert.match(asS3[0], /^EB-BPL-005: bucket policy p for bucket "arn:aws:s3express:[^"]*": it does not deny uploads/);
    });
});
