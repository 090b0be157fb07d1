/**
 * Log destinations of the services AWS documents as able to deliver into SSE-KMS with a
 * customer-managed key, through the real analyzer, in preview and update form: the documented
 * design passes; a destination that would refuse the deliveries (its key policy, its bucket policy,
 * a trail's other key) is blocked with the configuration and the destination named; an SSE-S3
 * destination is blocked (the issue asks for a customer-managed key wherever the service supports
 * one), whoever else can write to it.
 *
 * AWS pages:
 * - VPC flow logs (CloudWatch vended logs): principal delivery.logs.amazonaws.com, confined with
 *   aws:SourceAccount and aws:SourceArn arn:aws:logs:<region>:<account>:*; a customer-managed key
 *   whose key policy allows the principal kms:GenerateDataKey*; no encryption headers documented.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html,
 *   https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-create-flow-log.html
 * - CloudTrail: principal cloudtrail.amazonaws.com, confined with aws:SourceArn (the trail); key
 *   policy grants kms:GenerateDataKey* with kms:EncryptionContext:aws:cloudtrail:arn, and
 *   kms:DescribeKey. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * - Network Load Balancer access logs: delivery.logs.amazonaws.com, as vended logs.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html
 */
import * as assert from "assert";
import { Diagnostic } from "../../offline/analyzer";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import {
    ACCOUNT, BUCKET_POLICY, FORMS, Form, OTHER_KEY_ARN, REGION, SSE_CONFIG, bucket, bucketArn, bucketRef, codeOf, computed,
    encryptionConfig, goodPolicy, key, keyArnOf, mandatory, res, usePack, violation, violations,
} from "./fixtures";

const ARRIVE = "s3-log-deliveries-arrive";
const VENDED = "delivery.logs.amazonaws.com";
const CLOUDTRAIL = "cloudtrail.amazonaws.com";
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/trail`;

type Statement = Record<string, unknown>;
type Document = { Version: string; Statement: Statement[] };

/** One service and the ways a program points it at the destination "logs". */
interface Scheme {
    name: string;
    principal: string;
    /** The key-policy statements AWS documents for the principal. */
    keyGrant: Statement[];
    /** The bucket-policy Allow AWS documents for the principal. */
    allow: (arn: string) => Statement;
    /** The log configuration delivering into `b`, encrypting (a trail) with `trailKey`. */
    config: (form: Form, b: EngineResource, k: EngineResource, trailKey?: string | null) => EngineResource;
}

const vendedGrant: Statement[] = [{
    Sid: "AllowVendedLogsToUseTheKey", Effect: "Allow", Principal: { Service: VENDED }, Action: "kms:GenerateDataKey*", Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": [ACCOUNT] }, ArnLike: { "aws:SourceArn": [`arn:aws:logs:${REGION}:${ACCOUNT}:*`] } },
}];
const vendedAllow = (arn: string): Statement => ({
    Sid: "AWSLogDeliveryWrite", Effect: "Allow", Principal: { Service: VENDED }, Action: "s3:PutObject", Resource: `${arn}/*`,
    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:logs:${REGION}:${ACCOUNT}:*` } },
});

function flowLog(type: string): Scheme["config"] {
    return (form, b) => {
        const destination = computed(form, `${bucketArn(b)}/flows/`, b);
        const props = type === "aws:ec2/flowLog:FlowLog" ? { vpcId: "vpc-0123456789abcdef0", trafficType: "ALL" } : { resourceId: "vpc-0123456789abcdef0", resourceType: "VPC", trafficType: "ALL" };
        return res(type, "vpc-flows", { ...props, logDestinationType: "s3", logDestination: destination.value }, { propertyDependencies: { logDestination: destination.deps } });
    };
}

function trail(type: string): Scheme["config"] {
    return (form, b, k, trailKey) => {
        const ref = bucketRef(form, b);
        const keyRef = trailKey === undefined ? computed(form, keyArnOf(k.name), k) : { value: trailKey ?? undefined, deps: [] };
        return res(type, "trail", {
            s3BucketName: ref.value, s3KeyPrefix: "trail", ...(keyRef.value === undefined ? {} : { kmsKeyId: keyRef.value }),
            isMultiRegionTrail: true, arn: form === "preview" ? UNKNOWN.string : TRAIL_ARN,
        }, { propertyDependencies: { s3BucketName: ref.deps, kmsKeyId: keyRef.deps } });
    };
}

function nlb(type: string, loadBalancerType = "network"): Scheme["config"] {
    return (form, b) => {
        const ref = bucketRef(form, b);
        return res(type, "nlb", { loadBalancerType, accessLogs: { bucket: ref.value, prefix: "nlb", enabled: true } }, { propertyDependencies: { accessLogs: ref.deps } });
    };
}

const vended = { principal: VENDED, keyGrant: vendedGrant, allow: vendedAllow };
const cloudTrail = {
    principal: CLOUDTRAIL,
    keyGrant: [
        {
            Sid: "AllowCloudTrailToEncryptLogs", Effect: "Allow", Principal: { Service: CLOUDTRAIL }, Action: "kms:GenerateDataKey*", Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
        },
        { Sid: "AllowCloudTrailToDescribeKey", Effect: "Allow", Principal: { Service: CLOUDTRAIL }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } },
    ],
    allow: (arn: string): Statement => ({
        Sid: "AWSCloudTrailWrite", Effect: "Allow", Principal: { Service: CLOUDTRAIL }, Action: "s3:PutObject", Resource: `${arn}/trail/AWSLogs/${ACCOUNT}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
    }),
};

const SCHEMES: Scheme[] = [
    { name: "aws:ec2/flowLog:FlowLog", ...vended, config: flowLog("aws:ec2/flowLog:FlowLog") },
    { name: "aws-native:ec2:FlowLog", ...vended, config: flowLog("aws-native:ec2:FlowLog") },
    { name: "aws:cloudtrail/trail:Trail", ...cloudTrail, config: trail("aws:cloudtrail/trail:Trail") },
    { name: "aws-native:cloudtrail:Trail", ...cloudTrail, config: trail("aws-native:cloudtrail:Trail") },
    { name: "aws:lb/loadBalancer:LoadBalancer (network)", ...vended, config: nlb("aws:lb/loadBalancer:LoadBalancer") },
    { name: "aws:alb/loadBalancer:LoadBalancer (network)", ...vended, config: nlb("aws:alb/loadBalancer:LoadBalancer") },
];

/** The account's administration of the key, and `grant`. */
function keyPolicy(grant: Statement[]): Document {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "EnableAccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }, ...grant],
    };
}

/**
 * The stack's strict bucket policy (fixtures' goodPolicy), with the deny of header-less uploads
 * exempting the service principal, a deny of header-less uploads by it for another account, and
 * the documented Allow: header-less writes are then only the service's, for this account, and
 * land under the bucket's default key.
 */
function cmkLogPolicy(arn: string, keyArn: string, s: Scheme, opts: { omit?: string[] } = {}): Document {
    const objects = `${arn}/*`;
    const base = goodPolicy(arn, keyArn, { omit: ["DenyUnencryptedUploads"] }).Statement;
    const statements: Statement[] = [
        ...base,
        {
            Sid: "DenyUnencryptedUploadsButTheService", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects,
            Condition: { Null: { "s3:x-amz-server-side-encryption": "true" }, StringNotEquals: { "aws:PrincipalServiceName": s.principal } },
        },
        {
            Sid: "DenyUnencryptedUploadsForOtherAccounts", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects,
            Condition: { Null: { "s3:x-amz-server-side-encryption": "true" }, StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        s.allow(arn),
    ];
    return { Version: "2012-10-17", Statement: statements.filter((st) => !(opts.omit ?? []).includes(st.Sid as string)) };
}

interface Destination {
    key: EngineResource;
    bucket: EngineResource;
    all: EngineResource[];
}

/**
 * The destination "logs": SSE-KMS under its own stack key (with `grant` in its key policy), SSE-C
 * blocked, and `document` as its policy: in preview, computed from the key (one unknown string), as
 * the fixtures' compliant bucket; `known` renders it known in both forms.
 */
function destination(form: Form, grant: Statement[], document: (arn: string, keyArn: string) => Document, known = false): Destination {
    const k = key(form, "logs-key", { policy: JSON.stringify(keyPolicy(grant)) });
    const b = { ...bucket(form, "logs"), dependencies: [k.urn] };
    const ref = bucketRef(form, b);
    const doc = JSON.stringify(document(bucketArn(b), keyArnOf(k.name)));
    const policy = res(BUCKET_POLICY, "logs-policy", { bucket: ref.value, policy: form === "preview" && !known ? UNKNOWN.string : doc }, {
        propertyDependencies: { bucket: ref.deps, policy: known ? [] : [b.urn, k.urn] },
    });
    const encryption = encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf(k.name), k) }, SSE_CONFIG, { blockedEncryptionTypes: ["SSE-C"] });
    return { key: k, bucket: b, all: [k, b, encryption, policy] };
}

function about(ds: Diagnostic[], ...rs: EngineResource[]): Diagnostic[] {
    const urns = new Set(rs.map((r) => r.urn));
    return mandatory(ds).filter((d) => urns.has(d.urn));
}

function arrive(ds: Diagnostic[]): Diagnostic[] {
    return ds.filter((d) => d.policyName === ARRIVE);
}

describe("log destinations: services that deliver under a customer-managed key", () => {
    const pack = usePack();

    for (const form of FORMS) {
        for (const s of SCHEMES) {
            describe(`${s.name}, ${form} form`, () => {
                it("passes the documented design: the stack's key granted to the service, its header-less deliveries the only ones let through", async () => {
                    const d = destination(form, s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s));
                    const config = s.config(form, d.bucket, d.key);
                    const ds = await pack().analyzeStack([...d.all, config]);
                    assert.deepStrictEqual(violations(mandatory(ds)), []);
                });

                it("passes the documented bucket policy judged alone, before the update applies it", async () => {
                    const d = destination("update", s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s));
                    const policy = d.all[3];
                    assert.deepStrictEqual(violations(mandatory(await pack().analyze(policy))), []);
                });

                it("blocks a configuration whose destination's key policy does not grant the service, naming the configuration, destination and key", async () => {
                    const d = destination(form, [], (arn, k) => cmkLogPolicy(arn, k, s));
                    const config = s.config(form, d.bucket, d.key);
                    const ds = arrive(await pack().analyzeStack([...d.all, config]));
                    assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                    assert.deepStrictEqual(ds.map(codeOf), ["EB-LOG-004"]);
                    assert.ok(ds[0].message.includes(d.bucket.urn) && ds[0].message.includes(d.key.urn), ds[0].message);
                });

                it("blocks a configuration whose destination's key policy grants the service for another account only", async () => {
                    const foreign = JSON.parse(JSON.stringify(s.keyGrant).split(ACCOUNT).join("999988887777")) as Statement[];
                    const d = destination(form, foreign, (arn, k) => cmkLogPolicy(arn, k, s));
                    const config = s.config(form, d.bucket, d.key);
                    const ds = arrive(await pack().analyzeStack([...d.all, config]));
                    if (form === "preview") {
                        // Which account the stack runs in is unknown in preview (the key's, the
                        // trail's ARN; the bucket policy computed from the key): the update judges it.
                        assert.deepStrictEqual(ds, []);
                    } else {
                        assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                        assert.deepStrictEqual(ds.map(codeOf), ["EB-LOG-004"]);
                    }
                });

                it("blocks a configuration whose destination denies uploads without encryption headers to the service too, naming both", async () => {
                    const strict = (arn: string, k: string): Document => ({ Version: "2012-10-17", Statement: [...goodPolicy(arn, k).Statement, s.allow(arn)] });
                    const d = destination(form, s.keyGrant, strict, true);
                    const config = s.config(form, d.bucket, d.key);
                    const ds = await pack().analyzeStack([...d.all, config]);
                    assert.deepStrictEqual(violations(arrive(ds)), [violation(ARRIVE, config)]);
                    assert.deepStrictEqual(arrive(ds).map(codeOf), ["EB-LOG-003"]);
                    assert.ok(arrive(ds)[0].message.includes(d.bucket.urn) && arrive(ds)[0].message.includes("DenyUnencryptedUploads"), arrive(ds)[0].message);
                });

                it("blocks a configuration whose destination's bucket policy grants the service nothing", async () => {
                    const d = destination(form, s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s, { omit: [s.allow(arn).Sid as string] }), true);
                    const config = s.config(form, d.bucket, d.key);
                    const ds = arrive(await pack().analyzeStack([...d.all, config]));
                    assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                    assert.deepStrictEqual(ds.map(codeOf), ["EB-LOG-002"]);
                });

                it("blocks the destination when its exemption lets the service write header-less for any account", async () => {
                    const d = destination(form, s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s, { omit: ["DenyUnencryptedUploadsForOtherAccounts"] }), true);
                    const config = s.config(form, d.bucket, d.key);
                    const ds = await pack().analyzeStack([...d.all, config]);
                    assert.deepStrictEqual(violations(about(ds, d.bucket)), [violation("s3-bucket-policy-enforces-cmk", d.bucket)]);
                    assert.deepStrictEqual(violations(arrive(ds)), []);
                });

                const sseS3: { name: string; document: (arn: string) => Document }[] = [
                    {
                        name: "only the service can write to",
                        document: (arn) => ({
                            Version: "2012-10-17",
                            Statement: [
                                s.allow(arn),
                                { Sid: "DenyOtherWriters", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${arn}/*`, Condition: { StringNotEquals: { "aws:PrincipalServiceName": s.principal } } },
                                { Sid: "DenyOtherSources", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${arn}/*`, Condition: { StringNotEquals: { "aws:SourceAccount": ACCOUNT } } },
                            ],
                        }),
                    },
                    { name: "anything else can write to", document: (arn) => ({ Version: "2012-10-17", Statement: [s.allow(arn)] }) },
                ];
                for (const o of sseS3) {
                    it(`blocks an SSE-S3 destination that ${o.name}: the service supports a customer-managed key`, async () => {
                        const b = bucket(form, "logs");
                        const ref = bucketRef(form, b);
                        const policy = res(BUCKET_POLICY, "logs-policy", { bucket: ref.value, policy: JSON.stringify(o.document(bucketArn(b))) }, { propertyDependencies: { bucket: ref.deps, policy: [] } });
                        const k = key(form, "trail-key", { policy: JSON.stringify(keyPolicy(s.keyGrant)) });
                        const config = s.config(form, b, k);
                        const ds = await pack().analyzeStack([b, encryptionConfig(form, b, { sseAlgorithm: "AES256" }), policy, k, config]);
                        assert.deepStrictEqual(violations(about(ds, b)), [
                            violation("s3-bucket-encrypted-with-cmk", b),
                            violation("s3-bucket-policy-enforces-cmk", b),
                        ]);
                    });
                }

                if (s.principal === CLOUDTRAIL) {
                    for (const [what, trailKey] of [["another key", OTHER_KEY_ARN], ["no key", null]] as const) {
                        it(`blocks a trail that encrypts with ${what} than its destination's, naming both`, async () => {
                            const d = destination(form, s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s));
                            const config = s.config(form, d.bucket, d.key, trailKey);
                            const ds = arrive(await pack().analyzeStack([...d.all, config]));
                            assert.deepStrictEqual(violations(ds), [violation(ARRIVE, config)]);
                            assert.deepStrictEqual(ds.map(codeOf), ["EB-LOG-005"]);
                            assert.ok(ds[0].message.includes(d.bucket.urn), ds[0].message);
                        });
                    }
                }
            });
        }
    }

    it("keeps the exemption refused on a bucket no log service of the stack delivers into", async () => {
        const s = SCHEMES[0];
        const d = destination("update", s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s));
        const ds = await pack().analyzeStack(d.all);
        assert.deepStrictEqual(violations(about(ds, d.bucket)), [violation("s3-bucket-policy-enforces-cmk", d.bucket)]);
    });

    it("keeps the exemption refused when judged alone if it lets the service write header-less for any account", async () => {
        const s = SCHEMES[0];
        const d = destination("update", s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s, { omit: ["DenyUnencryptedUploadsForOtherAccounts"] }));
        assert.deepStrictEqual(violations(mandatory(await pack().analyze(d.all[3]))), [violation("s3-bucket-policy-enforces-cmk", d.all[3])]);
    });

    it("judges an application load balancer's access logs by the Application Load Balancer row: its CMK destination cannot take them (SSE-S3 only)", async () => {
        const s = SCHEMES[4];
        const d = destination("update", s.keyGrant, (arn, k) => cmkLogPolicy(arn, k, s));
        const config = nlb("aws:lb/loadBalancer:LoadBalancer", "application")("update", d.bucket, d.key);
        const found = arrive(await pack().analyzeStack([...d.all, config]));
        assert.ok(found.length > 0 && found.every((f) => f.urn === config.urn), JSON.stringify(found));
        assert.ok(found.map(codeOf).includes("EB-LOG-001"), JSON.stringify(found));
    });
});
