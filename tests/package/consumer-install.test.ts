// The consumer install's fallback must not depend on how npm words its failure: the failures
// below are the ones npm printed here for an empty cache (ENOTCACHED), a cache whose metadata
// predates the pinned peers (ERESOLVE, "Found: @pulumi/aws@undefined"), and others it may print.
import { strict as assert } from "assert";
import { INSTALL_ATTEMPTS, installWithFallback } from "./consumer-install";
import { Ran } from "./run";

const ok: Ran = { status: 0, stdout: "added 312 packages", stderr: "", ms: 5 };
const failure = (stderr: string, status: number | null = 1): Ran => ({ status, stdout: "", stderr, ms: 7 });

const OFFLINE_FAILURES: Record<string, Ran> = {
    "an empty cache (ENOTCACHED)": failure("npm error code ENOTCACHED\nnpm error request to https://registry.npmjs.org/@pulumi%2faws failed: cache mode is 'only-if-cached'"),
    "stale metadata (ERESOLVE)": failure("npm error code ERESOLVE\nnpm error Found: @pulumi/aws@undefined\nnpm error peer @pulumi/aws@\"^7.48.0\" from encrypted-bucket@0.1.0"),
    "stale metadata (ETARGET)": failure("npm error code ETARGET\nnpm error notarget No matching version found for @pulumi/aws@7.48.0."),
    "a corrupt cache entry (EINTEGRITY)": failure("npm error code EINTEGRITY\nnpm error sha512-... integrity checksum failed"),
    "an error npm gives no code for": failure("something else went wrong", 254),
    "a timed-out attempt": failure("", null),
};

describe("package: the consumer install does not depend on npm's cache", () => {
    it("tries npm's cache first, then the registry with cached metadata revalidated", () => {
        assert.deepEqual(INSTALL_ATTEMPTS.map((a) => a.flag), ["--offline", "--prefer-online"]);
    });

    it("stops at the cache when the cache can install", () => {
        const flags: string[] = [];
        const { result, log } = installWithFallback((flag) => (flags.push(flag), ok));
        assert.deepEqual(flags, ["--offline"]);
        assert.equal(result, ok);
        assert.match(log.join("\n"), /^installed from npm's cache only \(--offline\)/);
    });

    for (const [state, offlineFailure] of Object.entries(OFFLINE_FAILURES)) {
        it(`falls back to the registry after ${state}, and says which path ran`, () => {
            const flags: string[] = [];
            const { result, log } = installWithFallback((flag) => (flags.push(flag), flag === "--offline" ? offlineFailure : ok));
            assert.deepEqual(flags, ["--offline", "--prefer-online"]);
            assert.equal(result, ok);
            assert.equal(log.length, 2);
            assert.match(log[0], /^install from npm's cache only \(--offline\) failed/);
            assert.match(log[1], /^installed from the registry/);
        });
    }

    it("names npm's error code, or the exit status, for a failed attempt", () => {
        const { log } = installWithFallback((flag) => (flag === "--offline" ? OFFLINE_FAILURES["stale metadata (ERESOLVE)"] : OFFLINE_FAILURES["a timed-out attempt"]));
        assert.match(log[0], /failed after 7 ms: ERESOLVE$/);
        assert.match(log[1], /failed after 7 ms: no exit status \(timed out or killed\)$/);
    });

    it("reports the registry attempt's failure when both fail (a real peer conflict fails both)", () => {
        const conflict = failure("npm error code ERESOLVE\nnpm error peer @pulumi/aws@\"^8.0.0\" from encrypted-bucket@0.1.0");
        const { result, log } = installWithFallback(() => conflict);
        assert.equal(result, conflict);
        assert.equal(log.length, 2);
        assert.ok(log.every((line) => line.endsWith("ERESOLVE")), log.join("\n"));
    });
});
