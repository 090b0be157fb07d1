// The published artifacts: `npm pack` of the component package, installed into a fresh TypeScript
// program next to its peer dependencies, compiled with `tsc --strict` and run under the mock
// runtime; and `npm pack` of the policy pack, as `pulumi policy publish` makes it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import * as YAML from "yaml";
import { ENCRYPTED_BUCKET_TYPE } from "../../components";
import { installWithFallback } from "./consumer-install";
import { ROOT, mustRun, repositoryCopy, run } from "./run";

// semver as @pulumi/pulumi resolves it (one of its dependencies; not a direct devDependency here).
const semver: {
    valid(v: string): string | null;
    satisfies(v: string, range: string): boolean;
    minVersion(range: string): { version: string } | null;
} = require(require.resolve("semver", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));

const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const installedVersion = (name: string): string =>
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** Every path a tarball may hold; anything else (tests, examples, the program, offline/, .ci, secrets) fails. */
const ALLOWED = [
    /^package\.json$/,
    /^README\.md$/,
    /^CHANGELOG\.md$/,
    /^LICENSE(\.md|\.txt)?$/,
    /^dist\/[a-z0-9-]+\.(js|d\.ts)$/,
];
/** Patterns of credentials that must never ship: AWS keys, private keys, npm and Pulumi tokens. */
const SECRET_PATTERNS = [
    /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
    /aws_secret_access_key/i,
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    /\bnpm_[A-Za-z0-9]{36}\b/,
    /\bpul-[a-f0-9]{40}\b/,
    /_authToken/,
];

const ACCOUNT = "123456789012";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}`;

const CONSUMER_FILES: Record<string, string> = {
    "tsconfig.json": JSON.stringify({
        compilerOptions: {
            strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", outDir: "out",
            // Checking @pulumi/aws's declarations costs ~20 s; the package's own are checked on their
            // own, without skipLibCheck, by the test below.
            skipLibCheck: true, types: [],
        },
        files: ["program.ts", "types.ts", "main.ts"],
    }, null, 2),
    // A consumer's program, written against the package's public API only.
    "program.ts": `
import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket, EnforcementMode, SseAlgorithm, ENCRYPTED_BUCKET_TYPE } from "encrypted-bucket";

const bucket = new EncryptedBucket("consumer-data", {
    enforcement: EnforcementMode.DefaultEncryption,
    sseAlgorithm: SseAlgorithm.Kms,
    keyUsers: ["arn:aws:iam::${ACCOUNT}:role/app"],
    tags: { team: "platform" },
});
export const type: string = ENCRYPTED_BUCKET_TYPE;
export const outputs: pulumi.Output<Record<string, string>> = pulumi.all({
    bucketName: bucket.bucketName, bucketArn: bucket.bucketArn, keyArn: bucket.keyArn, keyId: bucket.keyId,
    aliasName: bucket.aliasName, bucketPolicy: bucket.bucketPolicy, keyPolicy: bucket.keyPolicy,
});
`,
    // Type-only: the declarations are precise, not \`any\` (tsc fails if an expected error is missing).
    "types.ts": `
import { EncryptedBucketArgs, EncryptedBucket } from "encrypted-bucket";

export const badEnforcement: EncryptedBucketArgs = {
    // @ts-expect-error a plain string is not an EnforcementMode
    enforcement: "strict",
};
export const badFlag: EncryptedBucketArgs = {
    // @ts-expect-error forceDestroy is a boolean
    forceDestroy: "yes",
};
export const unknownArg: EncryptedBucketArgs = {
    // @ts-expect-error no such argument
    bucketNmae: "typo",
};
export type Outputs = Pick<EncryptedBucket, "bucketName" | "bucketArn" | "keyArn" | "keyId" | "aliasName" | "bucketPolicy" | "keyPolicy">;
`,
    // Runs program.ts under the mock runtime and prints what it saw, as JSON, when the event loop drains.
    "main.ts": `
import * as pulumi from "@pulumi/pulumi";

const registered: Array<{ type: string; name: string; parent?: string }> = [];
let seen: { type: string; outputs: Record<string, string> } | undefined;

pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        registered.push({ type: args.type, name: args.name });
        switch (args.type) {
            case "aws:kms/key:Key":
                return { id: "${KEY_ID}", state: { ...args.inputs, keyId: "${KEY_ID}", arn: "${KEY_ARN}" } };
            case "aws:s3/bucket:Bucket": {
                const bucket = (args.inputs.bucket as string | undefined) ?? args.name + "-0a1b2c3";
                return { id: bucket, state: { ...args.inputs, bucket, arn: "arn:aws:s3:::" + bucket } };
            }
            default:
                return { id: args.name + "-id", state: args.inputs };
        }
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: "${ACCOUNT}", arn: "arn:aws:iam::${ACCOUNT}:user/ci", userId: "AIDAEXAMPLE", id: "${ACCOUNT}" };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
            case "aws:index/getRegion:getRegion":
                return { region: "eu-west-1", name: "eu-west-1", id: "eu-west-1" };
            default:
                throw new Error("unexpected invoke " + args.token);
        }
    },
}, "consumer", "test", false);

// Loaded after setMocks, as the Pulumi language host loads a program.
import("./program").then((program) => {
    program.outputs.apply((outputs) => { seen = { type: program.type, outputs }; });
}).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
});
process.once("beforeExit", () => {
    process.stdout.write(JSON.stringify({ ...seen, registered }) + "\\n");
});
`,
    // How Node resolves the installed package: the root entry, no deep imports, ESM named imports,
    // and the components the Pulumi plugin host would find in it.
    "resolve.js": `
const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental");
const out = { main: require.resolve("encrypted-bucket") };
try { require.resolve("encrypted-bucket/dist/settings"); out.deep = "resolved"; } catch (e) { out.deep = e.code; }
out.components = getPulumiComponents(require("encrypted-bucket")).map((c) => c.name);
import("encrypted-bucket").then((m) => {
    out.esmNamed = typeof m.EncryptedBucket === "function" && m.EnforcementMode.Strict === "strict";
    console.log(JSON.stringify(out));
});
`,
};

interface ConsumerRun {
    type: string;
    outputs: Record<string, string>;
    registered: Array<{ type: string; name: string }>;
}

describe("package: npm pack, install and consume", function () {
    this.timeout(180_000);
    const timings: Record<string, number> = {};
    let tmp: string;
    let tarball: string;
    let entries: string[];
    let extracted: string;
    let consumer: string;
    let installed = false;
    let compiled = false;
    let repo: string | undefined;

    before(function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "encrypted-bucket-pack-"));
        // Packed from a copy of the sources, so that its clean build never deletes the dist/ other
        // test files read. "prepack" is the library's clean build; `npm pack` would also run
        // "prepare" (the full build, policy pack included), which this package does not need.
        repo = repositoryCopy("pack");
        timings.prepack = mustRun("npm", ["run", "prepack"], repo).ms;
        const packed = mustRun("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], repo);
        timings.pack = packed.ms;
        const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
        tarball = path.join(tmp, info.filename);
        extracted = path.join(tmp, "extracted");
        fs.mkdirSync(extracted);
        mustRun("tar", ["-xzf", tarball, "-C", extracted], tmp);
        // What the tarball really holds, not only what npm says it packed.
        entries = mustRun("tar", ["-tzf", tarball], tmp).stdout.split("\n").filter(Boolean)
            .map((e) => e.replace(/^package\//, "")).sort();
        assert.deepEqual(entries, info.files.map((f) => f.path).sort());
        consumer = path.join(tmp, "consumer");
    });

    after(function () {
        console.log(`      timings (ms): ${JSON.stringify(timings)}`);
        if (tmp && !process.env.KEEP_PACK_TMP) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        if (repo) {
            fs.rmSync(repo, { recursive: true, force: true });
        }
    });

    describe("the tarball", () => {
        it("holds only allow-listed files: the compiled library, package.json, README, CHANGELOG", () => {
            const stray = entries.filter((e) => !ALLOWED.some((re) => re.test(e)));
            assert.deepEqual(stray, [], `files outside the allow-list: ${stray.join(", ")}`);
            for (const forbidden of [/^tests?\//, /^examples?\//, /^program\//, /^offline\//, /^verify\//, /^bench\//, /^policy-pack\//,
                /^index\.ts$/, /^Pulumi.*\.yaml$/, /^\.ci\//, /^\.env/, /\.npmrc$/, /(?<!\.d)\.ts$/, /\.map$/, /^tsconfig/, /^node_modules\//]) {
                assert.deepEqual(entries.filter((e) => forbidden.test(e)), [], `no ${forbidden}`);
            }
        });

        it("holds every compiled module of components/ and its declarations, and nothing else in dist/", () => {
            const modules = fs.readdirSync(path.join(ROOT, "components")).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")).sort();
            const dist = entries.filter((e) => e.startsWith("dist/"));
            assert.deepEqual(dist, modules.flatMap((m) => [`dist/${m}.d.ts`, `dist/${m}.js`]).sort());
            for (const required of ["package.json", "CHANGELOG.md", rootPkg.main, rootPkg.types]) {
                assert.ok(entries.includes(path.normalize(required)), `${required} is packed`);
            }
        });

        it("holds no secrets", () => {
            for (const entry of entries) {
                const text = fs.readFileSync(path.join(extracted, "package", entry), "utf8");
                for (const pattern of SECRET_PATTERNS) {
                    assert.ok(!pattern.test(text), `${entry} matches ${pattern}`);
                }
            }
        });

        it("declares its entry points, peer dependencies only, and no install scripts", () => {
            const packed = JSON.parse(fs.readFileSync(path.join(extracted, "package", "package.json"), "utf8"));
            assert.equal(packed.name, "encrypted-bucket");
            assert.ok(semver.valid(packed.version), packed.version);
            assert.equal(packed.main, "dist/index.js");
            assert.equal(packed.types, "dist/index.d.ts");
            assert.deepEqual(packed.exports["."], { types: "./dist/index.d.ts", default: "./dist/index.js" });
            assert.equal(packed.dependencies, undefined, "the component needs nothing but its peers");
            assert.deepEqual(Object.keys(packed.peerDependencies).sort(), ["@pulumi/aws", "@pulumi/pulumi"]);
            for (const script of ["preinstall", "install", "postinstall"]) {
                assert.equal(packed.scripts?.[script], undefined, `no ${script} script`);
            }
        });

        it("accepts the @pulumi/pulumi and @pulumi/aws versions it is tested with", () => {
            // The range's floor is under test too: the CI matrix (.ci/matrix.js) derives its "floor"
            // SDK set from these ranges and runs this suite on it, next to the latest releases.
            for (const name of ["@pulumi/pulumi", "@pulumi/aws"]) {
                for (const version of [installedVersion(name), rootPkg.devDependencies[name]]) {
                    assert.ok(semver.satisfies(version, rootPkg.peerDependencies[name]),
                        `${name} ${version} satisfies ${rootPkg.peerDependencies[name]}`);
                }
            }
        });

        it("declares its types for every TypeScript module resolution mode", () => {
            // Resolved against the extracted package, as a consumer's tsc would see it.
            const from = path.join(tmp, "resolution", "index.ts");
            fs.mkdirSync(path.join(tmp, "resolution", "node_modules"), { recursive: true });
            fs.cpSync(path.join(extracted, "package"), path.join(tmp, "resolution", "node_modules", "encrypted-bucket"), { recursive: true });
            for (const [mode, options] of Object.entries({
                node10: { moduleResolution: ts.ModuleResolutionKind.Node10 },
                node16: { moduleResolution: ts.ModuleResolutionKind.Node16, module: ts.ModuleKind.Node16 },
                nodenext: { moduleResolution: ts.ModuleResolutionKind.NodeNext, module: ts.ModuleKind.NodeNext },
                bundler: { moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext },
            } as Record<string, ts.CompilerOptions>)) {
                const resolved = ts.resolveModuleName("encrypted-bucket", from, options, ts.sys).resolvedModule;
                assert.ok(resolved?.resolvedFileName.endsWith("node_modules/encrypted-bucket/dist/index.d.ts"), `${mode}: ${resolved?.resolvedFileName}`);
            }
        });
    });

    describe("a fresh TypeScript program that installs it", () => {
        before(function () {
            fs.mkdirSync(consumer);
            fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({
                name: "consumer", version: "1.0.0", private: true,
                dependencies: {
                    "encrypted-bucket": `file:${tarball}`,
                    "@pulumi/pulumi": installedVersion("@pulumi/pulumi"),
                    "@pulumi/aws": installedVersion("@pulumi/aws"),
                },
            }, null, 2));
            for (const [file, text] of Object.entries(CONSUMER_FILES)) {
                fs.writeFileSync(path.join(consumer, file), text);
            }
        });

        it("installs the tarball next to its peer dependencies (npm checks the peer ranges)", function () {
            this.timeout(360_000);
            const args = ["install", "--prefix", consumer, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"];
            const { result: res, log } = installWithFallback((flag) => run("npm", [...args, flag], consumer, 170_000));
            timings.install = res.ms;
            log.forEach((line) => console.log(`      consumer ${line}`));
            assert.equal(res.status, 0, `npm install failed:\n${log.join("\n")}\n${res.stdout}\n${res.stderr}`);
            const installedPkg = JSON.parse(fs.readFileSync(path.join(consumer, "node_modules", "encrypted-bucket", "package.json"), "utf8"));
            assert.equal(installedPkg.version, rootPkg.version);
            installed = true;
        });

        it("compiles with tsc --strict against the package's declarations", function () {
            assert.ok(installed, "the tarball did not install: see the failure above");
            const res = run(process.execPath, [TSC, "-p", consumer, "--strict"], consumer);
            timings.tsc = res.ms;
            assert.equal(res.status, 0, `tsc --strict failed:\n${res.stdout}\n${res.stderr}`);
            compiled = true;
        });

        it("its declarations type-check under --strict without skipLibCheck", function () {
            assert.ok(installed, "the tarball did not install: see the failure above");
            const started = Date.now();
            const dist = path.join(consumer, "node_modules", "encrypted-bucket", "dist");
            const roots = fs.readdirSync(dist).filter((f) => f.endsWith(".d.ts")).map((f) => path.join(dist, f));
            const program = ts.createProgram(roots, {
                strict: true, skipLibCheck: false, noEmit: true, types: [],
                target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
            });
            // Per file: the package's declarations in full, the libraries only as far as they are used.
            const diagnostics = [
                ...program.getOptionsDiagnostics(),
                ...program.getGlobalDiagnostics(),
                ...roots.flatMap((root) => {
                    const file = program.getSourceFile(root)!;
                    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
                }),
            ];
            timings.declarations = Date.now() - started;
            assert.deepEqual(diagnostics.map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`), []);
        });

        it("resolves the package's root entry only, from require and from import, with one component in it", function () {
            assert.ok(installed, "the tarball did not install: see the failure above");
            const res = mustRun(process.execPath, ["resolve.js"], consumer);
            const out = JSON.parse(res.stdout);
            assert.equal(fs.realpathSync(out.main), fs.realpathSync(path.join(consumer, "node_modules", "encrypted-bucket", "dist", "index.js")));
            assert.equal(out.deep, "ERR_PACKAGE_PATH_NOT_EXPORTED");
            assert.deepEqual(out.components, ["EncryptedBucket"]);
            assert.equal(out.esmNamed, true);
        });

        it("creates an EncryptedBucket under the mock runtime and reads its outputs", function () {
            assert.ok(compiled, "the consumer did not compile: see the failure above");
            const res = mustRun(process.execPath, [path.join("out", "main.js")], consumer);
            timings.run = res.ms;
            const seen = JSON.parse(res.stdout.trim().split("\n").pop()!) as ConsumerRun;
            assert.equal(seen.type, ENCRYPTED_BUCKET_TYPE);

            const { outputs } = seen;
            assert.equal(outputs.bucketName, "consumer-data-0a1b2c3");
            assert.equal(outputs.bucketArn, "arn:aws:s3:::consumer-data-0a1b2c3");
            assert.equal(outputs.keyArn, KEY_ARN);
            assert.equal(outputs.keyId, KEY_ID);
            assert.equal(outputs.aliasName, "alias/consumer-test-consumer-data");

            const bucketPolicy = JSON.parse(outputs.bucketPolicy);
            const wrongKey = bucketPolicy.Statement.find((s: { Sid: string }) => s.Sid === "EncryptedBucketDenyWrongKmsKey");
            assert.equal(wrongKey?.Effect, "Deny");
            assert.equal(wrongKey.Condition.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key-id"], KEY_ARN);
            const keyPolicy = JSON.parse(outputs.keyPolicy);
            const use = keyPolicy.Statement.find((s: { Sid: string }) => s.Sid === "AllowUseThroughS3Only");
            assert.deepEqual(use.Principal.AWS, [`arn:aws:iam::${ACCOUNT}:role/app`]);
            assert.equal(use.Condition.StringEquals["kms:ViaService"], "s3.eu-west-1.amazonaws.com");

            assert.deepEqual(seen.registered.map((r) => r.type).sort(), [
                ENCRYPTED_BUCKET_TYPE,
                "aws:kms/alias:Alias",
                "aws:kms/key:Key",
                "aws:s3/bucket:Bucket",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                "aws:s3/bucketPolicy:BucketPolicy",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "aws:s3/bucketVersioning:BucketVersioning",
            ].sort());
        });
    });
});

describe("package: the policy pack as `pulumi policy publish` packs it", function () {
    this.timeout(120_000);
    let repo: string;
    let packDir: string;
    const policyPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack", "package.json"), "utf8"));
    let files: string[];

    before(function () {
        // With its lifecycle scripts, as the CLI runs it: "prepack" rebuilds dist/ from scratch, in a
        // copy of the sources so that the clone's policy-pack/dist/ stays for the suites running the pack.
        repo = repositoryCopy("policy-pack");
        packDir = path.join(repo, "policy-pack");
        const res = mustRun("npm", ["pack", "--dry-run", "--json"], packDir);
        const [info] = JSON.parse(res.stdout.slice(res.stdout.indexOf("["))) as Array<{ files: Array<{ path: string }> }>;
        files = info.files.map((f) => f.path).sort();
    });

    after(() => {
        if (repo) {
            fs.rmSync(repo, { recursive: true, force: true });
        }
    });

    it("holds the compiled pack, PulumiPolicy.yaml, README, LICENSE and package.json, nothing else", () => {
        const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^PulumiPolicy\.yaml$/, /^dist\/([a-z0-9-]+\/)*[a-z0-9-]+\.js$/];
        assert.deepEqual(files.filter((f) => !allowed.some((re) => re.test(f))), []);
        for (const required of ["package.json", "README.md", "PulumiPolicy.yaml", path.normalize(policyPkg.main)]) {
            assert.ok(files.includes(required), `${required} is packed`);
        }
    });

    it("is a nodejs policy pack, versioned with the component", () => {
        const manifest = YAML.parse(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"));
        assert.equal(typeof manifest.runtime === "string" ? manifest.runtime : manifest.runtime?.name, "nodejs");
        // @pulumi/policy reports package.json's version as the pack's version.
        assert.ok(semver.valid(policyPkg.version), policyPkg.version);
        assert.equal(policyPkg.version, rootPkg.version);
        assert.equal(policyPkg.scripts.prepare, undefined, "no prepare: the CLI runs npm install in the unpacked pack, which has no sources");
    });

    it("keeps the public pack and policy names", () => {
        const compiled = files.filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(packDir, f), "utf8")).join("\n");
        assert.match(compiled, /PolicyPack\)?\("encrypted-buckets"/);
        for (const policy of ["s3-bucket-encrypted-with-cmk", "s3-bucket-policy-enforces-cmk", "kms-key-rotation-enabled",
            "kms-key-policy-least-privilege", "s3-object-encrypted-with-cmk"]) {
            assert.ok(compiled.includes(`"${policy}"`), `${policy} is in the compiled pack`);
        }
    });
});
