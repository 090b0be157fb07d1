/**
 * `${{ ... }}` templates rendered with GitHub's own expression evaluator, against the little the
 * checks know statically: the matrix values and reusable-workflow inputs of one job run, the
 * step's env, and no repository variables (as on a fork, or before the one-time setup).
 */
import { loadExpressions } from "./github-packages";

export interface RenderContext {
    github?: Record<string, unknown>;
    matrix?: Record<string, unknown>;
    inputs?: Record<string, unknown>;
    vars?: Record<string, string>;
    env?: Record<string, string>;
}

export type Render = (template: string, context: RenderContext) => string;

const CONTEXT_NAMES = ["github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs"];
const EMPTY_CONTEXTS = Object.fromEntries(CONTEXT_NAMES.map((name) => [name, {}]));
const TEMPLATE = /\$\{\{(.*?)\}\}/gs;

/**
 * The functions GitHub adds for `if:` conditions, as the checks model a run: no earlier step
 * failed or was cancelled, and every file a `hashFiles` pattern names exists (a step's output).
 */
function workflowFunctions(data: Awaited<ReturnType<typeof loadExpressions>>["data"]) {
    const constant = (name: string, value: boolean) => ({ name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) });
    return [
        constant("always", true), constant("success", true), constant("failure", false), constant("cancelled", false),
        { name: "hashFiles", minArgs: 1, maxArgs: 255, call: () => new data.StringData("0".repeat(64)) },
    ];
}

export async function createRenderer(): Promise<Render> {
    const { Lexer, Parser, Evaluator, data } = await loadExpressions();
    const functions = workflowFunctions(data);
    const byName = new Map(functions.map((f) => [f.name.toLowerCase(), f]));
    return (template, context) => template.replace(TEMPLATE, (whole, source: string) => {
        const lexed = new Lexer(source.trim()).lex();
        let expression;
        try {
            expression = new Parser(lexed.tokens, CONTEXT_NAMES, functions).parse();
        } catch {
            // GitHub's parser reports it (the validation check); the other checks read it as text.
            return whole;
        }
        // Every context exists, empty unless given: what a job reads but the checks cannot know is null.
        const values = JSON.parse(JSON.stringify({ ...EMPTY_CONTEXTS, ...context }), data.reviver);
        return new Evaluator(expression, values, byName).evaluate().coerceString();
    });
}

/** A job's or step's `if:`, which may be written with or without `${{ }}`; absent means it runs. */
export function condition(render: Render, text: string | undefined, context: RenderContext): boolean {
    if (text === undefined) return true;
    const single = text.split("${{").length === 2 ? /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text) : null;
    const inner = single?.[1] ?? text;
    // GitHub coerces the result to a boolean: `(x) && true` is true exactly when x is truthy.
    return render(`\${{ (${inner}) && true }}`, context) === "true";
}

/** Every `${{ ... }}` in a text, for checks that look for a context being read at all. */
export function expressionsIn(text: string): string[] {
    return [...text.matchAll(TEMPLATE)].map((m) => m[1].trim());
}
