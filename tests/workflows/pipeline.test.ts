/**
 * The repository's own workflows, checked against the repository: valid for GitHub, in step with
 * the stacks, npm scripts, CLI flags and policy pack, least-privilege. Each check is shown to
 * catch its broken variant in variants.test.ts.
 */
import * as assert from "assert";
import * as path from "path";
import { analyse, Analysis } from "./lib";
import { CODE_SCANNING_UPLOAD } from "./lib/check-security";
import { createRenderer, Render } from "./lib/expressions";
import { actionName } from "./lib/operations";
import { renderSteps } from "./lib/runs";
import { commandsIn, flagValue, npmInvocation } from "./lib/shell";
import { readRepoFacts, readWorkflows, RepoFacts } from "./lib/repo";

const ROOT = path.resolve(__dirname, "../..");

describe("the repository's GitHub workflows", () => {
    let repo: RepoFacts;
    let analysis: Analysis;
    let render: Render;

    before(async () => {
        render = await createRenderer();
        repo = readRepoFacts(ROOT);
        analysis = await analyse(readWorkflows(ROOT), repo);
    });

    it("finds the stacks, scripts and policy pack it checks against", () => {
        assert.ok(repo.stacks.length >= 2, `stacks: ${repo.stacks}`);
        for (const script of ["test", "start", "verify"]) assert.ok(repo.npmScripts.includes(script), script);
        assert.deepStrictEqual(repo.policyPacks, ["policy-pack"]);
    });

    for (const check of ["validation", "stackCoverage", "verifyAfterUp", "commands", "reusableCalls", "policyPacks", "pins", "secrets", "permissions", "forkSafety", "concurrency", "environments", "promotionOrder", "nodeVersions", "versionMatrix"]) {
        it(`${check}: no findings`, () => {
            assert.ok(check in analysis.findings, `no check named ${check}`);
            assert.deepStrictEqual(analysis.findings[check], []);
        });
    }

    it("handles exactly the Pulumi.<stack>.yaml stacks: offline preview and preview on pull requests, up on push", () => {
        for (const kind of ["offline-preview", "preview", "up"]) {
            const stacks = analysis.operations.filter((op) => op.kind === kind).map((op) => op.stack).sort();
            assert.deepStrictEqual(stacks, repo.stacks, kind);
        }
    });

    it("runs every preview and update in the cloud under the policy pack", () => {
        const cloud = analysis.operations.filter((op) => op.kind !== "offline-preview");
        assert.strictEqual(cloud.length, 2 * repo.stacks.length);
        for (const op of cloud) assert.deepStrictEqual(op.policyPacks, ["policy-pack"], op.run.label);
    });

    it("the jobs a fork's pull request runs need no secrets, no variables and no cloud role", () => {
        const forkRuns = analysis.runs.filter((run) => run.trigger.events.includes("pull_request") && !(run.job.if ?? "").includes("head.repo.full_name"));
        const jobs = new Set(forkRuns.map((run) => run.job.id));
        for (const job of ["test", "offline-preview"]) assert.ok(jobs.has(job), `${job} runs for forks`);
        assert.ok(!jobs.has("cloud-preview"));
        for (const run of forkRuns) {
            const text = JSON.stringify(run.job);
            assert.doesNotMatch(text, /\b(secrets|vars)\./, run.label);
            // The one write: the code scanning upload, whose step forkSafety proves skipped for forks.
            const writes = typeof run.job.permissions === "object" ? Object.entries(run.job.permissions).filter(([, l]) => l === "write").map(([s]) => s) : [];
            assert.deepStrictEqual(writes.filter((scope) => scope !== "security-events"), [], run.label);
        }
        const offline = analysis.operations.filter((op) => op.kind === "offline-preview" && jobs.has(op.run.job.id));
        assert.deepStrictEqual(offline.map((op) => op.stack).sort(), repo.stacks);
    });

    it("uploads each stack's offline preview findings to code scanning, in a category per stack, also when the preview fails", () => {
        const offline = analysis.operations.filter((op) => op.kind === "offline-preview");
        const categories = offline.map((op) => {
            const later = renderSteps(op.run, render).filter((s) => s.step.index > op.step.step.index);
            const sarif = flagValue(commandsIn(op.step.run!, op.step.env).flatMap((c) => npmInvocation(c.argv)?.scriptArgs ?? []), "--sarif");
            assert.ok(sarif, `${op.run.label}: npm start writes no SARIF`);
            const uploads = later.filter((s) => actionName(s.uses) === CODE_SCANNING_UPLOAD);
            assert.strictEqual(uploads.length, 1, op.run.label);
            assert.strictEqual(uploads[0].with.sarif_file, sarif, op.run.label);
            assert.match(uploads[0].step.if ?? "", /\balways\(\)/, `${op.run.label}: a failing preview still uploads`);
            assert.ok(uploads[0].with.category.includes(op.stack!), `${op.run.label}: category ${uploads[0].with.category}`);
            return uploads[0].with.category;
        });
        assert.strictEqual(new Set(categories).size, repo.stacks.length, categories.join(", "));
    });

    it("deploys prod only after dev, each in its own GitHub environment", () => {
        const deploys = analysis.operations.filter((op) => op.kind === "up");
        const prod = deploys.find((op) => op.stack === "prod");
        assert.ok(prod?.run.caller, "prod is deployed through the reusable workflow");
        assert.deepStrictEqual(prod.run.caller.needs, ["dev"]);
        assert.strictEqual(prod.run.job.environment, "${{ inputs.stack }}");
    });
});
