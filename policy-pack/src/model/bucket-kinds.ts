/**
 * What the pack judges, in three tables from type token to how to read it, so that no policy can
 * take one for another:
 *
 * - `STORAGE_KINDS`: storage, resources that hold data under an encryption setting of their own
 *   (buckets of every kind, tables, vector indexes, S3 Files file systems);
 * - `WRITER_KINDS`: writers, resources that have S3 write data into storage under an encryption
 *   they name themselves (Inventory reports, Storage Lens exports, replication, metadata tables);
 * - `OBJECT_KINDS`: objects, resources that put one object into a bucket, asking for an encryption.
 *
 * The policies never test a type token themselves; they ask these tables what a kind is called,
 * where its encryption lives, whether it can meet the rule at all, and which dialect its bucket
 * policy speaks. Each property a kind reads is named once, by its reader: the field lists the
 * stack model reads are derived from the readers. Sources for each entry: docs/bucket-kinds.md.
 */
import {
    ChoiceNames, Destination, EncryptionReader, encryptionChoiceReader, encryptionObjectReader, inlineRuleListsReader, inlineRuleReader,
    keyPropertyReader, metadataTablesReader, nativeBucketEncryptionReader, replicaKeysReader,
} from "./encryption";
import { Value, field } from "../known";
import { TYPES } from "../resource-types";

/**
 * The language of a bucket policy that can force uploads onto the bucket's key: general-purpose
 * buckets judge `s3:PutObject` with `s3:` header keys; directory buckets judge
 * `s3express:CreateSession` with `s3express:` keys (every write needs a session).
 */
export type PolicyDialect = "s3" | "s3express";

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

/**
 * What S3 does with data written into storage that declares no default encryption: SSE-S3, the
 * encryption of the container it belongs to (`inheritsFrom`), or a key AWS owns.
 */
export type Undeclared = "sse-s3" | "container" | "aws-owned-key";

/** Why no declaration of a kind can meet the rule. */
export type CannotComply = "outposts";

/** Storage: a resource that holds data under an encryption setting of its own. */
export interface StorageKind {
    /** Names the kind in findings: "directory bucket", "table", ... */
    label: string;
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
    /** Encryption declared on the resource itself; absent on kinds that declare none (split resources only). */
    encryption?: EncryptionReader;
    /**
     * Data it has S3 write somewhere else, declared inline (replicas, metadata tables): judged like
     * default encryption, but never the key the resource's own bucket policy narrows uploads to.
     */
    inlineWrites?: readonly EncryptionReader[];
    /** Its tables' replication, declared inline (aws-native's table bucket). */
    replicates?: Replication;
    /** Whether `BucketServerSideEncryptionConfiguration` resources configure it. */
    splitEncryption: boolean;
    /** What S3 does when nothing is declared. */
    undeclared: Undeclared;
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
    /** Set when no declaration can meet the rule. */
    cannotComply?: CannotComply;
}

/**
 * A writer: a resource that has S3 write data into storage under an encryption it names itself.
 * With no choice, its data takes the destination's default encryption, judged there as its kind.
 */
export interface WriterKind {
    /** Names the kind in findings. */
    label: string;
    /** The encryption it names for what it writes. */
    encryption?: EncryptionReader;
    /** S3 Tables replication, which names no encryption (see `Replication`). */
    replicates?: Replication;
}

/** A resource that puts one object into a bucket, and where its encryption request lives. */
export interface ObjectKind {
    label: string;
    /** Its SSE-C algorithm property, where it has one: an object under a customer-provided key has no KMS key at all. */
    customerAlgorithmField?: string;
}

/** The properties every object kind asks for its encryption with. */
export const OBJECT_PROPERTIES = { bucket: "bucket", algorithm: "serverSideEncryption", key: "kmsKeyId" } as const;

/** `encryption`: the provider's inline default-encryption reader. */
const generalPurpose = (encryption: EncryptionReader, nameField: string, inlineWrites: readonly EncryptionReader[], inlinePolicy?: string): StorageKind => ({
    label: "general-purpose bucket",
    nameFields: [nameField],
    arnField: "arn",
    arnFromName: true,
    inlinePolicy,
    encryption,
    inlineWrites,
    splitEncryption: true,
    undeclared: "sse-s3",
    dsse: true,
    policyDialect: "s3",
});

/** `encryption`: aws-native's own encryption block; @pulumi/aws's DirectoryBucket has none (split resources only). */
const directory = (encryption: EncryptionReader | undefined, nameField: string): StorageKind => ({
    label: "directory bucket",
    nameFields: [nameField],
    arnField: "arn",
    encryption,
    splitEncryption: true,
    undeclared: "sse-s3",
    dsse: false,
    policyDialect: "s3express",
    kmsWithoutKeyIdUsesBucketKey: true,
});

const TABLE_ENCRYPTION = encryptionObjectReader("encryptionConfiguration", "sseAlgorithm", "kmsKeyArn");

const tableBucket = (nameField: string, arnField: string, replicates?: Replication): StorageKind => ({
    label: "table bucket",
    nameFields: [nameField],
    arnField,
    encryption: TABLE_ENCRYPTION,
    splitEncryption: false,
    undeclared: "sse-s3",
    dsse: false,
    replicates,
});

/** `ownEncryption`: whether the provider lets a table override its bucket's (aws-native's Table has no such property). */
const table = (nameField: string, arnField: string, bucketField: string, ownEncryption: boolean): StorageKind => ({
    label: "table",
    nameFields: [nameField],
    arnField,
    encryption: ownEncryption ? TABLE_ENCRYPTION : undefined,
    splitEncryption: false,
    undeclared: "container",
    inheritsFrom: { field: bucketField, label: "table bucket" },
    dsse: false,
});

// @pulumi/aws holds S3 Vectors' encryption in a list, aws-native (CloudFormation) in one object.
const vectorBucket = (property: string, nameField: string, arnField: string): StorageKind => ({
    label: "vector bucket",
    nameFields: [nameField],
    arnField,
    encryption: encryptionObjectReader(property, "sseType", "kmsKeyArn"),
    splitEncryption: false,
    undeclared: "sse-s3",
    dsse: false,
});

const vectorIndex = (property: string, nameField: string, arnField: string): StorageKind => ({
    label: "vector index",
    nameFields: [nameField],
    arnField,
    encryption: encryptionObjectReader(property, "sseType", "kmsKeyArn"),
    splitEncryption: false,
    undeclared: "container",
    inheritsFrom: { field: "vectorBucketName", label: "vector bucket" },
    dsse: false,
});

const filesFileSystem = (nameFields: string[], arnField: string): StorageKind => ({
    label: "S3 Files file system",
    nameFields,
    arnField,
    encryption: keyPropertyReader("kmsKeyId"),
    splitEncryption: false,
    undeclared: "aws-owned-key",
    dsse: false,
});

const outposts = (nameField: string): StorageKind => ({
    label: "S3 on Outposts bucket",
    nameFields: [nameField],
    arnField: "arn",
    splitEncryption: false,
    undeclared: "sse-s3",
    dsse: false,
    cannotComply: "outposts",
});

/** Replica keys at each replication rule, below the rule, in aws-native's and BucketReplicationConfig's layout. */
const REPLICA_KEYS_AT_RULE = ["destination", "encryptionConfiguration", "replicaKmsKeyId"];

const METADATA_TABLES = metadataTablesReader("metadataConfiguration");

/** Type token -> storage kind. */
export const STORAGE_KINDS: ReadonlyMap<string, StorageKind> = new Map<string, StorageKind>([
    [TYPES.bucket, generalPurpose(inlineRuleReader("serverSideEncryptionConfiguration"), "bucket", [
        replicaKeysReader("replicationConfiguration", ["rules", "[]", "destination", "replicaKmsKeyId"]),
    ], "policy")],
    [TYPES.bucketV2, generalPurpose(inlineRuleListsReader("serverSideEncryptionConfigurations"), "bucket", [
        replicaKeysReader("replicationConfigurations", ["[]", "rules", "[]", "destinations", "[]", "replicaKmsKeyId"]),
    ], "policy")],
    // CloudFormation's AWS::S3::Bucket has no policy property: its policies are AWS::S3::BucketPolicy.
    [TYPES.nativeBucket, generalPurpose(nativeBucketEncryptionReader("bucketEncryption"), "bucketName", [
        replicaKeysReader("replicationConfiguration", ["rules", "[]", ...REPLICA_KEYS_AT_RULE]),
        METADATA_TABLES,
    ])],
    ["aws:s3/directoryBucket:DirectoryBucket", directory(undefined, "bucket")],
    ["aws-native:s3express:DirectoryBucket", directory(nativeBucketEncryptionReader("bucketEncryption"), "bucketName")],
    ["aws:s3tables/tableBucket:TableBucket", tableBucket("name", "arn")],
    ["aws-native:s3tables:TableBucket", tableBucket("tableBucketName", "tableBucketArn", {
        property: "replicationConfiguration",
        destinations: INTO_TABLE_BUCKETS(["rules", "[]", "destinations", "[]", "destinationTableBucketArn"]),
    })],
    ["aws:s3tables/table:Table", table("name", "arn", "tableBucketArn", true)],
    ["aws-native:s3tables:Table", table("tableName", "tableArn", "tableBucketArn", false)],
    ["aws:s3/vectorsVectorBucket:VectorsVectorBucket", vectorBucket("encryptionConfigurations", "vectorBucketName", "vectorBucketArn")],
    ["aws-native:s3vectors:VectorBucket", vectorBucket("encryptionConfiguration", "vectorBucketName", "vectorBucketArn")],
    ["aws:s3/vectorsIndex:VectorsIndex", vectorIndex("encryptionConfigurations", "indexName", "indexArn")],
    ["aws-native:s3vectors:Index", vectorIndex("encryptionConfiguration", "indexName", "indexArn")],
    ["aws:s3/filesFileSystem:FilesFileSystem", filesFileSystem(["name"], "arn")],
    ["aws-native:s3files:FileSystem", filesFileSystem([], "fileSystemArn")],
    ["aws:s3control/bucket:Bucket", outposts("bucket")],
    ["aws-native:s3outposts:Bucket", outposts("bucketName")],
]);

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

/** S3 Tables replication of a whole table bucket, or of one table, configured as its own resource. */
const tableReplication = (label: string, source: { field: string; label: string }): WriterKind => ({
    label,
    replicates: { property: "rule", destinations: INTO_TABLE_BUCKETS(["destinations", "[]", "destinationTableBucketArn"]), source },
});

/** Type token -> writer kind. */
export const WRITER_KINDS: ReadonlyMap<string, WriterKind> = new Map<string, WriterKind>([
    ["aws:s3/inventory:Inventory", { label: "S3 Inventory configuration", encryption: encryptionChoiceReader("destination", [{ path: ["bucket"], what: "report destination" }]) }],
    ["aws:s3control/storageLensConfiguration:StorageLensConfiguration", { label: "Storage Lens configuration", encryption: storageLensExports("enabled") }],
    ["aws-native:s3:StorageLens", { label: "Storage Lens configuration", encryption: storageLensExports("isEnabled", { kms: "ssekms", s3: ["sses3"] }) }],
    ["aws:s3/bucketReplicationConfig:BucketReplicationConfig", { label: "replication configuration", encryption: replicaKeysReader("rules", ["[]", ...REPLICA_KEYS_AT_RULE]) }],
    ["aws:s3/bucketMetadataConfiguration:BucketMetadataConfiguration", { label: "S3 Metadata configuration", encryption: METADATA_TABLES }],
    ["aws:s3tables/tableBucketReplication:TableBucketReplication", tableReplication("table bucket replication", { field: "tableBucketArn", label: "table bucket" })],
    ["aws:s3tables/tableReplication:TableReplication", tableReplication("table replication", { field: "tableArn", label: "table" })],
]);

/** Type token -> object kind. */
export const OBJECT_KINDS: ReadonlyMap<string, ObjectKind> = new Map<string, ObjectKind>([
    ["aws:s3/bucketObject:BucketObject", { label: "object" }],
    ["aws:s3/bucketObjectv2:BucketObjectv2", { label: "object" }],
    ["aws:s3/objectCopy:ObjectCopy", { label: "object copy", customerAlgorithmField: "customerAlgorithm" }],
]);

const defined = (fields: ReadonlyArray<string | undefined>): string[] => [...new Set(fields.filter((f): f is string => f !== undefined))];

function replicationFields(r: Replication | undefined): Array<string | undefined> {
    return [r?.property, r?.source?.field];
}

/** Properties of a storage kind the model reads, from its columns and readers. */
export function storageFields(kind: StorageKind): string[] {
    return defined([
        "id", ...kind.nameFields, kind.arnField, kind.inheritsFrom?.field, kind.inlinePolicy, kind.encryption?.property,
        ...(kind.inlineWrites ?? []).map((w) => w.property), ...replicationFields(kind.replicates),
    ]);
}

/** Properties of a writer kind the model reads, from its readers. */
export function writerFields(kind: WriterKind): string[] {
    return defined([kind.encryption?.property, ...replicationFields(kind.replicates)]);
}

/** Properties of an object kind the model reads. */
export function objectFields(kind: ObjectKind): string[] {
    return defined([...Object.values(OBJECT_PROPERTIES), kind.customerAlgorithmField]);
}

/** Directory bucket names end in `--x-s3` (S3's naming rule for them): how a policy judged alone knows its dialect. */
export function dialectOfBucketName(name: string): PolicyDialect {
    return /--x-s3$/.test(name) ? "s3express" : "s3";
}
