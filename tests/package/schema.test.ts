// The component package as `pulumi package add` sees it: the provider name the Node.js plugin host
// derives from package.json, and the schema Pulumi infers from the TypeScript argument types
// (the inference the CLI runs, called here without the CLI).
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import * as components from "../../components";
import { ENCRYPTED_BUCKET_TYPE, EncryptedBucket, EnforcementMode, SseAlgorithm } from "../../components";
import { ROOT } from "./run";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** As @pulumi/pulumi/cmd/run-plugin derives it: the package name without its scope. */
function providerNameOf(packageName: string): string {
    const matches = packageName.match(/(@.*?\/)?(.+)/)!;
    return matches[2].replace(/[^-a-zA-Z0-9_]/g, "-");
}

interface SchemaProperty {
    type?: string;
    $ref?: string;
    plain?: boolean;
    optional?: boolean;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    description?: string;
}
interface Schema {
    name: string;
    version: string;
    resources: Record<string, {
        isComponent: boolean;
        inputProperties: Record<string, SchemaProperty>;
        requiredInputs: string[];
        properties: Record<string, SchemaProperty>;
        required: string[];
    }>;
    types: Record<string, { type: string; enum?: Array<{ name: string; value: string }>; properties?: Record<string, SchemaProperty>; required?: string[] }>;
}

const ref = (name: string) => `#/types/${ENCRYPTED_BUCKET_TYPE.split(":")[0]}:index:${name}`;

describe("package: component provider and inferred schema", function () {
    this.timeout(120_000);
    let provider: ComponentProvider;
    let schema: Schema;
    let resource: Schema["resources"][string];

    before(async function () {
        provider = new ComponentProvider({ name: providerNameOf(pkg.name), dirname: ROOT, components: [EncryptedBucket] });
        schema = JSON.parse(await provider.getSchema());
        resource = schema.resources[ENCRYPTED_BUCKET_TYPE];
    });

    it("PulumiPlugin.yaml asks for the nodejs runtime", () => {
        const plugin = YAML.parse(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8"));
        const runtime = typeof plugin.runtime === "string" ? plugin.runtime : plugin.runtime?.name;
        assert.equal(runtime, "nodejs");
    });

    it("the provider name derived from package.json is the type token's package", () => {
        assert.equal(pkg.name, "encrypted-bucket");
        assert.equal(providerNameOf(pkg.name), ENCRYPTED_BUCKET_TYPE.split(":")[0]);
        assert.equal(ENCRYPTED_BUCKET_TYPE, "encrypted-bucket:index:EncryptedBucket");
        assert.doesNotThrow(() => ComponentProvider.validateResourceType(providerNameOf(pkg.name), ENCRYPTED_BUCKET_TYPE));
    });

    it("the package exports exactly one component, EncryptedBucket", () => {
        assert.deepEqual(getPulumiComponents(components).map((c) => c.name), ["EncryptedBucket"]);
    });

    it("infers one component resource under the type token, versioned as package.json", () => {
        assert.equal(schema.name, "encrypted-bucket");
        assert.equal(schema.version, pkg.version);
        assert.deepEqual(Object.keys(schema.resources), [ENCRYPTED_BUCKET_TYPE]);
        assert.equal(resource.isComponent, true);
    });

    it("infers every argument, all optional, with its type", () => {
        const inputs = resource.inputProperties;
        assert.deepEqual(Object.keys(inputs).sort(), [
            "accessLogs", "bucketKeyEnabled", "bucketName", "bucketPolicyStatements", "deleteKeyOnRemoval", "enableKeyRotation", "enforcement", "existingKeyArn",
            "forceDestroy", "keyAdministrators", "keyAlias", "keyDeletionWindowDays", "keyRotationPeriodDays", "keyUsers",
            "sseAlgorithm", "tags",
        ]);
        assert.deepEqual(resource.requiredInputs, []);
        for (const [name, prop] of Object.entries(inputs)) {
            assert.equal(prop.optional, true, `${name} should be optional`);
        }
        const typeOf = (name: string) => {
            const { description: _d, optional: _o, ...rest } = inputs[name];
            return rest;
        };
        // Inputs (pulumi.Input<...>): no `plain` flag, so other languages may pass Outputs.
        assert.deepEqual(typeOf("bucketName"), { type: "string" });
        assert.deepEqual(typeOf("existingKeyArn"), { type: "string" });
        assert.deepEqual(typeOf("keyAlias"), { type: "string" });
        assert.deepEqual(typeOf("bucketKeyEnabled"), { type: "boolean" });
        assert.deepEqual(typeOf("enableKeyRotation"), { type: "boolean" });
        assert.deepEqual(typeOf("forceDestroy"), { type: "boolean" });
        // TypeScript has no integer type: whole days are checked by the component at run time.
        assert.deepEqual(typeOf("keyRotationPeriodDays"), { type: "number" });
        assert.deepEqual(typeOf("keyDeletionWindowDays"), { type: "number" });
        assert.deepEqual(typeOf("keyAdministrators"), { type: "array", items: { type: "string" } });
        assert.deepEqual(typeOf("keyUsers"), { type: "array", items: { type: "string" } });
        assert.deepEqual(typeOf("tags"), { type: "object", additionalProperties: { type: "string" } });
        // Plain by design (args.ts): they shape the bucket policy, which a preview must show.
        assert.deepEqual(typeOf("enforcement"), { $ref: ref("EnforcementMode"), plain: true });
        assert.deepEqual(typeOf("sseAlgorithm"), { $ref: ref("SseAlgorithm"), plain: true });
        // Plain because it sets a resource option (the key's retainOnDelete), never an Output.
        assert.deepEqual(typeOf("deleteKeyOnRemoval"), { type: "boolean", plain: true });
        assert.deepEqual(typeOf("bucketPolicyStatements"), {
            type: "array", items: { $ref: ref("BucketPolicyStatementArgs"), plain: true }, plain: true,
        });
        for (const name of ["bucketName", "keyUsers", "tags", "keyRotationPeriodDays"]) {
            assert.ok(inputs[name].description, `${name} keeps its doc comment`);
        }
    });

    it("infers the enums with the TypeScript enums' values", () => {
        const values = (name: string) => schema.types[`encrypted-bucket:index:${name}`].enum!.map((e) => e.value);
        assert.equal(schema.types["encrypted-bucket:index:EnforcementMode"].type, "string");
        assert.deepEqual(values("EnforcementMode"), Object.values(EnforcementMode));
        assert.deepEqual(values("EnforcementMode"), ["strict", "default-encryption"]);
        assert.deepEqual(values("SseAlgorithm"), Object.values(SseAlgorithm));
        assert.deepEqual(values("SseAlgorithm"), ["aws:kms", "aws:kms:dsse"]);
    });

    it("infers the bucket policy statement types, plain throughout", () => {
        const statement = schema.types["encrypted-bucket:index:BucketPolicyStatementArgs"];
        assert.equal(statement.type, "object");
        assert.deepEqual(Object.keys(statement.properties!).sort(), ["actions", "conditions", "effect", "principals", "resources", "sid"]);
        assert.deepEqual(statement.required, ["actions", "effect", "principals"]);
        assert.deepEqual(statement.properties!.principals.items, { $ref: ref("PolicyPrincipalArgs"), plain: true });
        assert.deepEqual(statement.properties!.conditions.items, { $ref: ref("PolicyConditionArgs"), plain: true });
        assert.deepEqual(schema.types["encrypted-bucket:index:PolicyPrincipalArgs"].required, ["identifiers", "type"]);
        assert.deepEqual(schema.types["encrypted-bucket:index:PolicyConditionArgs"].required, ["test", "values", "variable"]);
        for (const typeName of ["BucketPolicyStatementArgs", "PolicyPrincipalArgs", "PolicyConditionArgs"]) {
            for (const [prop, def] of Object.entries(schema.types[`encrypted-bucket:index:${typeName}`].properties!)) {
                assert.equal(def.plain, true, `${typeName}.${prop} should be plain`);
            }
        }
        const accessLogs = schema.types["encrypted-bucket:index:AccessLogsArgs"].properties!;
        assert.deepEqual(Object.keys(accessLogs).sort(), ["logBucketName", "targetBucket", "targetPrefix"]);
        // Plain: the created destination's policy is rendered from it before deployment.
        assert.equal(accessLogs.logBucketName.plain, true);
        assert.equal(accessLogs.targetBucket.plain, undefined);
        assert.deepEqual(Object.keys(schema.types).sort(), [
            "AccessLogsArgs", "BucketPolicyStatementArgs", "EnforcementMode", "PolicyConditionArgs", "PolicyPrincipalArgs", "SseAlgorithm", "UploadArgs",
        ].map((n) => `encrypted-bucket:index:${n}`));
    });

    it("infers the outputs from the public readonly fields, all present, strings but for one flag and the upload arguments", () => {
        const outputs = ["accessLogsBucketName", "aliasName", "bucketArn", "bucketKeyEnabled", "bucketName", "bucketPolicy", "keyArn", "keyId", "keyPolicy", "uploadArgs"];
        assert.deepEqual(Object.keys(resource.properties).sort(), outputs);
        for (const name of outputs.filter((n) => n !== "uploadArgs")) {
            assert.equal(resource.properties[name].type, name === "bucketKeyEnabled" ? "boolean" : "string", name);
        }
        assert.deepEqual([...resource.required].sort(), outputs);
    });

    it("infers uploadArgs as an object of three strings, so other languages read the same arguments", () => {
        assert.equal(resource.properties.uploadArgs.$ref, ref("UploadArgs"));
        const uploadArgs = schema.types["encrypted-bucket:index:UploadArgs"];
        assert.equal(uploadArgs.type, "object");
        assert.deepEqual(Object.keys(uploadArgs.properties!).sort(), ["bucket", "kmsKeyId", "serverSideEncryption"]);
        for (const def of Object.values(uploadArgs.properties!)) {
            assert.equal(def.type, "string");
        }
        assert.deepEqual(uploadArgs.required, ["bucket", "kmsKeyId", "serverSideEncryption"]);
    });

    describe("construct, as for a Python, Go, .NET or YAML program", () => {
        before(() => {
            pulumi.runtime.setMocks({
                newResource: (args) => {
                    if (args.type === "aws:kms/key:Key") {
                        return { id: "key-1", state: { ...args.inputs, keyId: "key-1", arn: "arn:aws:kms:eu-west-1:123456789012:key/key-1" } };
                    }
                    if (args.type === "aws:s3/bucket:Bucket") {
                        const bucket = args.inputs.bucket ?? `${args.name}-abc123`;
                        return { id: bucket, state: { ...args.inputs, bucket, arn: `arn:aws:s3:::${bucket}` } };
                    }
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => {
                    switch (args.token) {
                        case "aws:index/getCallerIdentity:getCallerIdentity": return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/ci", userId: "AIDA" };
                        case "aws:index/getPartition:getPartition": return { partition: "aws", dnsSuffix: "amazonaws.com" };
                        case "aws:index/getRegion:getRegion": return { region: "eu-west-1", name: "eu-west-1" };
                        default: throw new Error(`unexpected invoke ${args.token}`);
                    }
                },
            }, "consumer", "py", false);
        });

        it("builds an EncryptedBucket from plain schema inputs (enum values as strings) and returns its outputs", async () => {
            const result = await provider.construct("data", ENCRYPTED_BUCKET_TYPE, {
                enforcement: "default-encryption",
                sseAlgorithm: "aws:kms",
                keyUsers: ["arn:aws:iam::123456789012:role/app"],
                bucketPolicyStatements: [{ effect: "Deny", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:DeleteBucket"] }],
            }, {});
            const state = result.state as Record<string, pulumi.Output<string>>;
            assert.deepEqual(Object.keys(state).sort(), ["accessLogsBucketName", "aliasName", "bucketArn", "bucketKeyEnabled", "bucketName", "bucketPolicy", "keyArn", "keyId", "keyPolicy", "uploadArgs"]);
            const resolve = (o: pulumi.Output<string>) => new Promise<string>((r) => o.apply(r));
            assert.equal(await resolve(state.bucketArn), "arn:aws:s3:::data-abc123");
            assert.equal(await resolve(state.keyArn), "arn:aws:kms:eu-west-1:123456789012:key/key-1");
            const policy = JSON.parse(await resolve(state.bucketPolicy));
            assert.ok(!policy.Statement.some((s: { Sid?: string }) => s.Sid === "EncryptedBucketDenyUnencryptedUploads"), "default-encryption mode");
            assert.ok(policy.Statement.some((s: { Action?: string | string[] }) => [s.Action].flat().includes("s3:DeleteBucket")), "caller's statement merged");
            const uploadArgs = await new Promise((r) => pulumi.output(state.uploadArgs as unknown as pulumi.Input<Record<string, string>>).apply(r));
            assert.deepEqual(uploadArgs, { bucket: "data-abc123", serverSideEncryption: "aws:kms", kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/key-1" });
        });

        it("refuses a type token of another package", async () => {
            await assert.rejects(provider.construct("x", "encrypted-buckets:index:EncryptedBucket", {}, {}), /Invalid package name/);
        });
    });
});
