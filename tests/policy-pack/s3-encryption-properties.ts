/**
 * Every property of an S3 resource type, in @pulumi/aws and aws-native, that names an encryption
 * (a key, an algorithm, an SSE choice) or where S3 Tables and S3 replication put copies: either
 * judged by the pack, with the value that must make it refuse the resource, or listed with why it
 * needs no judging. s3-property-inventory.test.ts reads both providers' own declarations, fails on
 * any such property missing here, and puts each judged value into a resource through the real
 * analyzer. Paths are the providers' state properties: "a.b[].c" steps into the list `b`.
 */

/** What the judged property is set to, and what the pack must then say about the resource. */
export type Mutation =
    /** A key outside the stack that no allowedKeyArns pattern matches: it must be named as refused. */
    | "key"
    /** An algorithm that is no SSE-KMS: it must be named as refused. */
    | "algorithm"
    /** The SSE-S3 choice made by presence (`sseS3: {}`): SSE-S3 must be refused. */
    | "sse-s3"
    /** A table bucket (or table) of another account, outside the stack: it must be named as not declared. */
    | "foreign-table-bucket";

const BUCKET_KEY = "turns the S3 Bucket Key on or off: fewer KMS requests under the same key, so no other key";
const SSE_C_BLOCK = "lists encryption types S3 must refuse (SSE-C); read for the bucket policy check, which needs no SSE-C deny when it is set, not a key choice";
const SELECTS_SSE_KMS = "selects whether SSE-KMS objects are replicated at all; their replicas' key is the rule's replicaKmsKeyId, which is judged";
const REPLICA_DESTINATION = "where replicas go: S3 encrypts replicas of SSE-KMS objects under the rule's replicaKmsKeyId (judged) and replicates no SSE-KMS object under a rule without one (AWS: Replicating encrypted objects), so the destination bucket does not decide their key";
const SOURCE_BUCKET = "the source bucket of the replication, judged as its kind";
const ENCRYPTION_CONTEXT = "extra authenticated data for the copy's own SSE-KMS request, under the key kmsKeyId names (judged); it chooses no key";

export const JUDGED_PROPERTIES: Record<string, Record<string, Mutation>> = {
    "aws:s3/bucket:Bucket": {
        "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.kmsMasterKeyId": "key",
        "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm": "algorithm",
        "replicationConfiguration.rules[].destination.replicaKmsKeyId": "key",
    },
    "aws:s3/bucketV2:BucketV2": {
        "serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[].kmsMasterKeyId": "key",
        "serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[].sseAlgorithm": "algorithm",
        "replicationConfigurations[].rules[].destinations[].replicaKmsKeyId": "key",
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        "rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId": "key",
        "rules[].applyServerSideEncryptionByDefault.sseAlgorithm": "algorithm",
    },
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {
        "rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId": "key",
        "rules[].applyServerSideEncryptionByDefault.sseAlgorithm": "algorithm",
    },
    "aws:s3/bucketMetadataConfiguration:BucketMetadataConfiguration": {
        "metadataConfiguration.inventoryTableConfiguration.encryptionConfiguration.kmsKeyArn": "key",
        "metadataConfiguration.inventoryTableConfiguration.encryptionConfiguration.sseAlgorithm": "algorithm",
        "metadataConfiguration.journalTableConfiguration.encryptionConfiguration.kmsKeyArn": "key",
        "metadataConfiguration.journalTableConfiguration.encryptionConfiguration.sseAlgorithm": "algorithm",
    },
    "aws:s3/bucketObject:BucketObject": { kmsKeyId: "key", serverSideEncryption: "algorithm" },
    "aws:s3/bucketObjectv2:BucketObjectv2": { kmsKeyId: "key", serverSideEncryption: "algorithm" },
    "aws:s3/objectCopy:ObjectCopy": { kmsKeyId: "key", serverSideEncryption: "algorithm" },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { "rules[].destination.encryptionConfiguration.replicaKmsKeyId": "key" },
    "aws:s3/filesFileSystem:FilesFileSystem": { kmsKeyId: "key" },
    "aws:s3/inventory:Inventory": { "destination.bucket.encryption.sseKms.keyId": "key", "destination.bucket.encryption.sseS3": "sse-s3" },
    "aws:s3/vectorsIndex:VectorsIndex": { "encryptionConfigurations[].kmsKeyArn": "key", "encryptionConfigurations[].sseType": "algorithm" },
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket": { "encryptionConfigurations[].kmsKeyArn": "key", "encryptionConfigurations[].sseType": "algorithm" },
    "aws:s3control/storageLensConfiguration:StorageLensConfiguration": {
        "storageLensConfiguration.dataExport.s3BucketDestination.encryption.sseKms.keyId": "key",
        "storageLensConfiguration.dataExport.s3BucketDestination.encryption.sseS3s[]": "sse-s3",
        "storageLensConfiguration.dataExport.storageLensTableDestination.encryption.sseKms.keyId": "key",
        "storageLensConfiguration.dataExport.storageLensTableDestination.encryption.sseS3s[]": "sse-s3",
        "storageLensConfiguration.expandedPrefixesDataExport.s3BucketDestination.encryption.sseKms.keyId": "key",
        "storageLensConfiguration.expandedPrefixesDataExport.s3BucketDestination.encryption.sseS3s[]": "sse-s3",
        "storageLensConfiguration.expandedPrefixesDataExport.storageLensTableDestination.encryption.sseKms.keyId": "key",
        "storageLensConfiguration.expandedPrefixesDataExport.storageLensTableDestination.encryption.sseS3s[]": "sse-s3",
    },
    "aws:s3tables/table:Table": { "encryptionConfiguration.kmsKeyArn": "key", "encryptionConfiguration.sseAlgorithm": "algorithm" },
    "aws:s3tables/tableBucket:TableBucket": { "encryptionConfiguration.kmsKeyArn": "key", "encryptionConfiguration.sseAlgorithm": "algorithm" },
    "aws:s3tables/tableBucketReplication:TableBucketReplication": {
        "rule.destinations[].destinationTableBucketArn": "foreign-table-bucket",
        tableBucketArn: "foreign-table-bucket",
    },
    "aws:s3tables/tableReplication:TableReplication": {
        "rule.destinations[].destinationTableBucketArn": "foreign-table-bucket",
        tableArn: "foreign-table-bucket",
    },

    "aws-native:s3:Bucket": {
        "bucketEncryption.serverSideEncryptionConfiguration[].serverSideEncryptionByDefault.kmsMasterKeyId": "key",
        "bucketEncryption.serverSideEncryptionConfiguration[].serverSideEncryptionByDefault.sseAlgorithm": "algorithm",
        "metadataConfiguration.annotationTableConfiguration.encryptionConfiguration.kmsKeyArn": "key",
        "metadataConfiguration.annotationTableConfiguration.encryptionConfiguration.sseAlgorithm": "algorithm",
        "metadataConfiguration.inventoryTableConfiguration.encryptionConfiguration.kmsKeyArn": "key",
        "metadataConfiguration.inventoryTableConfiguration.encryptionConfiguration.sseAlgorithm": "algorithm",
        "metadataConfiguration.journalTableConfiguration.encryptionConfiguration.kmsKeyArn": "key",
        "metadataConfiguration.journalTableConfiguration.encryptionConfiguration.sseAlgorithm": "algorithm",
        "replicationConfiguration.rules[].destination.encryptionConfiguration.replicaKmsKeyId": "key",
    },
    "aws-native:s3:StorageLens": {
        "storageLensConfiguration.dataExport.s3BucketDestination.encryption.ssekms.keyId": "key",
        "storageLensConfiguration.dataExport.s3BucketDestination.encryption.sses3": "sse-s3",
        "storageLensConfiguration.dataExport.storageLensTableDestination.encryption.ssekms.keyId": "key",
        "storageLensConfiguration.dataExport.storageLensTableDestination.encryption.sses3": "sse-s3",
        "storageLensConfiguration.expandedPrefixesDataExport.s3BucketDestination.encryption.ssekms.keyId": "key",
        "storageLensConfiguration.expandedPrefixesDataExport.s3BucketDestination.encryption.sses3": "sse-s3",
        "storageLensConfiguration.expandedPrefixesDataExport.storageLensTableDestination.encryption.ssekms.keyId": "key",
        "storageLensConfiguration.expandedPrefixesDataExport.storageLensTableDestination.encryption.sses3": "sse-s3",
    },
    "aws-native:s3express:DirectoryBucket": {
        "bucketEncryption.serverSideEncryptionConfiguration[].serverSideEncryptionByDefault.kmsMasterKeyId": "key",
        "bucketEncryption.serverSideEncryptionConfiguration[].serverSideEncryptionByDefault.sseAlgorithm": "algorithm",
    },
    "aws-native:s3files:FileSystem": { kmsKeyId: "key" },
    "aws-native:s3tables:TableBucket": {
        "encryptionConfiguration.kmsKeyArn": "key",
        "encryptionConfiguration.sseAlgorithm": "algorithm",
        "replicationConfiguration.rules[].destinations[].destinationTableBucketArn": "foreign-table-bucket",
    },
    "aws-native:s3vectors:Index": { "encryptionConfiguration.kmsKeyArn": "key", "encryptionConfiguration.sseType": "algorithm" },
    "aws-native:s3vectors:VectorBucket": { "encryptionConfiguration.kmsKeyArn": "key", "encryptionConfiguration.sseType": "algorithm" },
};

export const UNJUDGED_PROPERTIES: Record<string, Record<string, string>> = {
    "aws:s3/bucket:Bucket": {
        "serverSideEncryptionConfiguration.rule.blockedEncryptionTypes": SSE_C_BLOCK,
        "serverSideEncryptionConfiguration.rule.bucketKeyEnabled": BUCKET_KEY,
        "replicationConfiguration.rules[].sourceSelectionCriteria.sseKmsEncryptedObjects.enabled": SELECTS_SSE_KMS,
        "replicationConfiguration.rules[].destination.bucket": REPLICA_DESTINATION,
    },
    "aws:s3/bucketV2:BucketV2": {
        "serverSideEncryptionConfigurations[].rules[].bucketKeyEnabled": BUCKET_KEY,
        "replicationConfigurations[].rules[].sourceSelectionCriterias[].sseKmsEncryptedObjects[].enabled": SELECTS_SSE_KMS,
        "replicationConfigurations[].rules[].destinations[].bucket": REPLICA_DESTINATION,
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        "rules[].blockedEncryptionTypes": SSE_C_BLOCK,
    },
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {
        "rules[].blockedEncryptionTypes": SSE_C_BLOCK,
    },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
        "rules[].sourceSelectionCriteria.sseKmsEncryptedObjects.status": SELECTS_SSE_KMS,
        "rules[].destination.bucket": REPLICA_DESTINATION,
        bucket: SOURCE_BUCKET,
    },
    "aws:s3/objectCopy:ObjectCopy": { kmsEncryptionContext: ENCRYPTION_CONTEXT },
    "aws-native:s3:Bucket": {
        "bucketEncryption.serverSideEncryptionConfiguration[].blockedEncryptionTypes.encryptionType": SSE_C_BLOCK,
        "bucketEncryption.serverSideEncryptionConfiguration[].bucketKeyEnabled": BUCKET_KEY,
        "replicationConfiguration.rules[].sourceSelectionCriteria.sseKmsEncryptedObjects.status": SELECTS_SSE_KMS,
        "replicationConfiguration.rules[].destination.bucket": REPLICA_DESTINATION,
    },
    "aws-native:s3express:DirectoryBucket": {
        "bucketEncryption.serverSideEncryptionConfiguration[].bucketKeyEnabled": BUCKET_KEY,
    },
};
