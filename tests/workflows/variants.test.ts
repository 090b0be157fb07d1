/**
 * Every check fails on a broken copy of the workflows or the repository, built in memory (or in a
 * temporary folder for the stack file): the "Done when" variants first, then one per rule.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyse } from "./lib";
import { readRepoFacts, readWorkflows, RepoFacts, WORKFLOW_DIR } from "./lib/repo";
import { Workflow } from "./lib/workflow";
import { edit, replaceOnce } from "./variants";

const ROOT = path.resolve(__dirname, "../..");

async function findings(workflows: Workflow[], repo: RepoFacts, check: string): Promise<string[]> {
    const all = (await analyse(workflows, repo)).findings;
    assert.ok(check in all, `no check named ${check}`);
    return all[check];
}

function assertFinds(found: string[], pattern: RegExp, count?: number): void {
    const matching = found.filter((f) => pattern.test(f));
    assert.ok(matching.length > 0, `expected a finding matching ${pattern}, got ${JSON.stringify(found)}`);
    if (count !== undefined) assert.strictEqual(matching.length, count, JSON.stringify(found));
}

describe("broken workflow variants each fail a check", () => {
    let workflows: Workflow[];
    let repo: RepoFacts;

    before(() => {
        workflows = readWorkflows(ROOT);
        repo = readRepoFacts(ROOT);
    });

    describe("a new stack file without pipeline coverage", () => {
        let dir: string;

        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-stack-"));
            for (const file of ["package.json", ...repo.stacks.map((s) => `Pulumi.${s}.yaml`), "policy-pack/PulumiPolicy.yaml"]) {
                fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
                fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
            }
            fs.cpSync(path.join(ROOT, WORKFLOW_DIR), path.join(dir, WORKFLOW_DIR), { recursive: true });
            fs.copyFileSync(path.join(ROOT, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.staging.yaml"));
        });

        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("is reported for the offline preview, the cloud preview and the deployment", async () => {
            const staging = readRepoFacts(dir);
            assert.ok(staging.stacks.includes("staging"));
            const found = await findings(readWorkflows(dir), staging, "stackCoverage");
            assert.deepStrictEqual(found.sort(), [
                "stack staging (Pulumi.staging.yaml) has no offline-preview on pull_request",
                "stack staging (Pulumi.staging.yaml) has no preview on pull_request",
                "stack staging (Pulumi.staging.yaml) has no up on push",
            ]);
        });

        it("is still reported when only the pull request covers it", async () => {
            const stagingRepo = readRepoFacts(dir);
            const prOnly = edit(readWorkflows(dir), "pull-request.yml", (t) => t.replaceAll("stack: [dev, prod]", "stack: [dev, prod, staging]"));
            assert.deepStrictEqual(await findings(prOnly, stagingRepo, "stackCoverage"), ["stack staging (Pulumi.staging.yaml) has no up on push"]);
        });

        it("passes once staging has its matrix entries and a deployment after dev", async () => {
            const stagingRepo = readRepoFacts(dir);
            let covered = edit(readWorkflows(dir), "pull-request.yml", (t) => t.replaceAll("stack: [dev, prod]", "stack: [dev, staging, prod]"));
            covered = edit(covered, "deploy.yml", replaceOnce("  prod:\n    needs: dev\n", "  staging:\n    needs: dev\n    uses: ./.github/workflows/deploy-stack.yml\n    permissions:\n      contents: read\n      id-token: write\n    with:\n      stack: staging\n\n  prod:\n    needs: staging\n"));
            const all = (await analyse(covered, stagingRepo)).findings;
            assert.deepStrictEqual(Object.values(all).flat(), []);
        });
    });

    describe("a step calling a missing npm script", () => {
        it("npm start renamed to a script package.json does not have", async () => {
            const broken = edit(workflows, "pull-request.yml", replaceOnce("npm start --", "npm run preview --"));
            assertFinds(await findings(broken, repo, "commands"), /offline-preview \[stack=dev\] step 4: `npm run preview -- --stack dev[^`]*`: package.json has no "preview" script/);
        });

        it("a misspelt verify", async () => {
            const broken = edit(workflows, "deploy-stack.yml", replaceOnce("npm run --silent verify", "npm run --silent verfy"));
            assertFinds(await findings(broken, repo, "commands"), /package\.json has no "verfy" script/, 2);
        });

        it("a script removed from package.json while the workflows still call it", async () => {
            const withoutVerify = { ...repo, npmScripts: repo.npmScripts.filter((s) => s !== "verify") };
            assertFinds(await findings(workflows, withoutVerify, "commands"), /package\.json has no "verify" script/, 2);
        });
    });

    describe("a preview step without the policy pack", () => {
        it("pulumi/actions preview without policyPacks", async () => {
            const broken = edit(workflows, "pull-request.yml", replaceOnce(/\n {10}policyPacks: policy-pack/, ""));
            const found = await findings(broken, repo, "policyPacks");
            assert.deepStrictEqual(found, repo.stacks.map((s) => `pull-request.yml cloud-preview [stack=${s}] step 6: pulumi preview of ${s} runs without a policy pack`));
        });

        it("a policy pack folder that does not exist", async () => {
            const broken = edit(workflows, "pull-request.yml", replaceOnce("policyPacks: policy-pack", "policyPacks: policy-packs"));
            assertFinds(await findings(broken, repo, "policyPacks"), /policy pack policy-packs is not a folder with a PulumiPolicy\.yaml/, repo.stacks.length);
        });

        it("pulumi up without it", async () => {
            const broken = edit(workflows, "deploy-stack.yml", replaceOnce(/\n {10}policyPacks: policy-pack/, ""));
            assertFinds(await findings(broken, repo, "policyPacks"), /pulumi up of (dev|prod) runs without a policy pack/, 2);
        });

        it("the Pulumi CLI run by hand without --policy-pack", async () => {
            const broken = edit(workflows, "deploy-stack.yml", replaceOnce(
                /      - uses: pulumi\/actions@v7\n        with:\n          command: up\n[^\n]*\n[^\n]*\n[^\n]*\n/,
                "      - run: pulumi up --yes --stack \"$PULUMI_STACK\"\n",
            ));
            assertFinds(await findings(broken, repo, "policyPacks"), /step 6: pulumi up of (dev|prod) runs without a policy pack/, 2);
        });
    });

    it("a flag the verify command does not take (its own parser says so)", async () => {
        const broken = edit(workflows, "deploy-stack.yml", replaceOnce("npm run --silent verify", "npm run --silent verify -- --bucket-name x"));
        assertFinds(await findings(broken, repo, "commands"), /--bucket-name/, 2);
    });

    it("a flag npm start does not take", async () => {
        const broken = edit(workflows, "pull-request.yml", replaceOnce("--stack ${{ matrix.stack }}", "--stacks ${{ matrix.stack }}"));
        const found = await findings(broken, repo, "commands");
        assertFinds(found, /--stacks/, repo.stacks.length);
        // Without --stack the offline preview would preview dev only, whatever the matrix says.
        assertFinds(await findings(broken, repo, "stackCoverage"), /offline-preview step 4 names no stack/, repo.stacks.length);
    });

    it("a program the checks do not know", async () => {
        const broken = edit(workflows, "pull-request.yml", replaceOnce("- run: node .ci/matrix.js --self-check", "- run: make test"));
        assertFinds(await findings(broken, repo, "commands"), /make is not a program these checks know/);
    });

    it("a node script the checks do not know, or a flag the matrix driver does not take (its own parser says so)", async () => {
        const unknown = edit(workflows, "pull-request.yml", replaceOnce("node .ci/matrix.js --self-check", "node .ci/matrixx.js --self-check"));
        assertFinds(await findings(unknown, repo, "commands"), /matrix-self-check step 4: `node \.ci\/matrixx\.js --self-check`: node \.ci\/matrixx\.js is not a script these checks know/);
        const badFlag = edit(workflows, "pull-request.yml", replaceOnce("node .ci/matrix.js --self-check", "node .ci/matrix.js --selfcheck"));
        assertFinds(await findings(badFlag, repo, "commands"), /matrix-self-check step 4: .*usage: node \.ci\/matrix\.js/);
        const dropped = edit(workflows, "pull-request.yml", replaceOnce("22/latest, 24/latest]", "22/latest, 24/latest, 20/latest]"));
        assertFinds(await findings(dropped, repo, "commands"), /test \[combination=20\/latest\] step 4: .*unknown combination 20\/latest/);
    });

    describe("the version matrix on pull requests", () => {
        it("a combination of .ci/matrix.js left out of the workflow", async () => {
            const corners = edit(workflows, "pull-request.yml", replaceOnce("combination: [20/floor, 22/floor, 24/floor, 22/latest, 24/latest]", "combination: [20/floor, 24/latest]"));
            assert.deepStrictEqual(await findings(corners, repo, "versionMatrix"), ["22/floor", "24/floor", "22/latest"].map((c) => `.ci/matrix.js combination ${c} is not run on pull_request`));
        });

        it("a combination added to .ci/matrix.js but not to the workflow", async () => {
            const grown = { ...repo, versionMatrix: { ...repo.versionMatrix, combinations: [...repo.versionMatrix.combinations, "26/latest"] } };
            assert.deepStrictEqual(await findings(workflows, grown, "versionMatrix"), [".ci/matrix.js combination 26/latest is not run on pull_request"]);
        });

        it("the self-check replaced by a combination that already runs, or by another npm command", async () => {
            const twice = edit(workflows, "pull-request.yml", replaceOnce("node .ci/matrix.js --self-check", "node .ci/matrix.js --only 20/floor"));
            assert.deepStrictEqual(await findings(twice, repo, "versionMatrix"), [
                ".ci/matrix.js combination 20/floor runs 2 times on pull_request (pull-request.yml test [combination=20/floor] step 4; pull-request.yml matrix-self-check step 4)",
                ".ci/matrix.js's self-check is not run on pull_request",
            ]);
            const bench = edit(workflows, "pull-request.yml", replaceOnce("--only ${{ matrix.combination }}", "--only ${{ matrix.combination }} --npm 'run bench'"));
            assert.strictEqual((await findings(bench, repo, "versionMatrix")).length, repo.versionMatrix.combinations.length);
        });

        it("passes when one job runs the whole matrix with --all", async () => {
            let all = edit(workflows, "pull-request.yml", replaceOnce("combination: [20/floor, 22/floor, 24/floor, 22/latest, 24/latest]", "combination: [all]"));
            all = edit(all, "pull-request.yml", replaceOnce("--only ${{ matrix.combination }}", "--all"));
            all = edit(all, "pull-request.yml", replaceOnce("      - run: node .ci/matrix.js --self-check\n", "      - run: npm test\n"));
            assert.deepStrictEqual(await findings(all, repo, "versionMatrix"), []);
        });
    });

    it("a syntax or schema error GitHub would reject", async () => {
        const broken = edit(workflows, "deploy.yml", replaceOnce("    needs: dev", "    neds: dev"));
        assertFinds(await findings(broken, repo, "validation"), /neds/);
        const badExpression = edit(workflows, "pull-request.yml", replaceOnce("if: vars.AWS_PREVIEW_ROLE_ARN != ''", "if: vars.AWS_PREVIEW_ROLE_ARN != ''("));
        assertFinds(await findings(badExpression, repo, "validation"), /Unexpected symbol: '\('/);
    });

    it("a deployment without its verify step", async () => {
        const broken = edit(workflows, "deploy-stack.yml", replaceOnce(/\n      - name: Verify the deployed buckets\n[^\n]*\n?/, "\n"));
        assertFinds(await findings(broken, repo, "verifyAfterUp"), /pulumi up of (dev|prod) is not followed by/, 2);
    });

    it("verify fed another stack's outputs", async () => {
        const broken = edit(workflows, "deploy-stack.yml", replaceOnce("--stack \"$PULUMI_STACK\"", "--stack dev"));
        assert.deepStrictEqual(await findings(broken, repo, "verifyAfterUp"), [
            "deploy.yml prod -> deploy-stack.yml up: pulumi up of prod is not followed by `pulumi stack output --stack prod --json --show-secrets | npm run verify`",
        ]);
    });

    it("a call of a reusable workflow that does not exist, or with an input it does not take", async () => {
        const missing = edit(workflows, "deploy.yml", replaceOnce("  prod:\n    needs: dev\n    uses: ./.github/workflows/deploy-stack.yml", "  prod:\n    needs: dev\n    uses: ./.github/workflows/deploy-stacks.yml"));
        assertFinds(await findings(missing, repo, "reusableCalls"), /job prod: \.\/\.github\/workflows\/deploy-stacks\.yml does not exist/);
        const misnamed = edit(workflows, "deploy.yml", replaceOnce("      stack: prod", "      stacks: prod"));
        assert.deepStrictEqual(await findings(misnamed, repo, "reusableCalls"), [
            ".github/workflows/deploy.yml job prod: .github/workflows/deploy-stack.yml has no input stacks",
            ".github/workflows/deploy.yml job prod: required input stack of .github/workflows/deploy-stack.yml is not given",
        ]);
        // And prod is then deployed nowhere.
        assertFinds(await findings(misnamed, repo, "stackCoverage"), /stack prod \(Pulumi\.prod\.yaml\) has no up on push/);
    });

    it("an action not pinned to a major version", async () => {
        const broken = edit(workflows, "deploy-stack.yml", replaceOnce("pulumi/actions@v7", "pulumi/actions@main"));
        assertFinds(await findings(broken, repo, "pins"), /pulumi\/actions@main is not pinned/);
    });

    it("a stored secret", async () => {
        const broken = edit(workflows, "deploy-stack.yml", replaceOnce("          policyPacks: policy-pack\n", "          policyPacks: policy-pack\n        env:\n          PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}\n"));
        assertFinds(await findings(broken, repo, "secrets"), /secrets\.PULUMI_ACCESS_TOKEN/);
    });

    it("a write permission a job does not need, and one it needs but lacks", async () => {
        const extra = edit(workflows, "pull-request.yml", replaceOnce("      security-events: write\n", "      security-events: write\n      id-token: write\n"));
        assertFinds(await findings(extra, repo, "permissions"), /job offline-preview: id-token: write is not needed/);
        const noUpload = edit(workflows, "pull-request.yml", replaceOnce("      security-events: write\n", ""));
        assertFinds(await findings(noUpload, repo, "permissions"), /job offline-preview: needs security-events: write/);
        const missing = edit(workflows, "deploy.yml", replaceOnce("    needs: dev\n    uses: ./.github/workflows/deploy-stack.yml\n    permissions:\n      contents: read\n      id-token: write\n", "    needs: dev\n    uses: ./.github/workflows/deploy-stack.yml\n    permissions:\n      contents: read\n"));
        assertFinds(await findings(missing, repo, "permissions"), /job prod: needs id-token: write/);
        const comment = edit(workflows, "pull-request.yml", replaceOnce("      id-token: write\n      pull-requests: write\n", "      id-token: write\n"));
        assertFinds(await findings(comment, repo, "permissions"), /job cloud-preview: needs pull-requests: write/);
    });

    it("a cloud preview that would run for forks, or without credentials configured", async () => {
        const forks = edit(workflows, "pull-request.yml", replaceOnce("if: vars.AWS_PREVIEW_ROLE_ARN != '' && github.event.pull_request.head.repo.full_name == github.repository", "if: vars.AWS_PREVIEW_ROLE_ARN != ''"));
        assert.deepStrictEqual(await findings(forks, repo, "forkSafety"), [
            ".github/workflows/pull-request.yml job cloud-preview: uses repository configuration or a cloud role but also runs for a fork's pull request",
        ]);
        const unguarded = edit(workflows, "pull-request.yml", replaceOnce("vars.AWS_PREVIEW_ROLE_ARN != '' && ", ""));
        assert.deepStrictEqual(await findings(unguarded, repo, "forkSafety"), [
            ".github/workflows/pull-request.yml job cloud-preview: runs whether or not its variables are configured",
        ]);
        // Spelt differently, the same guard passes: the condition is evaluated, not pattern-matched.
        const reworded = edit(workflows, "pull-request.yml", replaceOnce(
            "if: vars.AWS_PREVIEW_ROLE_ARN != '' && github.event.pull_request.head.repo.full_name == github.repository",
            "if: ${{ github.repository == github.event.pull_request.head.repo.full_name && vars.AWS_PREVIEW_ROLE_ARN }}",
        ));
        assert.deepStrictEqual(await findings(reworded, repo, "forkSafety"), []);
        const inverted = edit(workflows, "pull-request.yml", replaceOnce("if: vars.AWS_PREVIEW_ROLE_ARN != '' && github.event.pull_request.head.repo.full_name == github.repository", "if: vars.AWS_PREVIEW_ROLE_ARN != '' && github.event.pull_request.head.repo.full_name != github.repository"));
        assert.deepStrictEqual(await findings(inverted, repo, "forkSafety"), [
            ".github/workflows/pull-request.yml job cloud-preview: uses repository configuration or a cloud role but also runs for a fork's pull request",
            ".github/workflows/pull-request.yml job cloud-preview: never runs, even with its variables configured",
        ]);
        const secretsInTest = edit(workflows, "pull-request.yml", replaceOnce("      - run: node .ci/matrix.js --only ${{ matrix.combination }}\n", "      - run: node .ci/matrix.js --only ${{ matrix.combination }}\n        env:\n          REGION: ${{ vars.AWS_REGION }}\n"));
        assertFinds(await findings(secretsInTest, repo, "forkSafety"), /job test: uses repository configuration or a cloud role but also runs for a fork's pull request/);
    });

    it("a code scanning upload that would run for a fork's pull request, or never", async () => {
        const upload = ".github/workflows/pull-request.yml job offline-preview step 5 (github/codeql-action/upload-sarif@v3)";
        const variants: Array<[string, string, string]> = [
            [" != '' && github.event.pull_request.head.repo.full_name == github.repository\n        uses: github/codeql-action", " != ''\n        uses: github/codeql-action", "uploads to code scanning also for a fork's pull request, whose token cannot"],
            ["if: always() && hashFiles", "if: failure() && hashFiles", "never uploads to code scanning"],
        ];
        for (const [search, replacement, finding] of variants) {
            const broken = edit(workflows, "pull-request.yml", replaceOnce(search, replacement));
            assert.deepStrictEqual(await findings(broken, repo, "forkSafety"), [`${upload}: ${finding}`]);
        }
    });

    it("an update that a newer push could cancel halfway, or with no concurrency group", async () => {
        const cancelling = edit(workflows, "deploy-stack.yml", replaceOnce("cancel-in-progress: false", "cancel-in-progress: true"));
        assertFinds(await findings(cancelling, repo, "concurrency"), /cancel-in-progress would stop pulumi up/, 2);
        const shared = edit(workflows, "deploy-stack.yml", replaceOnce("group: pulumi-up-${{ inputs.stack }}", "group: pulumi-up"));
        assertFinds(await findings(shared, repo, "concurrency"), /does not name stack/);
        const none = edit(workflows, "pull-request.yml", replaceOnce(/\n    concurrency:\n      group: pulumi-preview-[^\n]*\n[^\n]*/, ""));
        assertFinds(await findings(none, repo, "concurrency"), /pulumi preview of (dev|prod) has no job concurrency group/, 2);
    });

    it("prod deployed outside its environment, or at the same time as dev", async () => {
        const noEnvironment = edit(workflows, "deploy-stack.yml", replaceOnce("    environment: ${{ inputs.stack }}\n", ""));
        assertFinds(await findings(noEnvironment, repo, "environments"), /pulumi up of prod runs in environment \(none\), expected prod/);
        const parallel = edit(workflows, "deploy.yml", replaceOnce("    needs: dev\n", ""));
        assertFinds(await findings(parallel, repo, "promotionOrder"), /deployments of dev \(job dev\) and prod \(job prod\) may run at once/);
    });

    it("a Node.js version outside engines.node", async () => {
        const old = edit(workflows, "pull-request.yml", replaceOnce("node-version: 20\n          cache: npm\n      - run: npm ci --no-audit --no-fund\n      - run: node .ci/matrix.js --self-check", "node-version: 18\n          cache: npm\n      - run: npm ci --no-audit --no-fund\n      - run: node .ci/matrix.js --self-check"));
        assert.deepStrictEqual(await findings(old, repo, "nodeVersions"), [
            "pull-request.yml matrix-self-check step 2: Node.js 18 is outside engines.node >=20.19",
        ]);
        const raised = { ...repo, nodeEngines: ">=22" };
        assertFinds(await findings(workflows, raised, "nodeVersions"), /Node\.js 20 is outside engines\.node >=22/);
    });
});
