/**
 * Inventory of the providers' S3 surface: every resource type @pulumi/aws and aws-native ship
 * under their S3 modules is either judged by the pack or listed, with a reason, as not needing it.
 * A provider release that adds a bucket kind or an object writer then fails here instead of
 * passing silently. The types are read from the installed packages' own files (provider-types.ts),
 * not from a list kept by hand; the pack itself never loads a provider SDK.
 */
import * as assert from "assert";
import { OBJECT_KINDS, STORAGE_KINDS, WRITER_KINDS, objectFields, storageFields, writerFields } from "../../policy-pack/src/model/bucket-kinds";
import { LOG_CONFIG_KINDS } from "../../policy-pack/src/model/log-services";
import { BUCKET_POLICY_KINDS } from "../../policy-pack/src/model/policies";
import { ENCRYPTION_CONFIG_TYPES } from "../../policy-pack/src/resource-types";
import { AWS, AWS_NATIVE, Provider, modules, resourceClasses, stateProperties } from "./provider-types";
import { NATIVE_NOT_JUDGED, NOT_JUDGED } from "./s3-types-not-judged";

/** The provider's modules that are S3 (s3, s3control, s3tables, ...; aws-native's s3express, s3vectors, ...), and any s3* added later. */
function s3Classes(p: Provider) {
    return modules(p, /^s3/).flatMap((m) => resourceClasses(p, m));
}

/** The types neither judged nor listed. */
function unaccounted(types: string[], judged: ReadonlySet<string>, listed: Record<string, string>): string[] {
    return types.filter((t) => !judged.has(t) && !(t in listed));
}

/** Storage, and what writes into it: every type whose data the pack judges. */
const JUDGED_STORAGE = new Set([...STORAGE_KINDS.keys(), ...WRITER_KINDS.keys(), ...OBJECT_KINDS.keys()]);
/**
 * Log configurations of S3's own modules the pack reads (S3 server access logging), which deliver
 * into storage it judges; those of other modules (flow logs, trails, load balancers,
 * distributions) are held by log-inventory.test.ts.
 */
const JUDGED_LOGGING = [...LOG_CONFIG_KINDS].filter(([t, k]) => k.targets && /^aws(-native)?:s3[:/]/.test(t)).map(([t]) => t);
const JUDGED = new Set([...JUDGED_STORAGE, ...ENCRYPTION_CONFIG_TYPES, ...BUCKET_POLICY_KINDS.keys(), ...JUDGED_LOGGING]);

/** The properties the model reads of each judged kind, derived from its readers. */
const FIELDS_READ = new Map<string, string[]>([
    ...[...STORAGE_KINDS].map(([t, k]): [string, string[]] => [t, storageFields(k)]),
    ...[...WRITER_KINDS].map(([t, k]): [string, string[]] => [t, writerFields(k)]),
    ...[...OBJECT_KINDS].map(([t, k]): [string, string[]] => [t, objectFields(k)]),
    ...JUDGED_LOGGING.filter((t) => !STORAGE_KINDS.has(t)).map((t): [string, string[]] => [t, [...LOG_CONFIG_KINDS.get(t)!.fields]]),
]);

const PROVIDERS = [
    { provider: AWS, prefix: "aws:", listed: NOT_JUDGED, expectModules: ["s3", "s3control", "s3outposts", "s3tables"], sample: "aws:s3/bucket:Bucket" },
    { provider: AWS_NATIVE, prefix: "aws-native:", listed: NATIVE_NOT_JUDGED, expectModules: ["s3", "s3express", "s3outposts", "s3tables", "s3vectors"], sample: "aws-native:s3:Bucket" },
];

for (const { provider, prefix, listed, expectModules, sample } of PROVIDERS) {
    describe(`inventory: every S3 resource type of ${provider.name} is judged or listed with a reason`, () => {
        const classes = s3Classes(provider);
        const types = classes.map((c) => c.token);

        it("finds the S3 modules and their resource types in the installed provider", () => {
            const found = modules(provider, /^s3/);
            for (const m of expectModules) {
                assert.ok(found.includes(m), `module ${m} not found in ${provider.dir}`);
            }
            // A reader that found nothing would make every later check vacuous.
            assert.ok(types.length > 20, `only ${types.length} types found`);
            assert.ok(types.includes(sample));
        });

        it("leaves no S3 type unaccounted for", () => {
            assert.deepStrictEqual(unaccounted(types, JUDGED, listed), [], "judge these in policy-pack/src/model/bucket-kinds.ts, or list them with a reason in tests/policy-pack/s3-types-not-judged.ts");
        });

        it("fails when any judged data-storing type is dropped from the pack's table", () => {
            const judgedHere = types.filter((t) => JUDGED_STORAGE.has(t));
            assert.ok(judgedHere.length > 5, judgedHere.join(", "));
            for (const dropped of judgedHere) {
                const without = new Set([...JUDGED].filter((t) => t !== dropped));
                assert.deepStrictEqual(unaccounted(types, without, listed), [dropped]);
            }
        });

        it("judges no type the provider does not ship, lists nothing twice or stale, and gives every listed type a reason", () => {
            assert.deepStrictEqual([...JUDGED].filter((t) => t.startsWith(prefix) && !types.includes(t)), [], "judged, but the provider has no such type");
            assert.deepStrictEqual(Object.keys(listed).filter((t) => JUDGED.has(t)), [], "judged and listed as not judged");
            assert.deepStrictEqual(Object.keys(listed).filter((t) => !types.includes(t)), [], "listed but no longer in the provider");
            for (const [t, reason] of Object.entries(listed)) {
                assert.ok(reason.length > 20, `${t}: no real reason given`);
            }
        });

        it("reads of each judged kind only properties its class declares (a misspelt property would read as absent)", () => {
            for (const c of classes.filter((x) => FIELDS_READ.has(x.token))) {
                const declared = new Set([...stateProperties(c).keys(), "id"]);
                assert.deepStrictEqual(FIELDS_READ.get(c.token)!.filter((f) => !declared.has(f)), [], c.token);
            }
        });
    });
}

describe("inventory: the judged S3 types in particular", () => {
    it("include the kinds issue #14 named", () => {
        for (const must of ["aws:s3/directoryBucket:DirectoryBucket", "aws:s3tables/tableBucket:TableBucket", "aws:s3tables/table:Table", "aws:s3/objectCopy:ObjectCopy",
            "aws:s3control/bucket:Bucket", "aws-native:s3express:DirectoryBucket", "aws-native:s3tables:TableBucket"]) {
            assert.ok(JUDGED.has(must), must);
        }
    });
});
