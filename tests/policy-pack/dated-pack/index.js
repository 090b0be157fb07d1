// Test pack for exceptions (tests/policy-pack/exceptions.test.ts), run over gRPC as the engine runs
// a pack: the real pack's built policies, the same hook, but expiry judged on the date the test
// passes in PACK_TODAY (YYYY-MM-DD), so that no test depends on the real clock. The real pack
// (policy-pack/src/index.ts) takes no date from anywhere: it judges on the day it runs.
"use strict";
const path = require("path");
const { createRequire } = require("module");

const PACK = path.join(__dirname, "..", "..", "..", "policy-pack");
const today = process.env.PACK_TODAY;
if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(today || "")) {
    throw new Error(`PACK_TODAY must be a date YYYY-MM-DD, got ${JSON.stringify(today)}`);
}
require(path.join(PACK, "dist", "decode-once.js")).installDecodeOnce();
const { packPolicies } = require(path.join(PACK, "dist", "policies", "index.js"));
const { PolicyPack } = createRequire(path.join(PACK, "package.json"))("@pulumi/policy");

new PolicyPack("encrypted-buckets", { policies: packPolicies(() => today) });
