/**
 * Inventory of the provider's S3 surface: every resource type @pulumi/aws ships under its S3
 * modules is either judged by the pack or listed, with a reason, as not needing it. A provider
 * release that adds a bucket kind or an object writer then fails here instead of passing silently.
 * The types are read from the installed package's own files (each resource class declares
 * `__pulumiType`), not from a list kept by hand; the pack itself never loads @pulumi/aws.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BUCKET_KINDS, WRITER_KINDS } from "../../policy-pack/src/model/bucket-kinds";
import { BUCKET_POLICY_TYPES, ENCRYPTION_CONFIG_TYPES } from "../../policy-pack/src/resource-types";
import { NATIVE_STORAGE_TYPES, NOT_JUDGED, NOT_JUDGED_YET } from "./s3-types-not-judged";

const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** The provider's modules that are S3: s3, s3control, s3outposts, s3tables, and any s3* added later. */
function s3Modules(): string[] {
    return fs.readdirSync(AWS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory() && /^s3/.test(d.name)).map((d) => d.name).sort();
}

/** Every resource type token a module's compiled classes declare. */
function resourceTypes(module: string): string[] {
    const dir = path.join(AWS_DIR, module);
    return fs.readdirSync(dir).filter((f) => f.endsWith(".js")).flatMap((f) => {
        const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(dir, f), "utf8"));
        return m ? [m[1]] : [];
    });
}

/** The types neither judged nor listed. */
function unaccounted(types: string[], judged: ReadonlySet<string>, listed: Record<string, string>): string[] {
    return types.filter((t) => !judged.has(t) && !(t in listed));
}

const JUDGED_STORAGE = new Set([...BUCKET_KINDS.keys(), ...WRITER_KINDS.keys()]);
const JUDGED = new Set([...JUDGED_STORAGE, ...ENCRYPTION_CONFIG_TYPES, ...BUCKET_POLICY_TYPES]);
const LISTED = { ...NOT_JUDGED, ...NOT_JUDGED_YET };

describe("inventory: every S3 resource type of @pulumi/aws is judged or listed with a reason", () => {
    const modules = s3Modules();
    const types = modules.flatMap(resourceTypes);

    it("finds the S3 modules and their resource types in the installed provider", () => {
        for (const m of ["s3", "s3control", "s3outposts", "s3tables"]) {
            assert.ok(modules.includes(m), `module ${m} not found in ${AWS_DIR}`);
        }
        // A reader that found nothing would make every later check vacuous.
        assert.ok(types.length > 50, `only ${types.length} types found`);
        assert.ok(types.includes("aws:s3/bucket:Bucket"));
    });

    it("leaves no S3 type unaccounted for", () => {
        assert.deepStrictEqual(unaccounted(types, JUDGED, LISTED), [], "judge these in policy-pack/src/model/bucket-kinds.ts, or list them with a reason in tests/policy-pack/s3-types-not-judged.ts");
    });

    it("fails when any judged data-storing type is dropped from the pack's table", () => {
        const judgedHere = types.filter((t) => JUDGED_STORAGE.has(t));
        for (const must of ["aws:s3/directoryBucket:DirectoryBucket", "aws:s3tables/tableBucket:TableBucket", "aws:s3tables/table:Table", "aws:s3/objectCopy:ObjectCopy", "aws:s3control/bucket:Bucket"]) {
            assert.ok(judgedHere.includes(must), must);
        }
        for (const dropped of judgedHere) {
            const without = new Set([...JUDGED].filter((t) => t !== dropped));
            assert.deepStrictEqual(unaccounted(types, without, LISTED), [dropped]);
        }
    });

    it("lists nothing twice, nothing stale, and gives every listed type a reason", () => {
        assert.deepStrictEqual(Object.keys(LISTED).filter((t) => JUDGED.has(t)), [], "judged and listed as not judged");
        assert.deepStrictEqual(Object.keys(LISTED).filter((t) => !types.includes(t)), [], "listed but no longer in the provider");
        assert.deepStrictEqual(Object.keys(NOT_JUDGED).filter((t) => t in NOT_JUDGED_YET), []);
        for (const [t, reason] of Object.entries(LISTED)) {
            assert.ok(reason.length > 20, `${t}: no real reason given`);
        }
    });

    it("covers aws-native's documented S3 storage types in the pack's table", () => {
        assert.deepStrictEqual(NATIVE_STORAGE_TYPES.filter((t) => !BUCKET_KINDS.has(t)), []);
        // Every aws-native entry of the table is one the documented list knows: no guessed tokens.
        assert.deepStrictEqual([...BUCKET_KINDS.keys()].filter((t) => t.startsWith("aws-native:") && !NATIVE_STORAGE_TYPES.includes(t)), []);
    });
});
