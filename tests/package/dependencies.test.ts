import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const REPO = path.join(__dirname, "..", "..");

interface NpmTree {
    dependencies?: Record<string, NpmTree>;
}

function names(tree: NpmTree, into = new Set<string>()): Set<string> {
    for (const [name, sub] of Object.entries(tree.dependencies ?? {})) {
        into.add(name);
        names(sub, into);
    }
    return into;
}

describe("package: runtime dependencies", () => {
    it("the AGPL IAM evaluator and the test tools are dev dependencies only (npm ls --omit=dev)", () => {
        const tree: NpmTree = JSON.parse(execFileSync("npm", ["ls", "--omit=dev", "--all", "--json"], { cwd: REPO, encoding: "utf8" }));
        const runtime = names(tree);
        // Sanity: the tree is real, so an absence below means something.
        assert.ok(runtime.has("@pulumi/policy"), `unexpected runtime tree: ${[...runtime].join(", ")}`);
        for (const devOnly of ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-policy", "mocha", "fast-check", "aws-sdk-client-mock", "@aws-sdk/client-s3"]) {
            assert.ok(!runtime.has(devOnly), `${devOnly} is a runtime dependency`);
        }
    });
});
