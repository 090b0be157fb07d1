/**
 * Log destinations of the services that deliver only into SSE-S3 (model/log-services.ts), through
 * the real analyzer, in preview and update form:
 *
 * - Application Load Balancer access logs: "The only server-side encryption option that's
 *   supported is Amazon S3-managed keys (SSE-S3)"; the bucket policy grants
 *   logdelivery.elasticloadbalancing.amazonaws.com (or, in Regions available before August 2022,
 *   the Region's Elastic Load Balancing account) s3:PutObject on `<bucket>/<prefix>/AWSLogs/<account>/*`
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 * - Classic Load Balancer access logs: encrypted with SSE-S3, same principals
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html).
 * - CloudFront standard logging (legacy): the bucket must have ACLs enabled, not Object Ownership
 *   BucketOwnerEnforced; the awslogsdelivery account writes through an ACL grant
 *   (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html).
 *   The pack cannot prove from a bucket policy who else writes through ACLs, so its SSE-S3
 *   destinations stay refused; a destination that would refuse its deliveries is still blocked.
 */
import * as assert from "assert";
import { Diagnostic } from "../../offline/analyzer";
import { EngineResource } from "../../offline/engine-resource";
import {
    ACCOUNT, BUCKET_POLICY, FORMS, Form, bucket, bucketArn, bucketRef, codeOf, compliantBucket, computed, encryptionConfig, mandatory, res, usePack,
    violation, violations,
} from "./fixtures";

const ELB = "logdelivery.elasticloadbalancing.amazonaws.com";
const ARRIVE = "s3-log-deliveries-arrive";
/** The load balancers' log prefix: their objects go under `lb/AWSLogs/<account>/`. */
const PREFIX = "lb";

type Statement = Record<string, unknown>;

/** The documented grant on this account's AWSLogs keys, and a deny that leaves the service the only writer. */
function elbPolicy(arn: string, opts: { omit?: string[]; extra?: Statement[]; grantResource?: unknown } = {}): { Version: string; Statement: Statement[] } {
    const statements: Statement[] = [
        { Sid: "AllowElbLogs", Effect: "Allow", Principal: { Service: ELB }, Action: "s3:PutObject", Resource: opts.grantResource ?? `${arn}/${PREFIX}/AWSLogs/${ACCOUNT}/*` },
        { Sid: "DenyOtherWriters", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${arn}/*`, Condition: { StringNotEquals: { "aws:PrincipalServiceName": ELB } } },
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ...(opts.extra ?? []),
    ];
    return { Version: "2012-10-17", Statement: statements.filter((s) => !(opts.omit ?? []).includes(s.Sid as string)) };
}

const HEADER_DENY: Statement = { Sid: "DenyUnencryptedUploads", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "*", Condition: { Null: { "s3:x-amz-server-side-encryption": "true" } } };

function knownPolicy(form: Form, b: EngineResource, document: unknown): EngineResource {
    const ref = bucketRef(form, b);
    return res(BUCKET_POLICY, `${b.name}-policy`, { bucket: ref.value, policy: JSON.stringify(document) }, { propertyDependencies: { bucket: ref.deps, policy: [] } });
}

const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

function ownership(form: Form, b: EngineResource, objectOwnership: string): EngineResource {
    const ref = bucketRef(form, b);
    return res(OWNERSHIP, `${b.name}-ownership`, { bucket: ref.value, rule: { objectOwnership } }, { propertyDependencies: { bucket: ref.deps } });
}

/** The destination "logs": SSE-S3, with `document` as its policy, and `extra` resources of its own. */
function logBucket(form: Form, document: (arn: string) => unknown, extra: (b: EngineResource) => EngineResource[] = () => []): EngineResource[] {
    const b = bucket(form, "logs");
    return [b, encryptionConfig(form, b, { sseAlgorithm: "AES256" }), knownPolicy(form, b, document(bucketArn(b))), ...extra(b)];
}

/** One way a program points a service's logs at `destination`: the resource holding the configuration. */
interface Scheme {
    name: string;
    build: (form: Form, destination: EngineResource) => EngineResource;
}

function lbScheme(type: string, extra: Record<string, unknown>): Scheme {
    return {
        name: `${type} ${JSON.stringify(extra)}`,
        build: (form, destination) => {
            const dst = computed(form, destination.name, destination);
            return res(type, "web", { ...extra, accessLogs: { bucket: dst.value, enabled: true, prefix: PREFIX } }, { propertyDependencies: { accessLogs: dst.deps } });
        },
    };
}

const ALB_SCHEMES: Scheme[] = [
    lbScheme("aws:lb/loadBalancer:LoadBalancer", {}),
    lbScheme("aws:alb/loadBalancer:LoadBalancer", { loadBalancerType: "application" }),
    {
        name: "aws-native:elasticloadbalancingv2:LoadBalancer loadBalancerAttributes",
        build: (form, destination) => {
            const dst = computed(form, destination.name, destination);
            const attributes = [
                { key: "access_logs.s3.enabled", value: "true" },
                { key: "access_logs.s3.bucket", value: dst.value },
                { key: "access_logs.s3.prefix", value: PREFIX },
            ];
            return res("aws-native:elasticloadbalancingv2:LoadBalancer", "web", { type: "application", loadBalancerAttributes: attributes }, { propertyDependencies: { loadBalancerAttributes: dst.deps } });
        },
    },
];

const CLASSIC_SCHEMES: Scheme[] = [{
    name: "aws:elb/loadBalancer:LoadBalancer accessLogs",
    build: (form, destination) => {
        const dst = computed(form, destination.name, destination);
        return res("aws:elb/loadBalancer:LoadBalancer", "web", { accessLogs: { bucket: dst.value, bucketPrefix: PREFIX, interval: 5 } }, { propertyDependencies: { accessLogs: dst.deps } });
    },
}];

const CLOUDFRONT_SCHEMES: Scheme[] = [
    {
        name: "aws:cloudfront/distribution:Distribution loggingConfig",
        build: (form, destination) => {
            const dst = computed(form, `${destination.name}.s3.amazonaws.com`, destination);
            return res("aws:cloudfront/distribution:Distribution", "cdn", { enabled: true, loggingConfig: { bucket: dst.value, prefix: "cdn/" } }, { propertyDependencies: { loggingConfig: dst.deps } });
        },
    },
    {
        name: "aws-native:cloudfront:Distribution distributionConfig.logging",
        build: (form, destination) => {
            const dst = computed(form, `${destination.name}.s3.amazonaws.com`, destination);
            return res("aws-native:cloudfront:Distribution", "cdn", { distributionConfig: { enabled: true, logging: { bucket: dst.value, prefix: "cdn/" } } }, { propertyDependencies: { distributionConfig: dst.deps } });
        },
    },
];

function about(ds: Diagnostic[], ...rs: EngineResource[]): Diagnostic[] {
    const urns = new Set(rs.map((r) => r.urn));
    return mandatory(ds).filter((d) => urns.has(d.urn));
}

function arrivals(ds: Diagnostic[]): Diagnostic[] {
    return ds.filter((d) => d.policyName === ARRIVE);
}

const REFUSED_AS_SSE_S3 = (b: EngineResource) => [violation("s3-bucket-encrypted-with-cmk", b), violation("s3-bucket-policy-enforces-cmk", b)];

/** Asserts that the configuration alone is refused for its deliveries, with `code`, naming the destination; returns the findings. */
async function assertRefusedDelivery(ds: Diagnostic[], config: EngineResource, destination: EngineResource, code: string): Promise<Diagnostic[]> {
    const found = arrivals(ds);
    assert.deepStrictEqual(violations(found), [violation(ARRIVE, config)]);
    assert.deepStrictEqual(found.map(codeOf), [code]);
    assert.ok(found[0].message.includes(destination.urn), found[0].message);
    return found;
}

for (const [service, schemes] of [["Application Load Balancer", ALB_SCHEMES], ["Classic Load Balancer", CLASSIC_SCHEMES]] as const) {
    describe(`log destinations: ${service} access logs`, () => {
        const pack = usePack();

        for (const form of FORMS) {
            for (const scheme of schemes) {
                describe(`${scheme.name}, ${form} form`, () => {
                    it("passes the documented design: SSE-S3 destination whose policy lets only the ELB service principal write, on one account's AWSLogs keys", async () => {
                        const logs = logBucket(form, (arn) => elbPolicy(arn));
                        const config = scheme.build(form, logs[0]);
                        const ds = await pack().analyzeStack([config, ...logs]);
                        assert.deepStrictEqual(violations(mandatory(ds)), []);
                    });

                    it("blocks a configuration whose destination denies uploads without encryption headers, naming both", async () => {
                        const logs = logBucket(form, (arn) => elbPolicy(arn, { extra: [HEADER_DENY] }));
                        const config = scheme.build(form, logs[0]);
                        const ds = await assertRefusedDelivery(await pack().analyzeStack([config, ...logs]), config, logs[0], "EB-LOG-003");
                        assert.ok(ds[0].message.includes("DenyUnencryptedUploads"), ds[0].message);
                    });

                    it("blocks a configuration whose destination is SSE-KMS (a customer-managed-key bucket), naming both", async () => {
                        const logs = compliantBucket(form, "logs");
                        const config = scheme.build(form, logs[1]);
                        const ds = arrivals(await pack().analyzeStack([config, ...logs]));
                        assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                        assert.ok(ds.map(codeOf).includes("EB-LOG-001"), ds.map(codeOf).join());
                        assert.ok(ds.every((d) => d.message.includes(logs[1].urn)), ds.map((d) => d.message).join("\n"));
                    });

                    it("blocks a configuration whose destination's policy grants Elastic Load Balancing nothing", async () => {
                        const logs = logBucket(form, (arn) => elbPolicy(arn, { omit: ["AllowElbLogs"] }));
                        const config = scheme.build(form, logs[0]);
                        await assertRefusedDelivery(await pack().analyzeStack([config, ...logs]), config, logs[0], "EB-LOG-002");
                    });

                    const open: { name: string; document: (arn: string) => unknown }[] = [
                        { name: "any principal", document: (arn) => elbPolicy(arn, { omit: ["DenyOtherWriters"] }) },
                        { name: "the service for any account (grant on every key)", document: (arn) => elbPolicy(arn, { grantResource: `${arn}/*` }) },
                        { name: "the service for any account (wildcard before AWSLogs)", document: (arn) => elbPolicy(arn, { grantResource: `${arn}/*/AWSLogs/${ACCOUNT}/*` }) },
                        { name: "the service for two accounts", document: (arn) => elbPolicy(arn, { grantResource: [`${arn}/${PREFIX}/AWSLogs/${ACCOUNT}/*`, `${arn}/${PREFIX}/AWSLogs/444455556666/*`] }) },
                        {
                            name: "another service the deny exempts by wildcard",
                            document: (arn) => elbPolicy(arn, {
                                omit: ["DenyOtherWriters"],
                                extra: [{ Sid: "DenyOthers", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${arn}/*`, Condition: { StringNotLike: { "aws:PrincipalServiceName": "*.amazonaws.com" } } }],
                            }),
                        },
                    ];
                    for (const o of open) {
                        it(`blocks an SSE-S3 destination that ${o.name} can write to`, async () => {
                            const logs = logBucket(form, o.document);
                            const config = scheme.build(form, logs[0]);
                            const ds = await pack().analyzeStack([config, ...logs]);
                            assert.deepStrictEqual(violations(about(ds, logs[0])), REFUSED_AS_SSE_S3(logs[0]));
                        });
                    }

                    it("blocks the SSE-S3 destination when an object of the stack is written into it", async () => {
                        const logs = logBucket(form, (arn) => elbPolicy(arn));
                        const ref = bucketRef(form, logs[0]);
                        const object = res("aws:s3/bucketObjectv2:BucketObjectv2", "note", { bucket: ref.value, key: "note.txt", content: "x" }, { propertyDependencies: { bucket: ref.deps } });
                        const ds = await pack().analyzeStack([scheme.build(form, logs[0]), ...logs, object]);
                        assert.ok(violations(about(ds, logs[0])).includes(violation("s3-bucket-encrypted-with-cmk", logs[0])));
                    });

                    /** eu-west-1's Elastic Load Balancing account, for the design of Regions available before August 2022. */
                    const ELB_ACCOUNT_EU_WEST_1 = "156460612806";
                    it("refuses the Region-account design (nothing proves the account's writes are only log deliveries) but finds nothing refusing its deliveries", async () => {
                        const grant = (arn: string) => ({ Sid: "AllowElbAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ELB_ACCOUNT_EU_WEST_1}:root` }, Action: "s3:PutObject", Resource: `${arn}/${PREFIX}/AWSLogs/${ACCOUNT}/*` });
                        const logs = logBucket(form, (arn) => elbPolicy(arn, { omit: ["AllowElbLogs", "DenyOtherWriters"], extra: [grant(arn)] }));
                        const config = scheme.build(form, logs[0]);
                        const ds = await pack().analyzeStack([config, ...logs]);
                        assert.deepStrictEqual(arrivals(ds), []);
                        assert.deepStrictEqual(violations(about(ds, logs[0])), REFUSED_AS_SSE_S3(logs[0]));
                    });
                });
            }
        }

        it("judges a destination outside the stack not at all (nothing known to refuse)", async () => {
            const ds = arrivals(await pack().analyzeStack([schemes[0].build("update", bucket("update", "elsewhere"))]));
            assert.deepStrictEqual(ds, []);
        });
    });
}

describe("log destinations: Application Load Balancer type and switches", () => {
    const pack = usePack();

    it("judges a Network Load Balancer's access logs as its own service's (delivery.logs.amazonaws.com), not an Application Load Balancer's", async () => {
        const logs = logBucket("update", (arn) => elbPolicy(arn, { extra: [HEADER_DENY] }));
        const nlb = lbScheme("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "network" }).build("update", logs[0]);
        const ds = await pack().analyzeStack([nlb, ...logs]);
        // The ELB grant names logdelivery.elasticloadbalancing.amazonaws.com only: the NLB's principal is denied.
        const found = arrivals(ds);
        assert.deepStrictEqual(found.map((d) => [d.urn, codeOf(d)]), [[nlb.urn, "EB-LOG-003"]]);
        assert.ok(found[0].message.includes("delivery.logs.amazonaws.com"), found[0].message);
        // Not an accepted ALB destination either: refused as any SSE-S3 bucket.
        assert.deepStrictEqual(violations(about(ds, logs[0])), REFUSED_AS_SSE_S3(logs[0]));
    });

    it("reads aws:lb accessLogs as off unless enabled (the provider's default)", async () => {
        const logs = logBucket("update", (arn) => elbPolicy(arn, { extra: [HEADER_DENY] }));
        const off = res("aws:lb/loadBalancer:LoadBalancer", "web", { accessLogs: { bucket: "logs", prefix: PREFIX } });
        const ds = await pack().analyzeStack([off, ...logs]);
        assert.deepStrictEqual(arrivals(ds), []);
        assert.deepStrictEqual(violations(about(ds, logs[0])), REFUSED_AS_SSE_S3(logs[0]));
    });
});

describe("log destinations: CloudFront standard logging (legacy)", () => {
    const pack = usePack();
    /** A policy with no header rule: the documented design puts the grant in the ACL, not here. */
    const tlsOnly = (arn: string) => elbPolicy(arn, { omit: ["AllowElbLogs", "DenyOtherWriters"] });

    for (const form of FORMS) {
        for (const scheme of CLOUDFRONT_SCHEMES) {
            describe(`${scheme.name}, ${form} form`, () => {
                it("lets the documented design (ACLs enabled, SSE-S3) deliver, and still refuses the SSE-S3 destination: ACL writers cannot be proven", async () => {
                    const logs = logBucket(form, tlsOnly, (b) => [ownership(form, b, "BucketOwnerPreferred")]);
                    const config = scheme.build(form, logs[0]);
                    const ds = await pack().analyzeStack([config, ...logs]);
                    assert.deepStrictEqual(arrivals(ds), []);
                    assert.deepStrictEqual(violations(about(ds, config)), []);
                    assert.deepStrictEqual(violations(about(ds, logs[0])), REFUSED_AS_SSE_S3(logs[0]));
                });

                const refusing: { name: string; logs: () => EngineResource[]; code: string }[] = [
                    { name: "has Object Ownership BucketOwnerEnforced (ACLs disabled)", logs: () => logBucket(form, tlsOnly, (b) => [ownership(form, b, "BucketOwnerEnforced")]), code: "EB-LOG-007" },
                    { name: "declares no Object Ownership (S3's default disables ACLs)", logs: () => logBucket(form, tlsOnly), code: "EB-LOG-007" },
                    {
                        name: "denies uploads without encryption headers",
                        logs: () => logBucket(form, (arn) => ({ ...tlsOnly(arn), Statement: [...tlsOnly(arn).Statement, HEADER_DENY] }), (b) => [ownership(form, b, "BucketOwnerPreferred")]),
                        code: "EB-LOG-003",
                    },
                ];
                for (const r of refusing) {
                    it(`blocks a configuration whose destination ${r.name}, naming both`, async () => {
                        const logs = r.logs();
                        const config = scheme.build(form, logs[0]);
                        await assertRefusedDelivery(await pack().analyzeStack([config, ...logs]), config, logs[0], r.code);
                    });
                }

                it("blocks an SSE-S3 destination that anything else can write to (as every SSE-S3 CloudFront destination)", async () => {
                    const logs = logBucket(form, (arn) => elbPolicy(arn, { omit: ["DenyOtherWriters"] }), (b) => [ownership(form, b, "BucketOwnerPreferred")]);
                    const ds = await pack().analyzeStack([scheme.build(form, logs[0]), ...logs]);
                    assert.deepStrictEqual(violations(about(ds, logs[0])), REFUSED_AS_SSE_S3(logs[0]));
                });
            });
        }
    }

    it("does not claim ACLs are disabled when an Object Ownership resource of the stack names a bucket unknown until apply", async () => {
        const logs = logBucket("preview", tlsOnly);
        const other = bucket("preview", "other");
        const both = computed("preview", "x", logs[0], other);
        const unlinked = res(OWNERSHIP, "some-ownership", { bucket: both.value, rule: { objectOwnership: "BucketOwnerPreferred" } }, { propertyDependencies: { bucket: both.deps } });
        const ds = arrivals(await pack().analyzeStack([CLOUDFRONT_SCHEMES[0].build("preview", logs[0]), ...logs, other, unlinked]));
        assert.deepStrictEqual(ds, []);
    });
});
