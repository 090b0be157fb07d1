/**
 * Log destinations, per log service the pack judges (policy-pack/src/model/log-services.ts), through
 * the real analyzer: the documented design passes; a destination that would refuse the deliveries
 * is blocked with the configuration and the destination named; an SSE-S3 destination that anything
 * else can write to is blocked as any SSE-S3 bucket is.
 *
 * S3 server access logging: principal logging.s3.amazonaws.com, confined with aws:SourceAccount
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html), into
 * a destination with SSE-S3 default encryption only.
 */
import * as assert from "assert";
import { Diagnostic } from "../../offline/analyzer";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import {
    ACCOUNT, BUCKET, BUCKET_POLICY, BUCKET_V2, FORMS, Form, NATIVE_BUCKET, OTHER_KEY_ARN, bucket, bucketArn, bucketRef, codeOf, compliantBucket,
    computed, encryptionConfig, mandatory, res, usePack, violation, violations,
} from "./fixtures";

const LOGGING = "logging.s3.amazonaws.com";
const ARRIVE = "s3-log-deliveries-arrive";

type Statement = Record<string, unknown>;

/** The documented grant, and denies that leave the service's deliveries for this account the only writes. */
function logPolicy(arn: string, opts: { omit?: string[]; extra?: Statement[] } = {}): { Version: string; Statement: Statement[] } {
    const objects = `${arn}/*`;
    const statements: Statement[] = [
        { Sid: "AllowServerAccessLogs", Effect: "Allow", Principal: { Service: LOGGING }, Action: "s3:PutObject", Resource: objects, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
        { Sid: "DenyOtherWriters", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects, Condition: { StringNotEquals: { "aws:PrincipalServiceName": LOGGING } } },
        { Sid: "DenyOtherSources", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects, Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } } },
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, objects], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ...(opts.extra ?? []),
    ];
    return { Version: "2012-10-17", Statement: statements.filter((s) => !(opts.omit ?? []).includes(s.Sid as string)) };
}

/** A bucket policy whose document is known in both forms (rendered from the bucket's name, as the component does). */
function knownPolicy(form: Form, b: EngineResource, document: unknown): EngineResource {
    const ref = bucketRef(form, b);
    return res(BUCKET_POLICY, `${b.name}-policy`, { bucket: ref.value, policy: JSON.stringify(document) }, { propertyDependencies: { bucket: ref.deps, policy: [] } });
}

/** The log destination "logs": SSE-S3 by default, with `document` as its policy. */
function logBucket(form: Form, document: (arn: string) => unknown = (arn) => logPolicy(arn)): EngineResource[] {
    const b = bucket(form, "logs");
    return [b, encryptionConfig(form, b, { sseAlgorithm: "AES256" }), knownPolicy(form, b, document(bucketArn(b)))];
}

/** One way a program configures S3 server access logging of "data" into `destination`. */
interface Scheme {
    name: string;
    /** The stack (source bucket included) and the resource holding the logging configuration. */
    build: (form: Form, destination: EngineResource) => { stack: EngineResource[]; config: EngineResource };
}

function splitScheme(type: string): Scheme {
    return {
        name: type,
        build: (form, destination) => {
            const source = compliantBucket(form, "data");
            const src = bucketRef(form, source[1]);
            const dst = computed(form, destination.name, destination);
            const config = res(type, "data-logging", { bucket: src.value, targetBucket: dst.value, targetPrefix: "data/" }, {
                propertyDependencies: { bucket: src.deps, targetBucket: dst.deps, targetPrefix: [] },
            });
            return { stack: [...source, config], config };
        },
    };
}

function inlineScheme(type: string, property: string, shape: (ref: unknown) => unknown): Scheme {
    return {
        name: `${type} ${property}`,
        build: (form, destination) => {
            const dst = computed(form, destination.name, destination);
            const source = type === BUCKET ? compliantBucket(form, "data") : [bucket(form, "data", type)];
            const b = source.find((r) => r.name === "data")!;
            const config: EngineResource = {
                ...b,
                properties: { ...b.properties, [property]: shape(dst.value) },
                propertyDependencies: { ...b.propertyDependencies, [property]: dst.deps },
                dependencies: [...new Set([...b.dependencies, ...dst.deps])],
            };
            return { stack: source.map((r) => (r === b ? config : r)), config };
        },
    };
}

const SCHEMES: Scheme[] = [
    splitScheme("aws:s3/bucketLogging:BucketLogging"),
    splitScheme("aws:s3/bucketLoggingV2:BucketLoggingV2"),
    inlineScheme(BUCKET, "logging", (ref) => ({ targetBucket: ref, targetPrefix: "data/" })),
    inlineScheme(BUCKET_V2, "loggings", (ref) => [{ targetBucket: ref, targetPrefix: "data/" }]),
    inlineScheme(NATIVE_BUCKET, "loggingConfiguration", (ref) => ({ destinationBucketName: ref, logFilePrefix: "data/" })),
];

/** The diagnostics about these resources. */
function about(ds: Diagnostic[], ...rs: EngineResource[]): Diagnostic[] {
    const urns = new Set(rs.map((r) => r.urn));
    return mandatory(ds).filter((d) => urns.has(d.urn));
}

describe("log destinations: S3 server access logging", () => {
    const pack = usePack();

    for (const form of FORMS) {
        for (const scheme of SCHEMES) {
            describe(`${scheme.name}, ${form} form`, () => {
                it("passes the documented design: SSE-S3 destination whose policy lets only the service write, for this account", async () => {
                    const logs = logBucket(form);
                    const { stack } = scheme.build(form, logs[0]);
                    const ds = await pack().analyzeStack([...stack, ...logs]);
                    assert.deepStrictEqual(violations(about(ds, ...logs)), []);
                    assert.deepStrictEqual(violations(ds.filter((d) => d.policyName === ARRIVE)), []);
                    if (scheme.name.startsWith("aws:s3/bucketLogging")) {
                        // The whole stack passes, source bucket included.
                        assert.deepStrictEqual(violations(mandatory(ds)), []);
                    }
                });

                it("blocks a configuration whose destination denies uploads without encryption headers, naming both", async () => {
                    const headerDeny = { Sid: "DenyUnencryptedUploads", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "*", Condition: { Null: { "s3:x-amz-server-side-encryption": "true" } } };
                    const logs = logBucket(form, (arn) => logPolicy(arn, { extra: [headerDeny] }));
                    const { stack, config } = scheme.build(form, logs[0]);
                    const ds = (await pack().analyzeStack([...stack, ...logs])).filter((d) => d.policyName === ARRIVE);
                    assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                    assert.deepStrictEqual(ds.map(codeOf), ["EB-LOG-003"]);
                    assert.ok(ds[0].message.includes(logs[0].urn), ds[0].message);
                    assert.ok(ds[0].message.includes("DenyUnencryptedUploads"), ds[0].message);
                });

                it("blocks a configuration whose destination is a customer-managed-key bucket with a strict policy, naming both", async () => {
                    const logs = compliantBucket(form, "logs");
                    const { stack, config } = scheme.build(form, logs[1]);
                    const ds = (await pack().analyzeStack([...stack, ...logs])).filter((d) => d.policyName === ARRIVE);
                    assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                    // The wrong encryption; and, once the policy is known, no grant and a header deny.
                    const expected = form === "preview" ? ["EB-LOG-001"] : ["EB-LOG-001", "EB-LOG-002", "EB-LOG-003"];
                    assert.deepStrictEqual(ds.map(codeOf).sort(), expected);
                    assert.ok(ds.every((d) => d.message.includes(logs[1].urn)), ds.map((d) => d.message).join("\n"));
                });

                it("blocks a configuration whose destination's policy grants the service nothing", async () => {
                    const logs = logBucket(form, (arn) => logPolicy(arn, { omit: ["AllowServerAccessLogs"] }));
                    const { stack, config } = scheme.build(form, logs[0]);
                    const ds = (await pack().analyzeStack([...stack, ...logs])).filter((d) => d.policyName === ARRIVE);
                    assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                    assert.deepStrictEqual(ds.map(codeOf), ["EB-LOG-002"]);
                });

                const open: { name: string; document: (arn: string) => unknown }[] = [
                    { name: "any principal", document: (arn) => logPolicy(arn, { omit: ["DenyOtherWriters"] }) },
                    { name: "the service for any account", document: (arn) => logPolicy(arn, { omit: ["DenyOtherSources"] }) },
                    {
                        name: "principals the deny exempts by wildcard",
                        document: (arn) => logPolicy(arn, { omit: ["DenyOtherWriters"], extra: [{ Sid: "DenyOthers", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${arn}/*`, Condition: { StringNotLike: { "aws:PrincipalServiceName": "*.amazonaws.com" } } }] }),
                    },
                ];
                for (const o of open) {
                    it(`blocks an SSE-S3 destination that ${o.name} can write to`, async () => {
                        const logs = logBucket(form, o.document);
                        const { stack } = scheme.build(form, logs[0]);
                        const ds = await pack().analyzeStack([...stack, ...logs]);
                        assert.deepStrictEqual(violations(about(ds, logs[0])), [
                            violation("s3-bucket-encrypted-with-cmk", logs[0]),
                            violation("s3-bucket-policy-enforces-cmk", logs[0]),
                        ]);
                    });
                }

                it("blocks the SSE-S3 destination when an object of the stack is written into it", async () => {
                    const logs = logBucket(form);
                    const { stack } = scheme.build(form, logs[0]);
                    const ref = bucketRef(form, logs[0]);
                    const object = res("aws:s3/bucketObjectv2:BucketObjectv2", "note", { bucket: ref.value, key: "note.txt", content: "x" }, { propertyDependencies: { bucket: ref.deps } });
                    const ds = await pack().analyzeStack([...stack, ...logs, object]);
                    assert.ok(violations(about(ds, logs[0])).includes(violation("s3-bucket-encrypted-with-cmk", logs[0])));
                });
            });
        }
    }

    it("blocks an SSE-S3 destination whose policy is unknown in preview (nothing proves who can write)", async () => {
        const b = bucket("preview", "logs");
        const ref = bucketRef("preview", b);
        const policy = res(BUCKET_POLICY, "logs-policy", { bucket: ref.value, policy: UNKNOWN.string }, { propertyDependencies: { bucket: ref.deps, policy: [b.urn] } });
        const logs = [b, encryptionConfig("preview", b, { sseAlgorithm: "AES256" }), policy];
        const { stack } = SCHEMES[0].build("preview", b);
        const ds = await pack().analyzeStack([...stack, ...logs]);
        assert.ok(violations(about(ds, b)).includes(violation("s3-bucket-encrypted-with-cmk", b)));
    });

    it("judged alone, a log destination's policy is left to the stack check only when it lets nothing but the service write", async () => {
        const b = bucket("update", "logs");
        const alone = (document: unknown) => pack().analyze(knownPolicy("update", b, document));
        assert.deepStrictEqual(violations(mandatory(await alone(logPolicy(bucketArn(b))))), []);
        const open = knownPolicy("update", b, logPolicy(bucketArn(b), { omit: ["DenyOtherWriters"] }));
        assert.deepStrictEqual(violations(mandatory(await pack().analyze(open))), [violation("s3-bucket-policy-enforces-cmk", open)]);
    });

    it("blocks an SSE-S3 bucket with the log policy that no logging configuration delivers into", async () => {
        const logs = logBucket("update");
        const ds = await pack().analyzeStack(logs);
        assert.ok(violations(about(ds, logs[0])).includes(violation("s3-bucket-encrypted-with-cmk", logs[0])));
    });

    it("judges a destination outside the stack not at all (nothing known to refuse)", async () => {
        const { stack } = SCHEMES[0].build("update", bucket("update", "elsewhere"));
        const ds = (await pack().analyzeStack(stack)).filter((d) => d.policyName === ARRIVE);
        assert.deepStrictEqual(ds, []);
    });

    it("keeps SSE-KMS destinations of other keys refused as before", async () => {
        const logs = logBucket("update");
        const kms = encryptionConfig("update", logs[0], { sseAlgorithm: "aws:kms", kmsMasterKeyId: OTHER_KEY_ARN });
        const { stack, config } = SCHEMES[0].build("update", logs[0]);
        const ds = await pack().analyzeStack([...stack, logs[0], kms, logs[2]]);
        assert.ok(violations(mandatory(ds)).includes(violation(ARRIVE, config)));
        assert.ok(violations(about(ds, logs[0])).includes(violation("s3-bucket-encrypted-with-cmk", logs[0])));
    });
});
