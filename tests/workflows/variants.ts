/** Broken (and fixed) copies of the repository's workflows, built in memory for the tests. */
import * as assert from "assert";
import { readWorkflow, Workflow } from "./lib/workflow";

/** The workflows with one file's text edited; fails loudly if the edit changed nothing. */
export function edit(workflows: Workflow[], file: string, change: (text: string) => string): Workflow[] {
    const found = workflows.find((w) => w.file === `.github/workflows/${file}`);
    assert.ok(found, `no workflow ${file}`);
    const text = change(found.text);
    assert.notStrictEqual(text, found.text, `the edit of ${file} changed nothing: the variant would not be broken`);
    return workflows.map((w) => (w === found ? readWorkflow(w.file, text) : w));
}

/** `replace` that insists the searched text is there exactly once. */
export function replaceOnce(search: string | RegExp, replacement: string): (text: string) => string {
    return (text) => {
        const count = text.split(search).length - 1;
        assert.strictEqual(count, 1, `expected one ${search} in the workflow, found ${count}`);
        return text.replace(search, replacement);
    };
}
