// The in-process runner (offline/capture.ts, used by the component, program, lifecycle and IAM
// tests and the benchmarks) hands a program its stack config as `npm start` does: the same
// project and stack files read the same way, and a `secure:` value as the same secret placeholder.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { captureStack } from "../../offline/capture";
import { captureProgram, loadProgram } from "../../offline/program";
import { securePlaceholder } from "../../offline/project";
import { SynthDocument } from "../../offline/synth";
import { REPO, runInProcess } from "./preview-cli-runs";

describe("in-process runs read stack config as npm start does", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "in-process-config-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("a secure: value reaches the program as a secret holding npm start's placeholder", async () => {
        const stack = await captureStack(() => {
            const token = new pulumi.Config("proj").requireSecret("token");
            return { token, tokenIsSecret: pulumi.output(pulumi.isSecret(token)) };
        }, { project: "proj", stack: "test", preview: false, config: { "proj:token": { secure: "v1:bm90LWEtcmVhbC1jaXBoZXJ0ZXh0:ZmFrZQ==" } } });
        assert.deepStrictEqual(stack.outputs, { token: securePlaceholder("proj:token"), tokenIsSecret: true });
    });

    it("tests/programs/secrets-component: the same resources and outputs in process as through npm start", async () => {
        const dir = path.join(REPO, "tests", "programs", "secrets-component");
        const out = path.join(tmp, "secrets-component.json");
        const cli = await runInProcess(["--program", dir, "--out", out]);
        assert.strictEqual(cli.code, 0, cli.stdout + cli.stderr);
        const viaCli = (JSON.parse(fs.readFileSync(out, "utf8")) as SynthDocument).runs.find((r) => r.mode === "update")!;
        const inProcess = await captureProgram(loadProgram(dir), "dev", false);
        assert.deepStrictEqual(inProcess.outputs, viaCli.outputs);
        // By type and name: the SDK's mock monitor qualifies a child of the root stack with the stack's type in its URN, the engine does not.
        const declared = (resources: Array<{ type: string; name: string }>) => resources.map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(declared(inProcess.resources), declared(viaCli.resources));
    });
});
