/**
 * Mutation proofs (issue 4, "each expectation has been seen to fail when the corresponding
 * statement is removed"): for each statement of the rendered documents, by Sid, the statement is
 * removed and the matrix re-run against the mutated document.
 *
 * - Some case must flip (in at least one render carrying the statement).
 * - Every case the statement decides alone must flip: a deny whose expected deniers are exactly that
 *   statement; an allow listed in `reliesOn`.
 * - Every other case keeps its outcome, and a denied case the statement shared keeps being denied
 *   by exactly the remaining statements (so redundancy is shown, not assumed).
 */
import * as assert from "assert";
import { BUCKET_POLICY_SIDS, KEY_POLICY_SIDS } from "../../components";
import { documentOf, evaluate } from "./check";
import { PARTNER_READ_SID } from "./fixtures";
import { Case, allCases } from "./matrix";
import { withoutStatement } from "./policy";
import { Render, renders } from "./render";
import { recordMutation, writeReportAfterRun } from "./report";

writeReportAfterRun();

const DENY_SIDS = new Set<string>([...Object.values(BUCKET_POLICY_SIDS), KEY_POLICY_SIDS.usersOutsideS3]);
const TARGETS: Array<{ sid: string; document: "bucket" | "key" }> = [
    ...Object.values(BUCKET_POLICY_SIDS).map((sid) => ({ sid, document: "bucket" as const })),
    { sid: PARTNER_READ_SID, document: "bucket" },
    ...Object.values(KEY_POLICY_SIDS).map((sid) => ({ sid, document: "key" as const })),
];

const label = (c: Case) => `${c.section}: ${c.name}`;

describe("IAM proofs: mutation, one statement removed at a time", () => {
    let all: Map<string, Render>;
    before(async () => {
        all = await renders();
    });

    for (const { sid, document } of TARGETS) {
        it(`removing ${sid} flips the cases it decides`, async () => {
            const isDeny = DENY_SIDS.has(sid);
            const byRender = new Map<string, Case[]>();
            for (const c of allCases().filter((x) => x.document === document)) {
                byRender.set(c.render, [...(byRender.get(c.render) ?? []), c]);
            }
            let flippedAnywhere = 0;
            const problems: string[] = [];
            for (const [renderName, cases] of byRender) {
                const render = all.get(renderName)!;
                const doc = documentOf(render, document);
                if (!doc.Statement.some((s) => s.Sid === sid)) {
                    continue;
                }
                const mutated = withoutStatement(doc, sid);
                const flipped: string[] = [];
                for (const c of cases) {
                    const got = await evaluate(c, render, mutated);
                    const decides = isDeny
                        ? c.expected.deniedBy.length === 1 && c.expected.deniedBy[0] === sid
                        : (c.expected.reliesOn ?? []).includes(sid);
                    const involved = isDeny ? c.expected.deniedBy.includes(sid) : c.expected.decision === "Allowed";
                    if (got.decision !== c.expected.decision) {
                        flipped.push(label(c));
                        if (!involved) {
                            problems.push(`${renderName} / ${label(c)}: flipped (${c.expected.decision} -> ${got.decision}) though ${sid} had no part in it`);
                        }
                    } else if (decides) {
                        problems.push(`${renderName} / ${label(c)}: still ${got.decision} without ${sid}, which should decide it alone`);
                    } else if (isDeny && involved) {
                        const rest = c.expected.deniedBy.filter((s) => s !== sid);
                        if (JSON.stringify(got.deniedBy) !== JSON.stringify(rest)) {
                            problems.push(`${renderName} / ${label(c)}: without ${sid} denied by ${got.deniedBy.join(" + ")}, expected ${rest.join(" + ")}`);
                        }
                    }
                }
                flippedAnywhere += flipped.length;
                recordMutation({ sid, render: renderName, document, flipped, evaluated: cases.length });
            }
            assert.deepStrictEqual(problems, [], problems.join("\n"));
            assert.ok(flippedAnywhere > 0, `removing ${sid} flipped no case in any render: the matrix does not prove what ${sid} does`);
        });
    }
});
