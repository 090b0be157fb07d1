// The benchmark floor: what any Node policy pack pays before its policies do anything.
// Plain JavaScript (no build step) resolving @pulumi/policy from the repository's node_modules,
// the same copy the real pack uses. One stack policy that reads nothing: @pulumi/policy still
// deserialises every resource for it, which is the cost no pack can avoid.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bench-floor", {
    policies: [
        {
            name: "no-op-stack",
            description: "Reads nothing and reports nothing.",
            enforcementLevel: "advisory",
            validateStack: () => undefined,
        },
    ],
});
