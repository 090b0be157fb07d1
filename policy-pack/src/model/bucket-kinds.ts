/**
 * Every kind of S3 storage the pack judges, and every resource that writes objects into it: ONE
 * table from type token to how to read it. The policies never test a type token themselves; they
 * ask this table what a kind is called, where its encryption lives, whether it can meet the rule
 * at all, and which dialect its bucket policy speaks. Sources for each entry: docs/bucket-kinds.md.
 */
import { KeyIndex } from "./keys";
import {
    ChoiceNames, Destination, EncryptionSource, encryptionChoiceReader, encryptionObjectReader, keyPropertyReader, readMetadataTablesEncryption, replicaKeysReader,
    readBucketInlineEncryption, readBucketV2InlineEncryption, readNativeBucketEncryption,
} from "./encryption";
import { Resource } from "./resource";
import { Value, field } from "../known";
import { TYPES } from "../resource-types";

/**
 * The language of a bucket policy that can force uploads onto the bucket's key: general-purpose
 * buckets judge `s3:PutObject` with `s3:` header keys; directory buckets judge
 * `s3express:CreateSession` with `s3express:` keys (every write needs a session).
 */
export type PolicyDialect = "s3" | "s3express";

export type EncryptionReader = (r: Resource, keys: KeyIndex) => EncryptionSource | undefined;

/**
 * Data a resource has S3 write somewhere else under an encryption it names itself (replicas,
 * metadata tables): judged like default encryption, but never the key the resource's own bucket
 * policy narrows uploads to.
 */
export interface WriteSpec {
    /** The property holding it, read by `read` only. */
    property: string;
    read: EncryptionReader;
}

/**
 * Where S3 Tables replicates a resource's tables. Replication takes no encryption setting, and AWS
 * does not document which encryption a replica table gets (only that encrypting replicas with KMS
 * needs a key in the destination Region:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-replication-setting-up.html).
 * So the pack bets on neither the destination's default nor the source's encryption: every
 * destination, and the source, must be one this stack declares, each judged as its kind.
 */
export interface Replication {
    property: string;
    /** Path inside `property` to each destination's ARN ("[]" steps into a list), and the kind it must be. */
    destinations: { path: readonly string[]; label: string };
    /** Where the source is named; absent when the resource is its own source (a table bucket's inline configuration). */
    source?: { field: string; label: string };
}

/** Where S3 Tables replicates into: table buckets, never single tables. */
const INTO_TABLE_BUCKETS = (path: readonly string[]): Replication["destinations"] => ({ path, label: "table bucket" });

export interface BucketKind {
    /** Names the kind in messages: "directory bucket", "table", ... */
    label: string;
    /** Properties read, besides those named below. */
    fields: readonly string[];
    /** Where its name may be, first known wins. */
    nameFields: readonly string[];
    /** Where its ARN is, on the kinds that have one. */
    arnField?: string;
    /**
     * Set where its ARN is `arn:<partition>:s3:::<name>`, so follows from its name alone
     * (general-purpose buckets); other kinds' ARNs also carry a region and an account.
     */
    arnFromName?: boolean;
    /** The deprecated inline bucket policy property, on the provider types that have one. */
    inlinePolicy?: string;
    /** Encryption declared on the resource itself; `undefined` when it declares none. */
    readEncryption?: EncryptionReader;
    writes?: readonly WriteSpec[];
    replicates?: Replication;
    /** Whether `BucketServerSideEncryptionConfiguration` resources configure it. */
    splitEncryption: boolean;
    /**
     * What S3 does when nothing is declared, completing "it declares no default encryption, so ...";
     * `undefined` for writers whose data then takes its destination's default encryption, judged there.
     */
    undeclared?: string;
    /**
     * A container (a table's table bucket) whose encryption it takes when it declares none; found
     * by this property, which holds the container's ARN or name.
     */
    inheritsFrom?: { field: string; label: string };
    /** Whether DSSE-KMS exists for this kind: `allowDsse` can only widen what the kind has. */
    dsse: boolean;
    /** The dialect of its bucket policy, when uploads can choose their own encryption; otherwise none is required. */
    policyDialect?: PolicyDialect;
    /**
     * Set where S3 encrypts a write that asks for `aws:kms` without a key id under the bucket's own
     * default customer-managed key, not under the AWS-managed `aws/s3` key. AWS documents this for
     * directory buckets only:
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-UsingKMSEncryption.html
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
     */
    kmsWithoutKeyIdUsesBucketKey?: boolean;
    /** Set when no declaration can meet the rule: why, and what to do instead. */
    cannotComply?: string;
}

const S3_DEFAULT = "S3 applies SSE-S3 (AES256)";

/** `inline` is the property its `read` takes the bucket's own encryption from, in this provider's shape. */
const generalPurpose = (inline: string, read: EncryptionReader, nameField: string, writes: readonly WriteSpec[], inlinePolicy?: string): BucketKind => ({
    label: "general-purpose bucket",
    fields: [inline],
    nameFields: [nameField],
    arnField: "arn",
    arnFromName: true,
    inlinePolicy,
    readEncryption: read,
    writes,
    splitEncryption: true,
    undeclared: S3_DEFAULT,
    dsse: true,
    policyDialect: "s3",
});

/** `inline`: aws-native's own encryption block; @pulumi/aws's DirectoryBucket has none (split resources only). */
const directory = (inline: { property: string; read: EncryptionReader } | undefined, nameField: string): BucketKind => ({
    label: "directory bucket",
    fields: inline ? [inline.property] : [],
    nameFields: [nameField],
    arnField: "arn",
    readEncryption: inline?.read,
    splitEncryption: true,
    undeclared: S3_DEFAULT,
    dsse: false,
    policyDialect: "s3express",
    kmsWithoutKeyIdUsesBucketKey: true,
});

const TABLE_ENCRYPTION = encryptionObjectReader("encryptionConfiguration", "sseAlgorithm", "kmsKeyArn");

const tableBucket = (nameField: string, arnField: string, replicates?: Replication): BucketKind => ({
    label: "table bucket",
    fields: ["encryptionConfiguration"],
    nameFields: [nameField],
    arnField,
    readEncryption: TABLE_ENCRYPTION,
    splitEncryption: false,
    undeclared: S3_DEFAULT,
    dsse: false,
    replicates,
});

/** S3 Tables replication of a whole table bucket, or of one table, configured as its own resource. */
const tableReplication = (label: string, source: { field: string; label: string }): BucketKind => ({
    label,
    fields: [],
    nameFields: [],
    splitEncryption: false,
    dsse: false,
    replicates: { property: "rule", destinations: INTO_TABLE_BUCKETS(["destinations", "[]", "destinationTableBucketArn"]), source },
});

/** `ownEncryption`: whether the provider lets a table override its bucket's (aws-native's Table has no such property). */
const table = (nameField: string, arnField: string, bucketField: string, ownEncryption: boolean): BucketKind => ({
    label: "table",
    fields: ownEncryption ? ["encryptionConfiguration"] : [],
    nameFields: [nameField],
    arnField,
    readEncryption: ownEncryption ? TABLE_ENCRYPTION : undefined,
    splitEncryption: false,
    undeclared: "S3 Tables applies its table bucket's encryption",
    inheritsFrom: { field: bucketField, label: "table bucket" },
    dsse: false,
});

// @pulumi/aws holds S3 Vectors' encryption in a list, aws-native (CloudFormation) in one object.
const vectorBucket = (property: string, nameField: string, arnField: string): BucketKind => ({
    label: "vector bucket",
    fields: [property],
    nameFields: [nameField],
    arnField,
    readEncryption: encryptionObjectReader(property, "sseType", "kmsKeyArn"),
    splitEncryption: false,
    undeclared: S3_DEFAULT,
    dsse: false,
});

const vectorIndex = (property: string, nameField: string, arnField: string): BucketKind => ({
    label: "vector index",
    fields: [property],
    nameFields: [nameField],
    arnField,
    readEncryption: encryptionObjectReader(property, "sseType", "kmsKeyArn"),
    splitEncryption: false,
    undeclared: "S3 Vectors applies its vector bucket's encryption",
    inheritsFrom: { field: "vectorBucketName", label: "vector bucket" },
    dsse: false,
});

const writer = (label: string, property: string, read: BucketKind["readEncryption"], arnField?: string): BucketKind => ({
    label,
    fields: [property],
    nameFields: [],
    arnField,
    readEncryption: read,
    splitEncryption: false,
    dsse: false,
});

const OUTPOSTS = "S3 on Outposts buckets take no default-encryption setting this stack could declare, and AWS documents "
    + "SSE-S3 (and per-request SSE-C) for them, not SSE-KMS, so no customer-managed key can protect their objects. "
    + "Keep this data in a general-purpose or directory bucket encrypted with a customer-managed key, "
    + "or, if it must stay on the Outpost, exempt this resource from the policy deliberately";

const filesFileSystem = (nameFields: string[], arnField: string): BucketKind => ({
    label: "S3 Files file system",
    fields: ["kmsKeyId"],
    nameFields,
    arnField,
    readEncryption: keyPropertyReader("kmsKeyId"),
    splitEncryption: false,
    undeclared: "its data is encrypted with a key AWS owns",
    dsse: false,
});

/**
 * Storage Lens exports, as each provider spells them: metrics and expanded-prefix metrics, each to
 * a bucket and to an S3 Tables table; an enabled table export with no choice goes to an
 * AWS-managed table whose key nobody declared.
 */
function storageLensExports(enabled: string, names?: ChoiceNames): EncryptionReader {
    const table = (d: Value) => field(d, enabled) !== false;
    const exports = (root: string, what: string): Destination[] => [
        { path: [root, "s3BucketDestination"], what: `${what} bucket export` },
        { path: [root, "storageLensTableDestination"], what: `${what} table export`, needsChoice: table },
    ];
    return encryptionChoiceReader("storageLensConfiguration", [...exports("dataExport", "metrics"), ...exports("expandedPrefixesDataExport", "expanded-prefixes")], names);
}

const outposts = (nameField: string): BucketKind => ({
    label: "S3 on Outposts bucket",
    fields: [],
    nameFields: [nameField],
    arnField: "arn",
    splitEncryption: false,
    undeclared: S3_DEFAULT,
    dsse: false,
    cannotComply: OUTPOSTS,
});

const REPLICA_KEYS_AT_RULE = ["destination", "encryptionConfiguration", "replicaKmsKeyId"];

/** Replicas a bucket declares inline, under the keys at `keyPath` inside `property`. */
const inlineReplicas = (property: string, keyPath: readonly string[], what: string): WriteSpec => ({ property, read: replicaKeysReader(property, keyPath, what) });

/** Type token -> kind. */
export const BUCKET_KINDS: ReadonlyMap<string, BucketKind> = new Map<string, BucketKind>([
    [TYPES.bucket, generalPurpose("serverSideEncryptionConfiguration", readBucketInlineEncryption, "bucket", [
        inlineReplicas("replicationConfiguration", ["rules", "[]", "destination", "replicaKmsKeyId"], "its inline replicationConfiguration"),
    ], "policy")],
    [TYPES.bucketV2, generalPurpose("serverSideEncryptionConfigurations", readBucketV2InlineEncryption, "bucket", [
        inlineReplicas("replicationConfigurations", ["[]", "rules", "[]", "destinations", "[]", "replicaKmsKeyId"], "its inline replicationConfigurations"),
    ], "policy")],
    // CloudFormation's AWS::S3::Bucket has no policy property: its policies are AWS::S3::BucketPolicy.
    [TYPES.nativeBucket, generalPurpose("bucketEncryption", readNativeBucketEncryption, "bucketName", [
        inlineReplicas("replicationConfiguration", ["rules", "[]", ...REPLICA_KEYS_AT_RULE], "its replicationConfiguration"),
        { property: "metadataConfiguration", read: readMetadataTablesEncryption },
    ])],
    ["aws:s3/directoryBucket:DirectoryBucket", directory(undefined, "bucket")],
    ["aws-native:s3express:DirectoryBucket", directory({ property: "bucketEncryption", read: readNativeBucketEncryption }, "bucketName")],
    ["aws:s3tables/tableBucket:TableBucket", tableBucket("name", "arn")],
    ["aws-native:s3tables:TableBucket", tableBucket("tableBucketName", "tableBucketArn", {
        property: "replicationConfiguration",
        destinations: INTO_TABLE_BUCKETS(["rules", "[]", "destinations", "[]", "destinationTableBucketArn"]),
    })],
    ["aws:s3tables/table:Table", table("name", "arn", "tableBucketArn", true)],
    ["aws-native:s3tables:Table", table("tableName", "tableArn", "tableBucketArn", false)],
    ["aws:s3tables/tableBucketReplication:TableBucketReplication", tableReplication("table bucket replication", { field: "tableBucketArn", label: "table bucket" })],
    ["aws:s3tables/tableReplication:TableReplication", tableReplication("table replication", { field: "tableArn", label: "table" })],
    ["aws:s3/vectorsVectorBucket:VectorsVectorBucket", vectorBucket("encryptionConfigurations", "vectorBucketName", "vectorBucketArn")],
    ["aws-native:s3vectors:VectorBucket", vectorBucket("encryptionConfiguration", "vectorBucketName", "vectorBucketArn")],
    ["aws:s3/vectorsIndex:VectorsIndex", vectorIndex("encryptionConfigurations", "indexName", "indexArn")],
    ["aws-native:s3vectors:Index", vectorIndex("encryptionConfiguration", "indexName", "indexArn")],
    ["aws:s3/filesFileSystem:FilesFileSystem", filesFileSystem(["name"], "arn")],
    ["aws-native:s3files:FileSystem", filesFileSystem([], "fileSystemArn")],
    ["aws:s3/bucketMetadataConfiguration:BucketMetadataConfiguration", {
        label: "S3 Metadata configuration",
        fields: ["bucket", "metadataConfiguration"],
        nameFields: [],
        readEncryption: readMetadataTablesEncryption,
        splitEncryption: false,
        undeclared: S3_DEFAULT,
        dsse: false,
    }],
    // Writers into other buckets with an encryption choice of their own: no choice means the
    // destination's default encryption, and the destination is judged as its kind.
    ["aws:s3/inventory:Inventory", writer("S3 Inventory configuration", "destination", encryptionChoiceReader("destination", [{ path: ["bucket"], what: "report destination" }]))],
    ["aws:s3control/storageLensConfiguration:StorageLensConfiguration", writer("Storage Lens configuration", "storageLensConfiguration", storageLensExports("enabled"), "arn")],
    ["aws-native:s3:StorageLens", writer("Storage Lens configuration", "storageLensConfiguration", storageLensExports("isEnabled", { kms: "ssekms", s3: ["sses3"] }))],
    ["aws:s3/bucketReplicationConfig:BucketReplicationConfig", writer("replication configuration", "rules", replicaKeysReader("rules", ["[]", ...REPLICA_KEYS_AT_RULE], "its replicaKmsKeyId"))],
    ["aws:s3control/bucket:Bucket", outposts("bucket")],
    ["aws-native:s3outposts:Bucket", outposts("bucketName")],
]);

/** A resource that writes one object, and where its encryption request lives. */
export interface WriterKind {
    label: string;
    /** Its SSE-C algorithm property, where it has one: an object under a customer-provided key has no KMS key at all. */
    customerAlgorithmField?: string;
}

export const WRITER_KINDS: ReadonlyMap<string, WriterKind> = new Map<string, WriterKind>([
    ["aws:s3/bucketObject:BucketObject", { label: "object" }],
    ["aws:s3/bucketObjectv2:BucketObjectv2", { label: "object" }],
    ["aws:s3/objectCopy:ObjectCopy", { label: "object copy", customerAlgorithmField: "customerAlgorithm" }],
]);

/** Properties of a writer the model reads. */
export const WRITER_FIELDS = ["bucket", "serverSideEncryption", "kmsKeyId", "customerAlgorithm"] as const;

/** Properties of a bucket kind the model reads. */
export function kindFields(kind: BucketKind): string[] {
    const optional = [
        kind.arnField, kind.inheritsFrom?.field, kind.inlinePolicy, ...(kind.writes ?? []).map((w) => w.property),
        kind.replicates?.property, kind.replicates?.source?.field,
    ].filter((f): f is string => f !== undefined);
    return [...new Set(["id", ...kind.nameFields, ...kind.fields, ...optional])];
}

/** Directory bucket names end in `--x-s3` (S3's naming rule for them): how a policy judged alone knows its dialect. */
export function dialectOfBucketName(name: string): PolicyDialect {
    return /--x-s3$/.test(name) ? "s3express" : "s3";
}
