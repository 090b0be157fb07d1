// The environment for a child npm, shared by .ci/matrix.js and the tests (tests/package/run.ts).
// Plain CommonJS, no dependencies: the matrix loads it before anything is installed.
"use strict";

/**
 * npm's settings that would make a child `npm install` in another folder act on this repository
 * (its prefix, workspaces, scripts, package fields). npm exports them when it runs a script.
 * Everything else stays: above all `npm_config_cache`, so a child uses the same cache (and
 * registry, proxy, certificates) as whoever started the run, and an empty cache stays empty.
 */
const REPO_BOUND = /^npm_(package|lifecycle)_|^npm_config_(local_prefix|prefix|global_prefix|workspaces?|include_workspace_root|call|user_agent)$|^INIT_CWD$/i;

/** `process.env` without the repository-bound npm settings, quiet, with `extra` on top. */
function cleanEnv(extra = {}) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (!REPO_BOUND.test(k)) {
            env[k] = v;
        }
    }
    return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

module.exports = { cleanEnv };
