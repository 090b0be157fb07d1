/** How run: scripts are split into commands, and what an npm command runs. */
import * as assert from "assert";
import { commandsIn, flagValue, npmInvocation } from "./lib/shell";

describe("run: scripts as commands", () => {
    it("splits sequences, keeps pipelines linked, drops comments and leading assignments", () => {
        const commands = commandsIn("CI=true npm ci && npm test # all suites\npulumi stack output --json | npm run --silent verify; echo done", {});
        assert.deepStrictEqual(commands.map((c) => c.argv), [
            ["npm", "ci"],
            ["npm", "test"],
            ["pulumi", "stack", "output", "--json"],
            ["npm", "run", "--silent", "verify"],
            ["echo", "done"],
        ]);
        assert.deepStrictEqual(commands.map((c) => c.pipedFrom?.argv[0]), [undefined, undefined, undefined, "pulumi", undefined]);
    });

    it("reads quotes and the step's env, and joins continued lines", () => {
        const [command] = commandsIn('pulumi stack output \\\n  --stack "$PULUMI_STACK" --json \'a b\'', { PULUMI_STACK: "acme/prod" });
        assert.deepStrictEqual(command.argv, ["pulumi", "stack", "output", "--stack", "acme/prod", "--json", "a b"]);
    });

    it("leaves an unset variable visible instead of empty", () => {
        assert.deepStrictEqual(commandsIn("npm start -- --stack $STACK", {})[0].argv, ["npm", "start", "--", "--stack", "$STACK"]);
    });

    it("tells npm ci, scripts and their arguments apart", () => {
        assert.deepStrictEqual(npmInvocation(["npm", "ci", "--no-audit"]), { kind: "ci", name: "ci", scriptArgs: [] });
        assert.deepStrictEqual(npmInvocation(["npm", "t"]), { kind: "script", name: "test", scriptArgs: [] });
        assert.deepStrictEqual(npmInvocation(["npm", "start", "--", "--stack", "dev"]), { kind: "script", name: "start", scriptArgs: ["--stack", "dev"] });
        assert.deepStrictEqual(npmInvocation(["npm", "run", "--silent", "verify", "--", "--json"]), { kind: "script", name: "verify", scriptArgs: ["--json"] });
        assert.deepStrictEqual(npmInvocation(["npm", "install", "left-pad"]), { kind: "other", name: "install", scriptArgs: [] });
        assert.strictEqual(npmInvocation(["pulumi", "up"]), undefined);
    });

    it("reads --flag value and --flag=value", () => {
        assert.strictEqual(flagValue(["--stack", "dev"], "--stack"), "dev");
        assert.strictEqual(flagValue(["--stack=prod"], "--stack"), "prod");
        assert.strictEqual(flagValue(["--stacks", "dev"], "--stack"), undefined);
    });
});
