/** Runs one matrix case, records it for the report and asserts it, naming the deciding statements. */
import * as assert from "assert";
import { Case } from "./matrix";
import { PolicyDocument } from "./policy";
import { Render } from "./render";
import { deciding, formatExpected, record } from "./report";
import { Outcome, describeCall, simulate } from "./simulate";

export function documentOf(render: Render, which: "bucket" | "key"): PolicyDocument {
    const doc = which === "bucket" ? render.bucketPolicy : render.keyPolicy;
    assert.ok(doc, `${render.name} has no ${which} policy`);
    return doc;
}

/** Evaluates the case against `doc` (the render's own document unless a mutated one is given). */
export async function evaluate(c: Case, render: Render, doc: PolicyDocument = documentOf(render, c.document)): Promise<Outcome> {
    return simulate(c.build(render, doc));
}

export function matches(c: Case, got: Outcome): boolean {
    return got.decision === c.expected.decision && (got.decision !== "ExplicitlyDenied" || JSON.stringify(got.deniedBy) === JSON.stringify(c.expected.deniedBy));
}

export async function checkCase(c: Case, render: Render): Promise<void> {
    const got = await evaluate(c, render);
    const ok = matches(c, got);
    record(c, got, ok);
    if (!ok) {
        const call = describeCall(c.build(render, documentOf(render, c.document)));
        assert.fail(
            `${c.render} / ${c.section} / ${c.name}\n` +
            `  expected: ${formatExpected(c.expected)}\n` +
            `  got:      ${got.decision} (${deciding(got)})\n` +
            `  request:  ${call}`,
        );
    }
}
