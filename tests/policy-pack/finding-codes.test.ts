/**
 * Finding codes: every diagnostic the pack emits starts with a documented code and ": " (the
 * contract the offline preview and CI parse with CODE_PREFIX), and docs/finding-codes.md lists
 * every code of policy-pack/src/findings/codes.ts with its meaning and fix, and no other.
 * After changing codes.ts: UPDATE_FINDING_CODES_DOC=1 npx mocha --no-config -r ts-node/register/transpile-only tests/policy-pack/finding-codes.test.ts
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Diagnostic } from "../../offline/analyzer";
import { analyzeCaptured } from "../../offline/analyze-captured";
import { EngineResource } from "../../offline/engine-resource";
import { captureProgram, loadProgram } from "../../offline/program";
import { CODES, CODE_PREFIX, Code, FINDING_CODES_DOC, codeUrl } from "../../policy-pack/src/findings/codes";
import { POLICIES } from "../../policy-pack/src/policies";
import {
    FORMS, OTHER_KEY_ARN, SSE_CONFIG, bucket, bucketPolicy, codeOf, compliantBucket, computed, encryptionConfig, goodPolicy, bucketArn, key, keyArnOf, res, usePack,
} from "./fixtures";

const ROOT = path.join(__dirname, "..", "..");
const DOC = path.join(ROOT, "docs", "finding-codes.md");

/** docs/finding-codes.md as codes.ts says it must read. */
export function renderFindingCodesDoc(): string {
    const families = new Map<string, Code[]>();
    for (const code of Object.keys(CODES) as Code[]) {
        const family = code.split("-").slice(0, 2).join("-");
        families.set(family, [...(families.get(family) ?? []), code]);
    }
    const sections = [...families].map(([family, codes]) => [
        `## ${family}`,
        "",
        ...codes.flatMap((code) => [`### ${code}`, "", `**${CODES[code].title}.** ${CODES[code].meaning}`, "", `Fix: ${CODES[code].fix}`, ""]),
    ].join("\n"));
    return [
        "# Finding codes",
        "",
        "Every diagnostic the `encrypted-buckets` policy pack reports is one finding, and its message starts with the finding's code",
        "and `: `, then names the resource, says what was found and what is expected, and ends with the URL of the code's entry below:",
        "",
        "```text",
        "EB-ENC-001: general-purpose bucket \"data\" (data): it declares no default encryption, so S3 applies SSE-S3 (AES256). Expected SSE-KMS (...) See https://github.com/encrypted-bucket/encrypted-bucket/blob/main/docs/finding-codes.md#eb-enc-001",
        "```",
        "",
        "The code is the message's prefix up to the first `: `, matched by `^([A-Z]+(?:-[A-Z0-9]+)+): ` (`CODE_PREFIX` in",
        "`policy-pack/src/findings/codes.ts`); tools such as the offline preview read it there. Codes are stable: a code keeps its",
        "meaning, and a retired code is never reused. A resource with several problems gets one diagnostic per finding.",
        "The words are made in one place, `policy-pack/src/findings/wording.ts`; the policies compute findings as data",
        "(`policy-pack/src/findings/finding.ts`). This page is generated from `policy-pack/src/findings/codes.ts`",
        "(`tests/policy-pack/finding-codes.test.ts` keeps the two equal).",
        "",
        "Families: `EB-ENC` default encryption of storage, and the encryption writers name; `EB-SSE` the algorithm asked for;",
        "`EB-KEY` the key named; `EB-OBJ` objects; `EB-BPL` bucket policies; `EB-LNK` resources tied to no single bucket;",
        "`EB-ROT` key rotation; `EB-KPL` key policies; `EB-DEL` the order in which a key and its bucket are deleted;",
        "`EB-EXC` exceptions in the pack's config that do not apply (docs/exceptions.md).",
        "",
        ...sections,
    ].join("\n");
}

/** Asserts every diagnostic starts with a documented code, its entry's URL at the end. */
function assertCoded(ds: Diagnostic[], where: string): void {
    for (const d of ds) {
        const code = codeOf(d) as Code;
        assert.ok(d.message.endsWith(`See ${codeUrl(code)}`), `${where}: ${d.message}`);
    }
}

describe("finding codes", () => {
    it("docs/finding-codes.md lists every code with its meaning and fix, and nothing else", () => {
        const expected = renderFindingCodesDoc();
        if (process.env.UPDATE_FINDING_CODES_DOC) {
            fs.writeFileSync(DOC, expected);
        }
        assert.strictEqual(fs.readFileSync(DOC, "utf8"), expected, "regenerate with UPDATE_FINDING_CODES_DOC=1 (see this file's header)");
        const documented = [...expected.matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
        assert.deepStrictEqual(documented, Object.keys(CODES));
    });

    it("codes match the prefix consumers parse, and their URLs work outside the repository", () => {
        for (const code of Object.keys(CODES) as Code[]) {
            assert.strictEqual(CODE_PREFIX.exec(`${code}: x`)?.[1], code);
            assert.strictEqual(codeUrl(code), `${FINDING_CODES_DOC}#${code.toLowerCase()}`);
            assert.match(codeUrl(code), /^https:\/\/github\.com\/encrypted-bucket\/encrypted-bucket\/blob\/main\/docs\/finding-codes\.md#eb-/);
        }
    });

    it("every policy carries remediationSteps and an absolute url (@pulumi/policy 1.21 metadata)", () => {
        for (const p of POLICIES) {
            assert.ok((p.remediationSteps ?? "").length > 40, p.name);
            assert.strictEqual(p.url, `https://github.com/encrypted-bucket/encrypted-bucket/blob/main/policy-pack/README.md#${p.name}`);
        }
    });

    describe("every diagnostic the pack emits starts with a documented code", () => {
        const pack = usePack();

        const programs = [ROOT, ...fs.readdirSync(path.join(ROOT, "examples")).map((d) => path.join(ROOT, "examples", d))];
        for (const dir of programs) {
            const program = loadProgram(dir);
            for (const preview of [true, false]) {
                it(`${path.relative(ROOT, dir) || "the component's program"}, every stack, ${preview ? "preview" : "update"}`, async () => {
                    const stacks = fs.readdirSync(dir).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
                    assert.ok(stacks.length > 0, dir);
                    for (const stack of stacks) {
                        assertCoded(await analyzeCaptured(pack(), await captureProgram(program, stack, preview)), `${dir} ${stack}`);
                    }
                });
            }
        }

        it("the insecure example's findings, by code", async () => {
            const ds = await analyzeCaptured(pack(), await captureProgram(loadProgram(path.join(ROOT, "examples", "insecure")), "dev", false));
            const mandatory = ds.filter((d) => d.enforcementLevel === "mandatory");
            assert.ok(mandatory.length > 0);
            const byCode = new Set(mandatory.map(codeOf));
            for (const code of ["EB-ENC-001", "EB-SSE-001", "EB-KEY-002", "EB-KEY-007"]) {
                assert.ok(byCode.has(code), `${code} among ${[...byCode].join(", ")}`);
            }
        });

        for (const form of FORMS) {
            it(`hand-made stacks with every kind of problem, ${form} form: stack and per-resource analysis`, async () => {
                const [k, b, config, policy] = compliantBucket(form, "data");
                const noise = res("aws:ssm/parameter:Parameter", "noise", { value: "x" });
                const stacks: EngineResource[][] = [
                    [bucket(form, "plain")],
                    [k, b, encryptionConfig(form, b, { sseAlgorithm: "AES256" })],
                    [k, b, encryptionConfig(form, b, {}), policy],
                    [k, b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN }, SSE_CONFIG), policy],
                    [k, noise, b, encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, OTHER_KEY_ARN, noise) })],
                    [k, b, config, bucketPolicy(form, b, goodPolicy(bucketArn(b), keyArnOf("other"), { omit: ["DenySseC", "DenyUnencryptedUploads"] }), [k])],
                    [{ ...k, properties: { ...k.properties, enableKeyRotation: false, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] }) } }],
                    [key(form, "k2"), { ...bucket(form, "solo") }, encryptionConfig(form, bucket(form, "solo"), { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf("k2"), key(form, "k2")) })],
                    [k, b, config, policy, res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { bucket: "data", key: "o", serverSideEncryption: "AES256" })],
                ];
                let seen = 0;
                for (const stack of stacks) {
                    const ds = [...await pack().analyzeStack(stack), ...(await Promise.all(stack.map((r) => pack().analyze(r)))).flat()];
                    assertCoded(ds, JSON.stringify(stack.map((r) => r.name)));
                    seen += ds.length;
                }
                assert.ok(seen >= stacks.length, `only ${seen} diagnostics`);
            });
        }
    });
});
