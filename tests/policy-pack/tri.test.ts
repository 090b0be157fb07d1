/**
 * The pack's three-valued logic is Kleene's strong logic, with false < "maybe" < true: `and` is the
 * least of its operands, `or` the greatest. Checked over every pair, and over every list of up to
 * four values, against that ordering rather than against the code's own formulas.
 */
import * as assert from "assert";
import { Tri, and, both, either, not, or } from "../../policy-pack/src/iam/tri";

const VALUES: Tri[] = [false, "maybe", true];
const rank = (t: Tri) => VALUES.indexOf(t);
const least = (xs: Tri[]) => VALUES[Math.min(2, ...xs.map(rank))];
const greatest = (xs: Tri[]) => VALUES[Math.max(0, ...xs.map(rank))];

function lists(length: number): Tri[][] {
    return length === 0 ? [[]] : lists(length - 1).flatMap((xs) => VALUES.map((v) => [...xs, v]));
}

describe("three-valued logic (iam/tri.ts)", () => {
    it("both and either are the least and the greatest of two", () => {
        for (const a of VALUES) {
            for (const b of VALUES) {
                assert.strictEqual(both(a, b), least([a, b]), `both(${a}, ${b})`);
                assert.strictEqual(either(a, b), greatest([a, b]), `either(${a}, ${b})`);
            }
        }
    });

    it("and and or of any list agree with the ordering; of none, and is true and or is false", () => {
        for (let n = 0; n <= 4; n++) {
            for (const xs of lists(n)) {
                assert.strictEqual(and(...xs), least(xs), `and(${xs.join(", ")})`);
                assert.strictEqual(or(...xs), greatest(xs), `or(${xs.join(", ")})`);
            }
        }
    });

    it("not swaps true and false and keeps maybe", () => {
        assert.deepStrictEqual(VALUES.map(not), [true, "maybe", false]);
    });
});
