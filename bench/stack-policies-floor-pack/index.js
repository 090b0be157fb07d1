// The benchmark's second reference: the floor pack with as many no-op stack policies as the real
// pack declares, and the real pack's shared decoding (policy-pack/src/decode-once.ts).
// @pulumi/policy prepares the whole stack for each stack policy before calling it, so this is the
// part of the pack's AnalyzeStack cost that no check of its own can remove. Plain JavaScript, run
// after the bench has built policy-pack/dist.
"use strict";
const path = require("path");
const { createRequire } = require("module");

const PACK = path.join(__dirname, "..", "..", "policy-pack");
const packRequire = createRequire(path.join(PACK, "package.json"));
packRequire("./dist/decode-once.js").installDecodeOnce();
const { PolicyPack } = packRequire("@pulumi/policy");

const stackPolicies = packRequire("./dist/policies").packPolicies().filter((p) => typeof p.validateStack === "function");

new PolicyPack("bench-stack-policies-floor", {
    policies: stackPolicies.map((p) => ({
        name: `no-op-${p.name}`,
        description: "Reads nothing and reports nothing.",
        enforcementLevel: "advisory",
        validateStack: () => undefined,
    })),
});
