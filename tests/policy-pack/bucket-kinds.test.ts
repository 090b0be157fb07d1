/**
 * Every kind of S3 bucket and every object writer, judged through the real analyzer in preview
 * and update form. What AWS documents about each kind's encryption, which these tests follow:
 * - directory buckets: SSE-KMS only with a customer-managed key, one key for the bucket's life;
 *   requiring SSE-KMS is a Deny on s3express:CreateSession when no KMS key id is sent
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-UsingKMSEncryption.html
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-data-protection.html (SSE-S3 is the default)
 * - table buckets and tables: encryptionConfiguration { sseAlgorithm: AES256 | aws:kms, kmsKeyArn };
 *   a table bucket's encryption applies to its tables unless a table overrides it
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_s3Buckets_EncryptionConfiguration.html
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_s3Buckets_CreateTableBucket.html
 * - ObjectCopy: headers in a copy request take precedence over the destination's default encryption
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 * - S3 on Outposts: no SSE-KMS; @pulumi/aws's s3control.Bucket has no encryption property at all.
 */
import * as assert from "assert";
import { EngineResource, UNKNOWN } from "../../offline/engine-resource";
import {
    ACCOUNT, BUCKET, BUCKET_V2, FORMS, Form, NATIVE_BUCKET, OTHER_KEY_ARN, REGION, bucket, bucketArn, bucketPolicy, bucketRef, compliantBucket, computed, encryptionConfig,
    codeOf, codes, goodPolicy, inlineEncryption, key, keyArnOf, mandatory, res, usePack, violation, violations,
} from "./fixtures";

const ENCRYPTED = "s3-bucket-encrypted-with-cmk";
const ENFORCED = "s3-bucket-policy-enforces-cmk";
const OBJECTS = "s3-object-encrypted-with-cmk";

const DIRECTORY = "aws:s3/directoryBucket:DirectoryBucket";
const NATIVE_DIRECTORY = "aws-native:s3express:DirectoryBucket";
const NATIVE_DIRECTORY_POLICY = "aws-native:s3express:BucketPolicy";
const TABLE_BUCKET = "aws:s3tables/tableBucket:TableBucket";
const NATIVE_TABLE_BUCKET = "aws-native:s3tables:TableBucket";
const TABLE = "aws:s3tables/table:Table";
const OBJECT_COPY = "aws:s3/objectCopy:ObjectCopy";
const OUTPOSTS_BUCKET = "aws:s3control/bucket:Bucket";

const DIR_NAME = "data--euw1-az1--x-s3";
const dirArn = (name: string) => `arn:aws:s3express:${REGION}:${ACCOUNT}:bucket/${name}`;

function directoryBucket(form: Form, name = DIR_NAME, type = DIRECTORY): EngineResource {
    const nameProp = type === NATIVE_DIRECTORY ? "bucketName" : "bucket";
    return res(type, name, { [nameProp]: name, arn: form === "preview" ? UNKNOWN.string : dirArn(name), dataRedundancy: "SingleAvailabilityZone" });
}

/** The bucket policy AWS documents for requiring SSE-KMS, narrowed to the bucket's key as AWS also documents. */
function sessionPolicy(arn: string, keyArn: string, statements = ["DenyNoKmsKey", "DenyWrongKey"]) {
    const deny = (Sid: string, Condition: Record<string, unknown>) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3express:CreateSession", Resource: arn, Condition });
    const all = [
        deny("DenyNoKmsKey", { Null: { "s3express:x-amz-server-side-encryption-aws-kms-key-id": "true" } }),
        deny("DenyWrongKey", { StringNotEquals: { "s3express:x-amz-server-side-encryption-aws-kms-key-id": keyArn } }),
        { Sid: "AllowAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "s3express:CreateSession", Resource: arn },
    ];
    return { Version: "2012-10-17", Statement: all.filter((s) => s.Sid === "AllowAccount" || statements.includes(s.Sid)) };
}

function compliantDirectoryBucket(form: Form, name = DIR_NAME): EngineResource[] {
    const k = key(form, `${name}-key`);
    const b = directoryBucket(form, name);
    return [
        k,
        b,
        encryptionConfig(form, b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf(k.name), k) }),
        bucketPolicy(form, b, sessionPolicy(dirArn(name), keyArnOf(k.name)), [k]),
    ];
}

function tableBucket(form: Form, name: string, encryption: { sseAlgorithm?: string; kmsKeyArn?: unknown; deps?: string[] } | undefined, type = TABLE_BUCKET): EngineResource {
    const [nameProp, arnProp] = type === NATIVE_TABLE_BUCKET ? ["tableBucketName", "tableBucketArn"] : ["name", "arn"];
    const arn = `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/${name}`;
    const props: Record<string, unknown> = { [nameProp]: name, [arnProp]: form === "preview" ? UNKNOWN.string : arn };
    if (encryption) {
        props.encryptionConfiguration = { sseAlgorithm: encryption.sseAlgorithm, kmsKeyArn: encryption.kmsKeyArn };
    }
    return res(type, name, props, { propertyDependencies: { encryptionConfiguration: encryption?.deps ?? [] } });
}

function table(form: Form, name: string, bucket: EngineResource, encryption?: { sseAlgorithm?: string; kmsKeyArn?: unknown; deps?: string[] }): EngineResource {
    const ref = computed(form, `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/${bucket.name}`, bucket);
    const props: Record<string, unknown> = { name, namespace: "analytics", format: "ICEBERG", tableBucketArn: ref.value };
    if (encryption) {
        props.encryptionConfiguration = { sseAlgorithm: encryption.sseAlgorithm, kmsKeyArn: encryption.kmsKeyArn };
    }
    return res(TABLE, name, props, { propertyDependencies: { tableBucketArn: ref.deps, encryptionConfiguration: encryption?.deps ?? [] } });
}

/** A table bucket whose encryption names the stack key `k`. */
function kmsTableBucket(form: Form, name: string, k: EngineResource): EngineResource {
    const arn = computed(form, keyArnOf(k.name), k);
    return tableBucket(form, name, { sseAlgorithm: "aws:kms", kmsKeyArn: arn.value, deps: arn.deps });
}

function objectCopy(form: Form, into: EngineResource, props: Record<string, unknown>, deps: Record<string, string[]> = {}): EngineResource {
    const ref = bucketRef(form, into);
    return res(OBJECT_COPY, "copy.csv", { bucket: ref.value, key: "copy.csv", source: "elsewhere/report.csv", ...props }, { propertyDependencies: { bucket: ref.deps, ...deps } });
}


/** A compliant general-purpose bucket of `type` under the stack key `k`: inline encryption and the policy narrowing uploads to `k`. */
function compliantBucketOfType(form: Form, name: string, type: string, k: EngineResource): EngineResource[] {
    const b = inlineEncryption(bucket(form, name, type), { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf(k.name), k) });
    return [k, b, bucketPolicy(form, b, goodPolicy(bucketArn(b), keyArnOf(k.name)), [k, b])];
}

describe("bucket kinds: every kind of S3 bucket and every object writer", () => {
    const pack = usePack();
    const judge = async (stack: EngineResource[]) => mandatory(await pack().analyzeStack(stack));

    /** Asserts no mandatory violation, showing the messages if there is one. */
    async function passes(stack: EngineResource[]) {
        const ds = await judge(stack);
        assert.deepStrictEqual(violations(ds), [], ds.map((d) => d.message).join("\n"));
    }

    /**
     * Asserts that `policy` fails exactly `on`, with findings of each code given (strings), and
     * findings whose words, after their codes, match each pattern.
     */
    async function blocks(stack: EngineResource[], policy: string, on: EngineResource, ...expected: Array<RegExp | string>) {
        const ds = (await judge(stack)).filter((d) => d.policyName === policy);
        assert.deepStrictEqual(violations(ds), [violation(policy, on)]);
        assert.ok(ds.every((d) => !/during preview/.test(d.message)), "a policy gave up on an unknown");
        const found = codes(ds);
        const words = ds.map((d) => d.message.slice(codeOf(d).length + 2)).join("\n");
        for (const e of expected) {
            if (typeof e === "string") {
                assert.ok(found.includes(e), `expected finding ${e}, got ${found.join(", ")}`);
            } else {
                assert.match(words, e);
            }
        }
    }

    for (const form of FORMS) {
        describe(`${form} form`, () => {
            describe("directory buckets (S3 Express One Zone)", () => {
                it("pass with SSE-KMS under a stack key and the documented CreateSession policy", async () => {
                    await passes(compliantDirectoryBucket(form));
                });

                it("are blocked with no encryption configuration (S3 applies SSE-S3)", async () => {
                    const b = directoryBucket(form);
                    await blocks([b], ENCRYPTED, b, /^directory bucket "data--euw1-az1--x-s3"/m, /declares no default encryption, so S3 applies SSE-S3/);
                });

                it("are blocked with a BucketServerSideEncryptionConfiguration saying AES256", async () => {
                    const [k, b, , policy] = compliantDirectoryBucket(form);
                    await blocks([k, b, encryptionConfig(form, b, { sseAlgorithm: "AES256" }), policy], ENCRYPTED, b, /directory bucket/, /SSE-S3 \(AES256\)/);
                });

                it("are blocked with aws:kms:dsse, which directory buckets do not have, even though allowDsse is on", async () => {
                    const [k, b, , policy] = compliantDirectoryBucket(form);
                    const dsse = encryptionConfig(form, b, { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: computed(form, keyArnOf(k.name), k) });
                    await blocks([k, b, dsse, policy], ENCRYPTED, b, /aws:kms:dsse/, /Expected SSE-KMS \(aws:kms\) with/);
                });

                it("are blocked as aws-native s3express DirectoryBucket with no encryption", async () => {
                    const b = directoryBucket(form, DIR_NAME, NATIVE_DIRECTORY);
                    await blocks([b], ENCRYPTED, b, /^directory bucket "data--euw1-az1--x-s3"/m);
                });

                it("pass as aws-native with bucketEncryption and an aws-native s3express BucketPolicy", async () => {
                    const k = key(form, "native-key");
                    const keyArn = computed(form, keyArnOf(k.name), k);
                    const b = { ...directoryBucket(form, DIR_NAME, NATIVE_DIRECTORY) };
                    b.properties = { ...b.properties, bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn.value } }] } };
                    b.propertyDependencies = { bucketEncryption: keyArn.deps };
                    const arn = form === "preview" ? UNKNOWN.string : dirArn(DIR_NAME);
                    // aws-native keeps the document as an object, ARNs unknown in preview (AWS::S3Express::BucketPolicy PolicyDocument).
                    const ref = bucketRef(form, b);
                    const policy = res(NATIVE_DIRECTORY_POLICY, "native-policy", {
                        bucket: ref.value,
                        policyDocument: sessionPolicy(arn, form === "preview" ? UNKNOWN.string : keyArnOf(k.name)),
                    }, { propertyDependencies: { bucket: ref.deps, policyDocument: [b.urn, k.urn] } });
                    await passes([k, b, policy]);
                });

                it("are blocked without a bucket policy, naming CreateSession", async () => {
                    const [k, b, sse] = compliantDirectoryBucket(form);
                    await blocks([k, b, sse], ENFORCED, b, /^directory bucket/m, /it has no bucket policy/, /s3express:CreateSession/);
                });

                if (form === "update") {
                    it("are blocked with a general-purpose (s3:PutObject) policy, which no directory-bucket write is judged by", async () => {
                        const [k, b, sse] = compliantDirectoryBucket(form);
                        const wrongDialect = {
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${dirArn(DIR_NAME)}/*`, Condition: { Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } } }],
                        };
                        const policy = bucketPolicy(form, b, wrongDialect, [k]);
                        await blocks([k, b, sse, policy], ENFORCED, b, /does not deny CreateSession requests that ask for SSE-S3 \(AES256\); that send no encryption header/);
                        const alone = (await pack().analyze(policy)).filter((d) => d.policyName === ENFORCED);
                        assert.deepStrictEqual(violations(alone), [violation(ENFORCED, policy)], "judged alone before the update applies it");
                        assert.match(alone[0].message, /for directory bucket "data--euw1-az1--x-s3"/);
                    });

                    it("are blocked when the Deny names another directory bucket", async () => {
                        const [k, b, sse] = compliantDirectoryBucket(form);
                        const policy = bucketPolicy(form, b, sessionPolicy(dirArn("other--euw1-az1--x-s3"), keyArnOf(k.name)), [k]);
                        await blocks([k, b, sse, policy], ENFORCED, b, /does not deny CreateSession requests/);
                    });

                    it("pass the documented policy judged alone, and one naming it with wildcards for region and account", async () => {
                        const [k, b, , policy] = compliantDirectoryBucket(form);
                        assert.deepStrictEqual(violations((await pack().analyze(policy)).filter((d) => d.policyName === ENFORCED)), []);
                        const byName = bucketPolicy(form, b, sessionPolicy(`arn:aws:s3express:*:*:bucket/${DIR_NAME}`, keyArnOf(k.name)), [k]);
                        assert.deepStrictEqual(violations((await pack().analyze(byName)).filter((d) => d.policyName === ENFORCED)), []);
                        const otherName = bucketPolicy(form, b, sessionPolicy(`arn:aws:s3express:*:*:bucket/other--euw1-az1--x-s3`, keyArnOf(k.name)), [k]);
                        assert.strictEqual((await pack().analyze(otherName)).filter((d) => d.policyName === ENFORCED).length, 1, "another bucket's name denies nothing here");
                    });
                }
            });

            describe("table buckets and tables (S3 Tables)", () => {
                it("pass: a table bucket under a stack key, with a table that inherits it", async () => {
                    const k = key(form, "tables-key");
                    const tb = kmsTableBucket(form, "analytics", k);
                    await passes([k, tb, table(form, "events", tb)]);
                });

                const bad: { name: string; encryption: () => Parameters<typeof tableBucket>[2]; message: RegExp }[] = [
                    { name: "AES256", encryption: () => ({ sseAlgorithm: "AES256" }), message: /SSE-S3 \(AES256\)/ },
                    { name: "no encryption configuration", encryption: () => undefined, message: /declares no default encryption, so S3 applies SSE-S3/ },
                    { name: "another account's key", encryption: () => ({ sseAlgorithm: "aws:kms", kmsKeyArn: OTHER_KEY_ARN }), message: /matches no allowedKeyArns/ },
                ];
                for (const b of bad) {
                    it(`block a table bucket with ${b.name}`, async () => {
                        const tb = tableBucket(form, "analytics", b.encryption());
                        await blocks([tb], ENCRYPTED, tb, /^table bucket "analytics"/m, b.message);
                    });
                }

                it("block a table bucket whose encryption the provider reports but the program never declared (unknown, computed from nothing)", async () => {
                    const tb = res(TABLE_BUCKET, "analytics", { name: "analytics", encryptionConfiguration: UNKNOWN.object });
                    await blocks([tb], ENCRYPTED, tb, /declares no default encryption/);
                });

                it("block a table overriding its bucket's key with AES256", async () => {
                    const k = key(form, "tables-key");
                    const tb = kmsTableBucket(form, "analytics", k);
                    const t = table(form, "events", tb, { sseAlgorithm: "AES256" });
                    await blocks([k, tb, t], ENCRYPTED, t, /^table "events"/m, /SSE-S3 \(AES256\)/);
                });

                it("block a table with no encryption in a table bucket not declared in the stack", async () => {
                    const t = res(TABLE, "events", { name: "events", namespace: "analytics", tableBucketArn: `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/elsewhere` });
                    await blocks([t], ENCRYPTED, t, /^table "events"/m, /nothing known ties it to a table bucket of this stack/);
                });

                it("block an aws-native s3tables TableBucket with AES256", async () => {
                    const tb = tableBucket(form, "analytics", { sseAlgorithm: "AES256" }, NATIVE_TABLE_BUCKET);
                    await blocks([tb], ENCRYPTED, tb, /^table bucket "analytics"/m);
                });
            });

            describe("ObjectCopy", () => {
                const stack = () => compliantBucket(form, "data");
                // A copy asking for nothing: refused at apply by a strict policy, passed under a lenient one (refused-uploads.test.ts).
                it("passes a copy that asks for its bucket's key", async () => {
                    const s = stack();
                    const k = computed(form, keyArnOf("data-key"), s[0]);
                    await passes([...s, objectCopy(form, s[1], { serverSideEncryption: "aws:kms", kmsKeyId: k.value }, { kmsKeyId: k.deps })]);
                });

                const bad: { name: string; props: Record<string, unknown>; message: RegExp }[] = [
                    { name: "AES256", props: { serverSideEncryption: "AES256" }, message: /SSE-S3 \(AES256\)/ },
                    { name: "another key", props: { serverSideEncryption: "aws:kms", kmsKeyId: OTHER_KEY_ARN }, message: /instead of its bucket's key/ },
                    { name: "SSE-C", props: { customerAlgorithm: "AES256", customerKey: "secret" }, message: /customer-provided key \(SSE-C/ },
                ];
                for (const b of bad) {
                    it(`blocks a copy into a CMK bucket asking for ${b.name}`, async () => {
                        const s = stack();
                        const copy = objectCopy(form, s[1], b.props);
                        await blocks([...s, copy], OBJECTS, copy, /^object copy copy\.csv/m, b.message);
                    });
                }

                it("passes a copy into a directory bucket asking for aws:kms without a key id (S3 then uses the bucket's key)", async () => {
                    const s = compliantDirectoryBucket(form);
                    await passes([...s, objectCopy(form, s[1], { serverSideEncryption: "aws:kms" })]);
                });

                it("blocks a copy into a directory bucket asking for another key", async () => {
                    const s = compliantDirectoryBucket(form);
                    const copy = objectCopy(form, s[1], { serverSideEncryption: "aws:kms", kmsKeyId: OTHER_KEY_ARN });
                    await blocks([...s, copy], OBJECTS, copy, /instead of its bucket's key/);
                });
            });

            describe("vector buckets and indexes (S3 Vectors), S3 Metadata tables, S3 Files file systems", () => {
                const VECTOR_BUCKET = "aws:s3/vectorsVectorBucket:VectorsVectorBucket";
                const VECTOR_INDEX = "aws:s3/vectorsIndex:VectorsIndex";
                const encryptionList = (form: Form, k: EngineResource) => {
                    const arn = computed(form, keyArnOf(k.name), k);
                    return { value: [{ sseType: "aws:kms", kmsKeyArn: arn.value }], deps: arn.deps };
                };
                const vectorBucket = (form: Form, k?: EngineResource) => {
                    const enc = k ? encryptionList(form, k) : undefined;
                    return res(VECTOR_BUCKET, "embeddings", { vectorBucketName: "embeddings", ...(enc ? { encryptionConfigurations: enc.value } : {}) }, {
                        propertyDependencies: { encryptionConfigurations: enc?.deps ?? [] },
                    });
                };
                const index = (form: Form, vb: EngineResource, props: Record<string, unknown> = {}) => {
                    const ref = computed(form, "embeddings", vb);
                    return res(VECTOR_INDEX, "docs", { indexName: "docs", vectorBucketName: ref.value, dimension: 1024, ...props }, { propertyDependencies: { vectorBucketName: ref.deps } });
                };

                it("pass: a vector bucket under a stack key, with an index that inherits it", async () => {
                    const k = key(form, "vectors-key");
                    const vb = vectorBucket(form, k);
                    await passes([k, vb, index(form, vb)]);
                });

                it("block a vector bucket with no encryption, and an index asking for AES256", async () => {
                    const vb = vectorBucket(form);
                    await blocks([vb], ENCRYPTED, vb, /^vector bucket "embeddings"/m, /declares no default encryption, so S3 applies SSE-S3/);
                    const k = key(form, "vectors-key");
                    const good = vectorBucket(form, k);
                    const aes = index(form, good, { encryptionConfigurations: [{ sseType: "AES256" }] });
                    await blocks([k, good, aes], ENCRYPTED, aes, /^vector index "docs"/m, /SSE-S3 \(AES256\)/);
                });

                it("block S3 Metadata with an inventory table left to SSE-S3, and pass it with the stack key on both tables", async () => {
                    const k = key(form, "meta-key");
                    const arn = computed(form, keyArnOf(k.name), k);
                    const table = (encrypted: boolean) => ({ configurationState: "ENABLED", ...(encrypted ? { encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: arn.value } } : {}) });
                    const meta = (inventoryEncrypted: boolean) => res("aws:s3/bucketMetadataConfiguration:BucketMetadataConfiguration", "meta", {
                        bucket: "data",
                        metadataConfiguration: { journalTableConfiguration: { ...table(true), recordExpiration: { expiration: "DISABLED" } }, inventoryTableConfiguration: table(inventoryEncrypted) },
                    }, { propertyDependencies: { metadataConfiguration: arn.deps } });
                    const bad = meta(false);
                    await blocks([k, bad], ENCRYPTED, bad, /^S3 Metadata configuration/m, "EB-ENC-006", /the inventoryTableConfiguration of its metadataConfiguration declares no encryption, so S3 applies SSE-S3/);
                    await passes([k, meta(true)]);
                });

                it("block an S3 Files file system without a customer-managed key", async () => {
                    const fsys = res("aws:s3/filesFileSystem:FilesFileSystem", "shared", { bucket: "data", name: "shared", kmsKeyId: form === "preview" ? UNKNOWN.string : undefined });
                    await blocks([fsys], ENCRYPTED, fsys, /^S3 Files file system "shared"/m, /a key AWS owns/);
                });
            });

            describe("writers into other buckets with their own encryption choice", () => {
                const withKey = (form: Form, k: EngineResource) => computed(form, keyArnOf(k.name), k);
                const inventory = (encryption: unknown, deps: string[] = []) => res("aws:s3/inventory:Inventory", "weekly", {
                    bucket: "data",
                    name: "weekly",
                    destination: { bucket: { bucketArn: "arn:aws:s3:::reports", format: "CSV", ...(encryption === undefined ? {} : { encryption }) } },
                }, { propertyDependencies: { destination: deps } });

                it("pass an S3 Inventory that asks for nothing (the destination's default applies) or for a stack key", async () => {
                    const k = key(form, "reports-key");
                    const arn = withKey(form, k);
                    await passes([k, inventory(undefined), { ...inventory({ sseKms: { keyId: arn.value } }, arn.deps), urn: "urn:pulumi:test::proj::aws:s3/inventory:Inventory::weekly-kms" }]);
                });

                it("block an S3 Inventory asking for SSE-S3 or another account's key", async () => {
                    const sseS3 = inventory({ sseS3: {} });
                    await blocks([sseS3], ENCRYPTED, sseS3, /^S3 Inventory configuration weekly/m, "EB-SSE-001", /SSE-S3 \(AES256\)/);
                    const other = inventory({ sseKms: { keyId: OTHER_KEY_ARN } });
                    await blocks([other], ENCRYPTED, other, /matches no allowedKeyArns/);
                });

                it("block a Storage Lens table export with no encryption, and pass its bucket export under a stack key", async () => {
                    const k = key(form, "lens-key");
                    const arn = withKey(form, k);
                    const lens = (tableExport: boolean) => res("aws:s3control/storageLensConfiguration:StorageLensConfiguration", tableExport ? "lens-table" : "lens", {
                        configId: "org",
                        storageLensConfiguration: {
                            enabled: true,
                            dataExport: {
                                s3BucketDestination: { accountId: ACCOUNT, arn: "arn:aws:s3:::lens", format: "CSV", outputSchemaVersion: "V_1", encryption: { sseKms: { keyId: arn.value } } },
                                ...(tableExport ? { storageLensTableDestination: { enabled: true } } : {}),
                            },
                        },
                    }, { propertyDependencies: { storageLensConfiguration: arn.deps } });
                    await passes([k, lens(false)]);
                    const bad = lens(true);
                    await blocks([k, bad], ENCRYPTED, bad, /^Storage Lens configuration lens-table/m, "EB-ENC-006", /table export of its storageLensConfiguration declares no encryption/);
                });

                it("block replication whose replicas go under another account's key, and pass the stack key", async () => {
                    const k = key(form, "replica-key");
                    const replication = (keyId: unknown, deps: string[], name: string) => res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", name, {
                        bucket: "data",
                        role: `arn:aws:iam::${ACCOUNT}:role/replication`,
                        rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", encryptionConfiguration: { replicaKmsKeyId: keyId } } }],
                    }, { propertyDependencies: { rules: deps } });
                    const arn = withKey(form, k);
                    await passes([k, replication(arn.value, arn.deps, "replication")]);
                    const bad = replication(OTHER_KEY_ARN, [], "replication-elsewhere");
                    await blocks([k, bad], ENCRYPTED, bad, /^replication configuration replication-elsewhere/m, "EB-KEY-007", /matches no allowedKeyArns/);
                });
            });

            describe("S3 Tables replication (replicas' encryption is undocumented: source and destinations must be this stack's)", () => {
                const TBR = "aws:s3tables/tableBucketReplication:TableBucketReplication";
                const TR = "aws:s3tables/tableReplication:TableReplication";
                const tbArn = (name: string) => `arn:aws:s3tables:${REGION}:${ACCOUNT}:bucket/${name}`;
                const FOREIGN = `arn:aws:s3tables:${REGION}:444455556666:bucket/dr-copy`;
                /** A replication of `source` (table bucket or table) into `destinations`, each an ARN computed from a stack resource or a plain ARN. */
                const replication = (type: string, name: string, source: { value: unknown; deps: string[] }, destinations: Array<{ value: unknown; deps: string[] }>) =>
                    res(type, name, {
                        [type === TBR ? "tableBucketArn" : "tableArn"]: source.value,
                        role: `arn:aws:iam::${ACCOUNT}:role/tables-replication`,
                        rule: { destinations: destinations.map((d) => ({ destinationTableBucketArn: d.value })) },
                    }, { propertyDependencies: { [type === TBR ? "tableBucketArn" : "tableArn"]: source.deps, rule: destinations.flatMap((d) => d.deps) } });
                const arnOf = (b: EngineResource) => computed(form, tbArn(b.name), b);
                const plain = (value: string) => ({ value, deps: [] as string[] });

                it("pass a table bucket replicated into two table buckets of the stack, each under a stack key", async () => {
                    const k = key(form, "tables-key");
                    const [src, east, west] = ["analytics", "analytics-east", "analytics-west"].map((n) => kmsTableBucket(form, n, k));
                    await passes([k, src, east, west, replication(TBR, "dr", arnOf(src), [arnOf(east), arnOf(west)])]);
                });

                it("pass one table replicated into a table bucket of the stack", async () => {
                    const k = key(form, "tables-key");
                    const [src, dst] = ["analytics", "analytics-dr"].map((n) => kmsTableBucket(form, n, k));
                    const tableArn = `${tbArn(src.name)}/table/0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0`;
                    const t = table(form, "events", src);
                    const withArn = { ...t, properties: { ...t.properties, arn: form === "preview" ? UNKNOWN.string : tableArn } };
                    await passes([k, src, dst, withArn, replication(TR, "events-dr", computed(form, tableArn, withArn), [arnOf(dst)])]);
                });

                it("block replication into a table bucket of another account, naming it and why", async () => {
                    const k = key(form, "tables-key");
                    const src = kmsTableBucket(form, "analytics", k);
                    const r = replication(TBR, "dr", arnOf(src), [plain(FOREIGN)]);
                    await blocks([k, src, r], ENCRYPTED, r, /^table bucket replication dr/m, new RegExp(`replicates tables into "${FOREIGN}", which is not a table bucket this stack declares`),
                        "EB-ENC-010", /AWS does not document which encryption a replica table gets/, /Expected the source and every destination declared in this stack/);
                });

                it("block replication of a table bucket this stack does not declare", async () => {
                    const k = key(form, "tables-key");
                    const dst = kmsTableBucket(form, "analytics-dr", k);
                    const r = replication(TBR, "dr", plain(tbArn("somebody-elses")), [arnOf(dst)]);
                    await blocks([k, dst, r], ENCRYPTED, r, /its source "arn:aws:s3tables:[^"]*somebody-elses" is not a table bucket this stack declares/);
                });

                it("block a destination computed from something besides the stack's table buckets", async () => {
                    const k = key(form, "tables-key");
                    const [src, dst] = ["analytics", "analytics-dr"].map((n) => kmsTableBucket(form, n, k));
                    const other = res("pulumi:pulumi:StackReference", "shared", { outputs: {} });
                    const mixed = { value: form === "preview" ? UNKNOWN.string : FOREIGN, deps: [dst.urn, other.urn] };
                    const r = replication(TBR, "dr", arnOf(src), [mixed]);
                    await blocks([k, src, dst, other, r], ENCRYPTED, r, /replicates tables into/);
                });

                it("block an aws-native TableBucket replicating into a table bucket outside the stack, and pass one replicating into the stack's", async () => {
                    const k = key(form, "tables-key");
                    const dst = kmsTableBucket(form, "analytics-dr", k);
                    const native = (name: string, into: { value: unknown; deps: string[] }) => {
                        const arn = computed(form, keyArnOf(k.name), k);
                        return res(NATIVE_TABLE_BUCKET, name, {
                            tableBucketName: name,
                            tableBucketArn: form === "preview" ? UNKNOWN.string : tbArn(name),
                            encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: arn.value },
                            replicationConfiguration: { role: `arn:aws:iam::${ACCOUNT}:role/tables-replication`, rules: [{ destinations: [{ destinationTableBucketArn: into.value }] }] },
                        }, { propertyDependencies: { encryptionConfiguration: arn.deps, replicationConfiguration: into.deps } });
                    };
                    await passes([k, dst, native("analytics", arnOf(dst))]);
                    const bad = native("analytics", plain(FOREIGN));
                    await blocks([k, dst, bad], ENCRYPTED, bad, /^table bucket "analytics"/m, /replicates tables into/);
                });
            });

            describe("replicas and metadata tables declared inline on a general-purpose bucket", () => {
                const inlineReplication: Record<string, (keyId: unknown) => Record<string, unknown>> = {
                    [BUCKET]: (keyId) => ({ replicationConfiguration: { role: "r", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", replicaKmsKeyId: keyId } }] } }),
                    [BUCKET_V2]: (keyId) => ({ replicationConfigurations: [{ role: "r", rules: [{ status: "Enabled", destinations: [{ bucket: "arn:aws:s3:::replica", replicaKmsKeyId: keyId }] }] }] }),
                    [NATIVE_BUCKET]: (keyId) => ({ replicationConfiguration: { role: "r", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", encryptionConfiguration: { replicaKmsKeyId: keyId } } }] } }),
                };
                for (const [type, props] of Object.entries(inlineReplication)) {
                    it(`${type}: blocks replicas under another account's key, and passes them under a stack key`, async () => {
                        const k = key(form, "replica-key");
                        const property = Object.keys(props(undefined))[0];
                        const arn = computed(form, keyArnOf(k.name), k);
                        const withReplication = (name: string, keyId: { value: unknown; deps: string[] }) => {
                            const [kk, b, ...rest] = compliantBucketOfType(form, name, type, k);
                            return [kk, { ...b, properties: { ...b.properties, ...props(keyId.value) }, propertyDependencies: { ...b.propertyDependencies, [property]: keyId.deps } }, ...rest];
                        };
                        await passes(withReplication("data", arn));
                        const bad = withReplication("data", { value: OTHER_KEY_ARN, deps: [] });
                        await blocks(bad, ENCRYPTED, bad[1], /^general-purpose bucket "data"/m, "EB-KEY-007",
                            new RegExp(`its ${property}[^ ]*replicaKmsKeyId uses the key ${OTHER_KEY_ARN.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, which matches no allowedKeyArns`));
                    });
                }

                it("aws-native Bucket: blocks a journal table left to SSE-S3 and an annotation table with no encryption declared", async () => {
                    const k = key(form, "meta-key");
                    const [kk, b, ...rest] = compliantBucketOfType(form, "data", NATIVE_BUCKET, k);
                    const arn = computed(form, keyArnOf(k.name), k);
                    const meta = (journal: Record<string, unknown>) => ({
                        ...b,
                        properties: { ...b.properties, metadataConfiguration: { journalTableConfiguration: journal, annotationTableConfiguration: { configurationState: "ENABLED" } } },
                        propertyDependencies: { ...b.propertyDependencies, metadataConfiguration: arn.deps },
                    });
                    const bad = meta({ recordExpiration: { expiration: "DISABLED" } });
                    await blocks([kk, bad, ...rest], ENCRYPTED, bad, "EB-ENC-006",
                        /journalTableConfiguration of its metadataConfiguration declares no encryption, so S3 applies SSE-S3/, /annotationTableConfiguration of its metadataConfiguration declares no encryption, so nothing known says which key protects it/);
                });
            });

            describe("an encryption configuration for a bucket this stack does not declare", () => {
                it("is judged on its own: AES256 is blocked, a stack key passes", async () => {
                    const k = key(form, "shared-key");
                    const outside = res(BUCKET, "existing-bucket", { bucket: "existing-bucket" });
                    const sseS3 = encryptionConfig("update", outside, { sseAlgorithm: "AES256" });
                    await blocks([sseS3], ENCRYPTED, sseS3, /^encryption configuration existing-bucket-encryption, for the bucket "existing-bucket", which this stack does not declare/m, "EB-SSE-001", /: it uses SSE-S3 \(AES256\)/);
                    await passes([k, encryptionConfig("update", outside, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed(form, keyArnOf(k.name), k) })]);
                });
            });

            it("blocks an S3 on Outposts bucket, saying it cannot use a customer-managed key and what to do", async () => {
                const b = res(OUTPOSTS_BUCKET, "edge", { bucket: "edge", outpostId: "op-0123456789abcdef0" });
                await blocks([b], ENCRYPTED, b, /^S3 on Outposts bucket "edge"/m, /not SSE-KMS/, /general-purpose or directory bucket encrypted with a customer-managed key/);
            });
        });
    }

    describe("config applies to every kind alike", () => {
        afterEach(() => pack().configure({}));

        it("allowStackKeys: false blocks directory and table buckets under a stack key; allowedKeyArns lets an external key through", async () => {
            await pack().configure({ [ENCRYPTED]: { allowStackKeys: false } });
            const dir = compliantDirectoryBucket("update");
            const k = key("update", "tables-key");
            const tb = kmsTableBucket("update", "analytics", k);
            const blocked = (await judge([...dir, k, tb])).filter((d) => d.policyName === ENCRYPTED);
            assert.deepStrictEqual(violations(blocked), [violation(ENCRYPTED, dir[1]), violation(ENCRYPTED, tb)].sort());
            assert.ok(blocked.every((d) => /allowStackKeys is false/.test(d.message)));

            const external = tableBucket("update", "shared", { sseAlgorithm: "aws:kms", kmsKeyArn: OTHER_KEY_ARN });
            assert.strictEqual((await judge([external])).length, 1);
            await pack().configure({ [ENCRYPTED]: { allowedKeyArns: [OTHER_KEY_ARN] } });
            await passes([external]);
        });
    });

    it("a bucket policy naming a table bucket's name links to no general-purpose bucket of the same name", async () => {
        const tb = tableBucket("update", "data", { sseAlgorithm: "AES256" });
        const gp = compliantBucket("update", "data");
        const ds = await judge([tb, ...gp]);
        assert.deepStrictEqual(violations(ds), [violation(ENCRYPTED, tb)]);
    });
});
