/**
 * The commands a `run:` script starts, split with shell-quote (quotes, `$VAR` from the step's env,
 * `|`, `&&`, `;`, comments) rather than by hand. One entry per simple command; a pipeline keeps
 * its parts in order, with `pipedFrom` naming the command that feeds it.
 */
import { parse } from "shell-quote";

export interface Command {
    argv: string[];
    /** The command whose stdout this one reads, in `a | b`. */
    pipedFrom?: Command;
}

export function commandsIn(script: string, env: Record<string, string>): Command[] {
    const commands: Command[] = [];
    const joined = script.replace(/\\\n/g, " ");
    for (const line of joined.split("\n")) {
        let current: string[] = [];
        let previous: Command | undefined;
        let piped = false;
        const flush = () => {
            const argv = current.filter((_, i) => i >= leadingAssignments(current));
            if (argv.length > 0) {
                const command: Command = { argv, pipedFrom: piped ? previous : undefined };
                commands.push(command);
                previous = command;
            }
            current = [];
        };
        for (const token of parse(line, (name) => env[name] ?? `$${name}`)) {
            if (typeof token === "string") {
                current.push(token);
            } else if ("comment" in token) {
                break;
            } else if ("op" in token && token.op !== "glob") {
                flush();
                piped = token.op === "|";
                if (!piped) previous = undefined;
            } else {
                current.push((token as { pattern: string }).pattern);
            }
        }
        flush();
    }
    return commands;
}

/** `FOO=bar npm test`: the assignments before the program. */
function leadingAssignments(tokens: string[]): number {
    let i = 0;
    while (i < tokens.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[i])) i++;
    return i;
}

export interface NpmInvocation {
    /** `ci`, or the package.json script it runs (`test`, `start`, `verify`, ...). */
    kind: "ci" | "script" | "other";
    name: string;
    /** Arguments after `--`, which npm hands to the script. */
    scriptArgs: string[];
}

/** What an `npm ...` command runs; undefined for any other program. */
export function npmInvocation(argv: string[]): NpmInvocation | undefined {
    if (argv[0] !== "npm") return undefined;
    const rest = argv.slice(1);
    const dashDash = rest.indexOf("--");
    const own = dashDash === -1 ? rest : rest.slice(0, dashDash);
    const scriptArgs = dashDash === -1 ? [] : rest.slice(dashDash + 1);
    const words = own.filter((t) => !t.startsWith("-"));
    const [sub, script] = words;
    if (sub === "ci" || sub === "clean-install") return { kind: "ci", name: "ci", scriptArgs };
    if (sub === "test" || sub === "t" || sub === "tst" || sub === "start") return { kind: "script", name: sub.startsWith("t") ? "test" : sub, scriptArgs };
    if ((sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn") && script !== undefined) return { kind: "script", name: script, scriptArgs };
    return { kind: "other", name: sub ?? "", scriptArgs };
}

/** The value of `--flag value` or `--flag=value`; undefined when absent. */
export function flagValue(argv: string[], flag: string): string | undefined {
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === flag) return argv[i + 1];
        if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
    }
    return undefined;
}
