/**
 * The environment of a process the offline engine starts for a program or a plugin: ours, minus
 * anything that would make the machine an input (Pulumi's and AWS's settings, npm's).
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (!/^(PULUMI_|AWS_)/.test(k) && !/^npm_/i.test(k)) {
            env[k] = v;
        }
    }
    return { ...env, ...extra };
}
