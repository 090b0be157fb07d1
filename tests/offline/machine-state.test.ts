// Machine state is not an input: the offline preview of the dev stack, run as `npm start` runs it,
// must say the same thing on a machine whose environment carries AWS and Pulumi settings of its own,
// another time zone and locale, and a stale synthesized stack under the output path.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAsProcess } from "./preview-cli-runs";

/** Settings a used machine may have: each would change the result if it leaked into the run. */
const HOSTILE_ENV: Record<string, string> = {
    AWS_REGION: "ap-southeast-2",
    AWS_DEFAULT_REGION: "sa-east-1",
    AWS_PROFILE: "no-such-profile",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    // Keys the dev stack sets and keys it leaves to their defaults, in the SDK's own env format.
    PULUMI_CONFIG: JSON.stringify({
        "encrypted-bucket:config:buckets": "[\"leaked\"]", "aws:config:region": "eu-north-1",
        "encrypted-bucket:config:enforcement": "default-encryption", "encrypted-bucket:config:forceDestroy": "true",
        "aws:config:allowedAccountIds": "[\"999999999999\"]",
    }),
    PULUMI_CONFIG_SECRET_KEYS: "[\"encrypted-bucket:buckets\"]",
    PULUMI_PROJECT: "leaked-project",
    PULUMI_STACK: "leaked-stack",
    PULUMI_DRY_RUN: "false",
    PULUMI_ACCESS_TOKEN: "pul-0000000000000000000000000000000000000000",
    PULUMI_BACKEND_URL: "file:///nonexistent",
    PULUMI_CONFIG_PASSPHRASE: "leaked",
    PULUMI_TEST_MODE: "true",
    PULUMI_NODEJS_MONITOR: "127.0.0.1:9",
    PULUMI_NODEJS_ENGINE: "127.0.0.1:9",
    PULUMI_NODEJS_PROJECT: "leaked-project",
    PULUMI_NODEJS_STACK: "leaked-stack",
    TZ: "Pacific/Kiritimati",
    LANG: "tr_TR.UTF-8",
    LC_ALL: "tr_TR.UTF-8",
};

/** Our own environment without the variables above, so the clean run is clean on a used machine too. */
function cleanEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (!(k in HOSTILE_ENV) && !/^(AWS_|PULUMI_)/.test(k)) {
            env[k] = v;
        }
    }
    return env;
}

interface Run {
    status: number | null;
    stdout: string;
    synth: Record<string, unknown>;
}

async function preview(out: string, env: NodeJS.ProcessEnv): Promise<Run> {
    const res = await runAsProcess(["--stack", "dev", "--out", out], { env, timeoutMs: 300_000 });
    assert.strictEqual(res.status, 0, `${res.stdout}\n${res.stderr}`);
    const synth = JSON.parse(fs.readFileSync(out, "utf8"));
    delete synth.generatedAt;
    return { status: res.status, stdout: res.stdout, synth };
}

describe("npm start: machine state is not an input", function () {
    this.timeout(600_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "offline-machine-state-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("prints and writes the same stack with hostile AWS_*, PULUMI_*, TZ and locale settings and a stale output file", async () => {
        const clean = await preview(path.join(tmp, "clean.json"), cleanEnv());
        const staleOut = path.join(tmp, "hostile.json");
        fs.writeFileSync(staleOut, JSON.stringify({ project: "stale", runs: [] }));
        const hostile = await preview(staleOut, { ...cleanEnv(), ...HOSTILE_ENV });
        assert.deepStrictEqual(hostile.synth, clean.synth);
        assert.strictEqual(hostile.stdout.replace(/hostile\.json/g, "clean.json"), clean.stdout);
        assert.doesNotMatch(JSON.stringify(hostile.synth), /leaked|ap-southeast-2|sa-east-1|eu-north-1|999999999999|AKIAIOSFODNN7EXAMPLE/);
    });
});
