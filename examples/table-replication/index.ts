import * as aws from "@pulumi/aws";

// AWS documents no encryption setting for replica tables and does not say which encryption they
// get: declare the destination in the same stack, each table bucket under its own Region's key.
const west = new aws.Provider("us-west-2", { region: "us-west-2" });

const key = new aws.kms.Key("tables-key", { description: "table bucket analytics", enableKeyRotation: true });
const replicaKey = new aws.kms.Key("tables-replica-key", { description: "table bucket analytics-replica", enableKeyRotation: true }, { provider: west });

const source = new aws.s3tables.TableBucket("analytics", {
    name: "analytics",
    encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: key.arn },
});
const replica = new aws.s3tables.TableBucket("analytics-replica", {
    name: "analytics-replica",
    encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: replicaKey.arn },
}, { provider: west });

// The role S3 Tables assumes: attach the permissions AWS documents for replication, on both keys too.
const role = new aws.iam.Role("tables-replication", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "replication.s3tables.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

new aws.s3tables.TableBucketReplication("analytics-to-west", {
    tableBucketArn: source.arn,
    role: role.arn,
    rule: { destinations: [{ destinationTableBucketArn: replica.arn }] },
});

export const tableBucketName = source.name;
