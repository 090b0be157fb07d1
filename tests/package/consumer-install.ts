import { Ran } from "./run";

/**
 * How a test installs a fresh consumer's dependencies without depending on what npm's cache holds.
 *
 * The first attempt is `--offline`: fast when the cache already holds the packages and their
 * metadata. What npm says when it cannot do that varies with the cache's state (an empty cache
 * says ENOTCACHED; a cache whose metadata predates the pinned versions says ERESOLVE or ETARGET),
 * so the error text is never inspected: any failure moves on to `--prefer-online`, which
 * revalidates every piece of cached metadata with the registry. A real problem (a peer range the
 * package does not accept) fails that attempt too, and the last attempt's output is the verdict.
 */
export const INSTALL_ATTEMPTS = [
    { flag: "--offline", describe: "from npm's cache only (--offline)" },
    { flag: "--prefer-online", describe: "from the registry, cached metadata revalidated (--prefer-online)" },
] as const;

export interface InstallOutcome {
    /** The last attempt's result: the one that succeeded, or the final failure. */
    result: Ran;
    /** One line per attempt, for the test output: which path ran and why the next one did. */
    log: string[];
}

/** The first line of npm's error output that names an error code, to say why an attempt failed. */
function npmErrorSummary(res: Ran): string {
    const code = /npm error code (\S+)/.exec(res.stderr)?.[1];
    if (code) {
        return code;
    }
    return res.status === null ? "no exit status (timed out or killed)" : `exit ${res.status}`;
}

/** Runs the attempts in order until one exits 0. `attempt` runs npm with the given flag. */
export function installWithFallback(attempt: (flag: string) => Ran): InstallOutcome {
    const log: string[] = [];
    let result: Ran | undefined;
    for (const { flag, describe } of INSTALL_ATTEMPTS) {
        result = attempt(flag);
        if (result.status === 0) {
            log.push(`installed ${describe} in ${result.ms} ms`);
            return { result, log };
        }
        log.push(`install ${describe} failed after ${result.ms} ms: ${npmErrorSummary(result)}`);
    }
    return { result: result!, log };
}
