/**
 * Stacks captured from real programs under the SDK's mock runtime, in preview and update mode,
 * with their real property dependencies and unknowns: the component's own program must pass,
 * the insecure example must be blocked.
 */
import * as assert from "assert";
import * as path from "path";
import { captureProgram, loadProgram, loadStackConfig } from "../../offline/program";
import { analyzeCaptured } from "../../offline/analyze-captured";
import { usePack, violation, violations } from "./fixtures";

const ROOT = path.join(__dirname, "..", "..");

const MODES = [{ name: "preview", preview: true }, { name: "update", preview: false }];

describe("captured stacks", () => {
    const pack = usePack();

    for (const stackName of ["dev", "prod"]) {
        for (const mode of MODES) {
            it(`passes the component's ${stackName} stack in ${mode.name}: no mandatory violation, no preview downgrade`, async () => {
                const stack = await captureProgram(loadProgram(ROOT), stackName, mode.preview);
                assert.ok(stack.resources.some((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy"));
                const ds = await analyzeCaptured(pack(), stack);
                assert.deepStrictEqual(ds.filter((d) => d.enforcementLevel === "mandatory" || /can't run/.test(d.message)), []);
                assert.deepStrictEqual(violations(ds), []);
            });
        }
    }

    describe("a component bucket in default-encryption mode (header-less uploads allowed)", () => {
        const program = loadProgram(ROOT);
        const lenientConfig = () => {
            const config = loadStackConfig(program, "dev");
            const settings = (config["encrypted-bucket:bucketSettings"] ?? {}) as Record<string, Record<string, unknown>>;
            return { ...config, "encrypted-bucket:bucketSettings": { ...settings, logs: { ...settings.logs, enforcement: "default-encryption" } } };
        };

        it("is blocked by the default requireEncryptionHeaders: true, before and after the update applies its policy", async () => {
            const stack = await captureProgram(program, "dev", false, lenientConfig());
            const flagged = stack.resources.filter((r) => (r.type === "aws:s3/bucket:Bucket" && r.name === "logs") || (r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "logs-policy"));
            const ds = await analyzeCaptured(pack(), stack);
            assert.deepStrictEqual(violations(ds), flagged.map((r) => violation("s3-bucket-policy-enforces-cmk", r)).sort());
            ds.forEach((d) => assert.match(d.message, /send no encryption header/));
        });

        it("is blocked in preview too, from the statements its component declares (the provider shows the policy as one unknown)", async () => {
            const stack = await captureProgram(program, "dev", true, lenientConfig());
            const policy = stack.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "logs-policy")!;
            assert.strictEqual(typeof policy.properties.policy, "string");
            assert.ok(!String(policy.properties.policy).startsWith("{"), "the rendered policy is unknown in preview");
            const logs = stack.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "logs")!;
            const ds = await analyzeCaptured(pack(), stack);
            assert.deepStrictEqual(violations(ds), [violation("s3-bucket-policy-enforces-cmk", logs)]);
            assert.match(ds[0].message, /unknown until apply, and the document its component declares does not deny uploads that send no encryption header/);
        });

        it("passes in preview and update with requireEncryptionHeaders: false", async () => {
            await pack().configure({ "s3-bucket-policy-enforces-cmk": { requireEncryptionHeaders: false } });
            try {
                for (const mode of MODES) {
                    const stack = await captureProgram(program, "dev", mode.preview, lenientConfig());
                    assert.deepStrictEqual(violations(await analyzeCaptured(pack(), stack)), [], mode.name);
                }
            } finally {
                await pack().configure({});
            }
        });
    });

    for (const mode of MODES) {
        it(`blocks every bucket of examples/insecure in ${mode.name}`, async () => {
            const stack = await captureProgram(loadProgram(path.join(ROOT, "examples", "insecure")), "dev", mode.preview);
            const buckets = stack.resources.filter((r) => r.type === "aws:s3/bucket:Bucket");
            assert.strictEqual(buckets.length, 4);
            const ds = await analyzeCaptured(pack(), stack);
            const encrypted = ds.filter((d) => d.policyName === "s3-bucket-encrypted-with-cmk");
            assert.deepStrictEqual(violations(encrypted), buckets.map((b) => violation("s3-bucket-encrypted-with-cmk", b)).sort());
            const byName = (name: string) => encrypted.find((d) => d.urn.endsWith(`::${name}`))!.message;
            assert.match(byName("unencrypted"), /declares no default encryption/);
            assert.match(byName("sse-s3"), /SSE-S3 \(AES256\)/);
            assert.match(byName("aws-managed-key"), /AWS-managed key alias\/aws\/s3/);
            assert.match(byName("wrong-key"), /444455556666.*matches no allowedKeyArns/);
            // None has a bucket policy either.
            assert.strictEqual(ds.filter((d) => d.policyName === "s3-bucket-policy-enforces-cmk" && d.enforcementLevel === "mandatory").length, 4);
        });
    }
});
