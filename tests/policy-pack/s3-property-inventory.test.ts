/**
 * Inventory of the S3 resource types' encryption properties, in both providers: every state
 * property that names a key, an algorithm or an SSE choice, and every place S3 Tables or S3
 * replication puts copies, is judged by the pack or listed with a reason
 * (s3-encryption-properties.ts). The paths come from the providers' own declarations
 * (provider-types.ts), so a provider release that adds such a property fails here; and every judged
 * path is proven judged: set to a key, algorithm or destination the pack must refuse, inside a
 * resource of its type, it must show up in that resource's mandatory finding, through the real analyzer.
 */
import * as assert from "assert";
import { EngineResource } from "../../offline/engine-resource";
import { ACCOUNT, OTHER_KEY_ARN, REGION, mandatory, res, usePack } from "./fixtures";
import { AWS, AWS_NATIVE, Provider, modules, pathSteps, propertyPaths, resourceClasses } from "./provider-types";
import { JUDGED_PROPERTIES, Mutation, UNJUDGED_PROPERTIES } from "./s3-encryption-properties";

const ENCRYPTION = /kms|sse|encrypt/i;
const COPY_DESTINATION = /(^|\.)(bucket|tableArn|\w*BucketArn)$/;

/** The properties this inventory holds to account: encryption choices, and where replicas go. */
export function inventoried(token: string, paths: string[]): string[] {
    return paths.filter((p) => ENCRYPTION.test(p) || (/replicat/i.test(`${token} ${p}`) && COPY_DESTINATION.test(p)));
}

function providerProperties(p: Provider): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const m of modules(p, /^s3/)) {
        for (const c of resourceClasses(p, m)) {
            const paths = inventoried(c.token, propertyPaths(p, c));
            if (paths.length > 0) {
                found.set(c.token, paths);
            }
        }
    }
    return found;
}

const FOREIGN_TABLE_BUCKET = `arn:aws:s3tables:${REGION}:444455556666:bucket/elsewhere`;
const ODD_ALGORITHM = "aws:inventory-probe";

/** The value a mutation puts at the path, and the text the finding must then show. */
const MUTATIONS: Record<Mutation, { value: unknown; shows: string }> = {
    key: { value: OTHER_KEY_ARN, shows: OTHER_KEY_ARN },
    algorithm: { value: ODD_ALGORITHM, shows: ODD_ALGORITHM },
    "sse-s3": { value: {}, shows: "SSE-S3 (AES256)" },
    "foreign-table-bucket": { value: FOREIGN_TABLE_BUCKET, shows: FOREIGN_TABLE_BUCKET },
};

/** `props` with `value` at `steps`, building the objects and one-element lists on the way. */
export function withValueAt(props: Record<string, unknown>, steps: string[], value: unknown): Record<string, unknown> {
    const build = (rest: string[]): unknown => {
        if (rest.length === 0) {
            return value;
        }
        const [step, ...more] = rest;
        return step === "[]" ? [build(more)] : { [step]: build(more) };
    };
    const [first, ...rest] = steps;
    return { ...props, [first]: build(rest) };
}

describe("inventory: every encryption property of the S3 resource types is judged or listed with a reason", () => {
    const found = new Map([...providerProperties(AWS), ...providerProperties(AWS_NATIVE)]);
    const listed = (token: string) => ({ ...JUDGED_PROPERTIES[token], ...UNJUDGED_PROPERTIES[token] });

    it("finds such properties in both providers", () => {
        // A reader that found nothing would make every later check vacuous.
        assert.ok(found.get("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")?.includes("rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId"));
        assert.ok(found.get("aws-native:s3:Bucket")?.includes("bucketEncryption.serverSideEncryptionConfiguration[].serverSideEncryptionByDefault.kmsMasterKeyId"));
        assert.ok(found.size > 20, `only ${found.size} types with encryption properties`);
    });

    it("leaves no such property unaccounted for", () => {
        const missing = [...found].flatMap(([token, paths]) => paths.filter((p) => !(p in listed(token))).map((p) => `${token} ${p}`));
        assert.deepStrictEqual(missing, [], "judge these in policy-pack/src/model (and list them in JUDGED_PROPERTIES), or list them with a reason in UNJUDGED_PROPERTIES (tests/policy-pack/s3-encryption-properties.ts)");
    });

    it("lists nothing twice, nothing stale, and gives every unjudged property a reason", () => {
        const stale = [...new Set([...Object.keys(JUDGED_PROPERTIES), ...Object.keys(UNJUDGED_PROPERTIES)])]
            .flatMap((token) => Object.keys(listed(token)).filter((p) => !found.get(token)?.includes(p)).map((p) => `${token} ${p}`));
        assert.deepStrictEqual(stale, [], "listed but not a property of the provider's type");
        const twice = Object.keys(JUDGED_PROPERTIES).flatMap((token) => Object.keys(JUDGED_PROPERTIES[token]).filter((p) => p in (UNJUDGED_PROPERTIES[token] ?? {})));
        assert.deepStrictEqual(twice, []);
        for (const [token, reasons] of Object.entries(UNJUDGED_PROPERTIES)) {
            for (const [p, reason] of Object.entries(reasons)) {
                assert.ok(reason.length > 20, `${token} ${p}: no real reason given`);
            }
        }
    });

    it("fails when a provider adds an encryption property nobody has classified", () => {
        const paths = [...found.get("aws:s3/bucket:Bucket")!, "futureExportConfiguration.encryption.kmsKeyArn"];
        assert.deepStrictEqual(inventoried("aws:s3/bucket:Bucket", paths).filter((p) => !(p in listed("aws:s3/bucket:Bucket"))), ["futureExportConfiguration.encryption.kmsKeyArn"]);
    });

    describe("each judged property, set to what the pack must refuse, is named in its resource's mandatory finding", () => {
        const pack = usePack();
        const cases = Object.entries(JUDGED_PROPERTIES).flatMap(([token, paths]) =>
            Object.entries(paths).map(([p, mutation], i) => ({ token, path: p, mutation, name: `${token.split(":").pop()!.toLowerCase()}-${i}` })));
        let baseline: Map<string, string>;
        let mutated: Map<string, string>;
        const resourceOf = (c: (typeof cases)[number], props: Record<string, unknown>): EngineResource =>
            res(c.token, c.name, { ...props, bucket: props.bucket ?? `into-${ACCOUNT}-outside-the-stack` });
        const messagesByUrn = async (stack: EngineResource[]) => {
            const by = new Map<string, string>();
            for (const d of mandatory(await pack().analyzeStack(stack))) {
                by.set(d.urn, `${by.get(d.urn) ?? ""}\n${d.message}`);
            }
            return by;
        };

        before(async () => {
            baseline = await messagesByUrn(cases.map((c) => resourceOf(c, {})));
            mutated = await messagesByUrn(cases.map((c) => resourceOf(c, withValueAt({}, pathSteps(c.path), MUTATIONS[c.mutation].value))));
        });

        for (const c of cases) {
            it(`${c.token} ${c.path}`, () => {
                const urn = resourceOf(c, {}).urn;
                const shows = MUTATIONS[c.mutation].shows;
                assert.ok(!(baseline.get(urn) ?? "").includes(shows), `the finding without the property already shows ${shows}: ${baseline.get(urn)}`);
                assert.ok((mutated.get(urn) ?? "").includes(shows), `expected a mandatory finding showing ${shows}, got: ${mutated.get(urn) ?? "none"}`);
            });
        }
    });
});
