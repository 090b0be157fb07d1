import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalyzerError, PolicyAnalyzer, PolicyConfigError } from "../../offline/analyzer";
import { PACK_DIR, bucket, usePack, violation, violations } from "./fixtures";

const POLICY_NAMES = [
    "s3-bucket-encrypted-with-cmk",
    "s3-bucket-policy-enforces-cmk",
    "kms-key-rotation-enabled",
    "kms-key-policy-least-privilege",
    "s3-object-encrypted-with-cmk",
    "kms-key-outlives-its-buckets",
    "s3-log-deliveries-arrive",
];

describe("the analyzer client and the pack's configuration", () => {
    const pack = usePack();

    it("reports the pack's name, policies and default levels", async () => {
        const info = await pack().getAnalyzerInfo();
        assert.strictEqual(info.name, "encrypted-buckets");
        assert.deepStrictEqual(info.policies.map((p) => p.name), POLICY_NAMES);
        assert.deepStrictEqual(info.policies.map((p) => p.enforcementLevel), ["mandatory", "mandatory", "advisory", "advisory", "mandatory", "advisory", "mandatory"]);
    });

    it("keeps default levels when a policy is configured without one, as the engine does", async () => {
        await pack().configure({ "s3-bucket-encrypted-with-cmk": { allowDsse: true } });
        const ds = await pack().analyzeStack([bucket("update", "a")]);
        assert.ok(violations(ds).includes(violation("s3-bucket-encrypted-with-cmk", bucket("update", "a"))));
    });

    it("sets every level with `all`, and a policy's own level wins", async () => {
        await pack().configure({ all: "advisory", "s3-bucket-policy-enforces-cmk": "mandatory" });
        const b = bucket("update", "a");
        assert.deepStrictEqual(violations(await pack().analyzeStack([b])), [
            violation("s3-bucket-encrypted-with-cmk", b, "advisory"),
            violation("s3-bucket-policy-enforces-cmk", b),
        ]);
        await pack().configure({});
    });

    for (const [name, config, message] of [
        ["an alias where a key ARN is expected", { "s3-bucket-encrypted-with-cmk": { allowedKeyArns: ["arn:aws:kms:eu-west-1:111122223333:alias/data"] } }, /allowedKeyArns\[0\].*does not match the pattern/],
        ["a bare *", { "s3-object-encrypted-with-cmk": { allowedKeyArns: ["*"] } }, /allowedKeyArns\[0\]/],
        ["a string where a list is expected", { "s3-bucket-encrypted-with-cmk": { allowedKeyArns: "arn:aws:kms:*:111122223333:key/*" } }, /allowedKeyArns: expected array/],
        ["a string where a boolean is expected", { "s3-bucket-policy-enforces-cmk": { requireEncryptionHeaders: "yes" } }, /requireEncryptionHeaders: expected boolean/],
        ["an unknown policy", { "s3-bucket-encrypted": "mandatory" }, /s3-bucket-encrypted: no such policy/],
        ["an unknown level", { "kms-key-rotation-enabled": "strict" }, /enforcementLevel must be one of/],
    ] as const) {
        it(`rejects ${name} against the config schema`, async () => {
            await assert.rejects(pack().configure(config as never), (e: unknown) => e instanceof PolicyConfigError && message.test(e.message));
        });
    }

    it("fails with the pack's own words when the pack cannot start", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-pack-"));
        try {
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken", version: "0.0.1", main: "index.js" }));
            fs.writeFileSync(path.join(dir, "index.js"), "throw new Error('this pack is broken on purpose');\n");
            await assert.rejects(PolicyAnalyzer.start(dir), (e: unknown) => e instanceof AnalyzerError && /exited .* before printing its port/.test(e.message) && /broken on purpose/.test(e.message));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses calls after close, and closes twice without harm", async () => {
        const other = await PolicyAnalyzer.start(PACK_DIR);
        await other.close();
        await other.close();
        await assert.rejects(other.analyzeStack([]), AnalyzerError);
    });
});
