// Test probe for policy-pack/src/decode-once.ts, run over gRPC as the engine runs a pack
// (tests/policy-pack/decode-once.test.ts). It loads @pulumi/policy exactly as the real pack does
// (resolved from policy-pack/), counts the calls that reach @pulumi/policy's own decoder, installs
// the real pack's hook unless DECODE_ONCE=off, and reports what its stack policies saw as
// advisory diagnostics, one JSON message each.
//   PROBE=identity: three probe stack policies report decodes so far, and whether each saw the
//                   very objects the first one saw.
//   PROBE=pack:     the real pack's policies, for a diagnostics comparison with the hook on and off.
"use strict";
const path = require("path");
const { createRequire } = require("module");

const PACK = path.join(__dirname, "..", "..", "..", "policy-pack");
const packRequire = createRequire(path.join(PACK, "package.json"));

const decoder = packRequire("@pulumi/policy/deserialize");
const original = decoder.deserializeProperties;
let decodes = 0;
decoder.deserializeProperties = (struct, proxySecrets) => {
    decodes++;
    return original(struct, proxySecrets);
};

const decodeOnce = require(path.join(PACK, "dist", "decode-once.js"));
if (process.env.DECODE_ONCE !== "off") {
    decodeOnce.installDecodeOnce();
}
const { PolicyPack } = packRequire("@pulumi/policy");

function identityProbes() {
    let first;
    const target = (r) => r.props.__getSpecialProxyTarget;
    return ["probe-1", "probe-2", "probe-3"].map((name, i) => ({
        name,
        description: "Reports what it was handed.",
        enforcementLevel: "advisory",
        validateStack: (args, reportViolation) => {
            const targets = args.resources.map(target);
            if (i === 0) {
                first = targets;
            }
            reportViolation(JSON.stringify({
                decodes,
                status: decodeOnce.decodeOnceStatus(),
                sameAsFirst: targets.length === first.length && targets.every((t, j) => t === first[j]),
                markers: args.resources.map((r) => r.props.marker),
            }));
            if (i === 2) {
                decodes = 0;
            }
        },
    }));
}

new PolicyPack("decode-once-probe", { policies: process.env.PROBE === "pack" ? require(path.join(PACK, "dist", "policies")).POLICIES : identityProbes() });
