import * as assert from "assert";
import { UNKNOWN as SENTINEL } from "../../offline/engine-resource";
import { UNKNOWN, readValue, unwrapProxy, valuesAt } from "../../policy-pack/src/known";

/** @pulumi/policy's proxy as its contract says: a read of an unknown throws; no raw target on offer. */
function throwingProxy<T extends object>(target: T): T {
    return new Proxy(target, {
        get(obj, prop) {
            const v = (obj as any)[prop];
            if (Object.values(SENTINEL).includes(v)) {
                throw Object.assign(new Error("unknown during preview"), { unknownTypeSentinel: v });
            }
            return v !== null && typeof v === "object" ? throwingProxy(v) : v;
        },
    });
}

describe("reading properties (policy-pack/src/known.ts)", () => {
    const raw = { a: SENTINEL.string, b: [1, SENTINEL.object, { c: "x" }], d: { e: SENTINEL.boolean } };
    const expected = { a: UNKNOWN, b: [1, UNKNOWN, { c: "x" }], d: { e: UNKNOWN } };

    it("turns sentinels in plain data into the UNKNOWN marker", () => {
        assert.deepStrictEqual(readValue(raw), expected);
    });

    it("turns the proxy's throws into the UNKNOWN marker when the raw target is not on offer", () => {
        const proxied = throwingProxy(raw);
        assert.strictEqual(unwrapProxy(proxied), proxied);
        assert.deepStrictEqual(readValue(proxied), expected);
    });

    it("unwraps @pulumi/policy's own proxy to the same data", () => {
        const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
        const proxied = unknownCheckingProxy(raw);
        assert.throws(() => proxied.a);
        assert.deepStrictEqual(readValue(unwrapProxy(proxied)), expected);
        assert.deepStrictEqual(readValue(proxied), expected);
    });

    it("rethrows anything that is not an unknown", () => {
        const broken = new Proxy({ a: 1 }, { get: () => { throw new Error("boom"); } });
        assert.throws(() => readValue(broken), /boom/);
    });
});

describe("valuesAt (policy-pack/src/known.ts)", () => {
    const rules = { rules: [{ destination: { key: "a" } }, { destination: [{ key: "b" }] }, { destination: {} }] };

    it("collects every value under a list, unwrapping the one-element lists older state holds", () => {
        assert.deepStrictEqual(valuesAt(rules, ["rules", "[]", "destination", "key"]), ["a", "b"]);
    });

    it("takes a lone object where a list is expected as a list of one", () => {
        assert.deepStrictEqual(valuesAt({ rules: { destination: { key: "a" } } }, ["rules", "[]", "destination", "key"]), ["a"]);
    });

    it("gives one UNKNOWN for an unknown part on the way, and nothing for a missing or mistyped one", () => {
        assert.deepStrictEqual(valuesAt({ rules: UNKNOWN }, ["rules", "[]", "destination", "key"]), [UNKNOWN]);
        assert.deepStrictEqual(valuesAt({ rules: [{ destination: UNKNOWN }] }, ["rules", "[]", "destination", "key"]), [UNKNOWN]);
        assert.deepStrictEqual(valuesAt({ rules: [{ destination: "x" }] }, ["rules", "[]", "destination", "key"]), []);
        assert.deepStrictEqual(valuesAt({}, ["rules", "[]", "destination", "key"]), []);
        assert.deepStrictEqual(valuesAt({ rules: [{ destination: { key: null } }] }, ["rules", "[]", "destination", "key"]), []);
    });
});
