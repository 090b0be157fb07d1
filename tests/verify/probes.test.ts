import * as assert from "assert";
import { newProbePrefix, probesFor } from "../../verify/probes";
import { TARGET } from "./fake-bucket";

describe("verify probes", () => {
    it("puts each run's probes in its own folder under the prefix", () => {
        const now = new Date("2026-11-27T02:25:07.123Z");
        const first = newProbePrefix("tmp/verify-", now);
        assert.match(first, /^tmp\/verify-20261127T022507Z-[0-9a-f]{8}\/$/);
        assert.notStrictEqual(newProbePrefix("tmp/verify-", now), first);
    });

    it("expects the header-less upload stored only in default-encryption mode", () => {
        const stored = (enforcement: "strict" | "default-encryption") =>
            probesFor({ ...TARGET, enforcement }, "p/").map((p) => [p.key, p.stored]);
        assert.deepStrictEqual(stored("strict"), [
            ["p/no-headers", false],
            ["p/aes256", false],
            ["p/aws-managed-key", false],
            ["p/cmk", true],
        ]);
        assert.deepStrictEqual(stored("default-encryption")[0], ["p/no-headers", true]);
    });
});
