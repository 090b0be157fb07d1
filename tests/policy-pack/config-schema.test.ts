/**
 * The config schema, and the docs that repeat it, name every key kind of the kinds table: a new
 * kind must not leave the `allowStackKeys` description or the docs saying less than the pack does.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { KEY_CHOICE_SCHEMA } from "../../policy-pack/src/config";
import { ALIAS_KINDS, KEY_KINDS } from "../../policy-pack/src/model/key-kinds";

const DOCS = path.join(__dirname, "..", "..", "docs");
const KEY_TYPES = KEY_KINDS.map((k) => k.type).sort();

/** The backquoted type tokens (`provider:module...:Class`) in `text`. */
function typeTokens(text: string): string[] {
    return [...new Set([...text.matchAll(/`(aws(?:-native)?:[A-Za-z0-9/]+:[A-Za-z0-9]+)`/g)].map((m) => m[1]))].sort();
}

/** The part of a doc from `start` to the first later occurrence of `end`. */
function section(doc: string, start: string, end: string): string {
    const from = doc.indexOf(start);
    assert.ok(from >= 0, `the doc has ${JSON.stringify(start)}`);
    const to = doc.indexOf(end, from + start.length);
    assert.ok(to > from, `the doc has ${JSON.stringify(end)} after ${JSON.stringify(start)}`);
    return doc.slice(from, to);
}

describe("allowStackKeys: the schema description and the docs name every key kind", () => {
    const description = String(KEY_CHOICE_SCHEMA.properties.allowStackKeys.description);

    for (const kind of KEY_KINDS) {
        it(`the description names ${kind.type} as a stack key that counts`, () => {
            assert.ok(description.split(". ")[0].includes(kind.type), description);
        });
    }
    for (const alias of ALIAS_KINDS) {
        it(`the description names ${alias.type} as an alias that never counts`, () => {
            const aliasSentence = description.slice(description.indexOf("alias ("));
            assert.ok(aliasSentence.includes(alias.type), description);
        });
    }

    it("docs/policy-pack.md lists exactly the key kinds under 'Which key kinds count'", () => {
        const doc = fs.readFileSync(path.join(DOCS, "policy-pack.md"), "utf8");
        assert.deepStrictEqual(typeTokens(section(doc, "**Which key kinds count.**", "named by key ARN or key id")), KEY_TYPES);
    });

    it("docs/key-kinds.md's table 'Which key kinds count' has one row per key kind", () => {
        const doc = fs.readFileSync(path.join(DOCS, "key-kinds.md"), "utf8");
        const rows = section(doc, "## Which key kinds count\n\n", "\n\n").split("\n").filter((l) => l.startsWith("| `"));
        assert.deepStrictEqual(rows.map((r) => typeTokens(r.split("|")[1])[0]).sort(), KEY_TYPES);
    });
});
