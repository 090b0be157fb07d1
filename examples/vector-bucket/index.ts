import * as aws from "@pulumi/aws";

const key = new aws.kms.Key("vectors-key", { description: "vector bucket embeddings", enableKeyRotation: true });

// S3 Vectors fixes a bucket's encryption when it is created; its indexes take it unless they override it.
const vectors = new aws.s3.VectorsVectorBucket("embeddings", {
    vectorBucketName: "embeddings",
    encryptionConfigurations: [{ sseType: "aws:kms", kmsKeyArn: key.arn }],
});

new aws.s3.VectorsIndex("documents", {
    vectorBucketName: vectors.vectorBucketName,
    indexName: "documents",
    dataType: "float32",
    dimension: 1024,
    distanceMetric: "cosine",
});

export const vectorBucketName = vectors.vectorBucketName;
