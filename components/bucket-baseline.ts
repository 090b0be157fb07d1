import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The settings every bucket this package creates carries, whatever it holds: public access
 * blocked, ACLs off (the bucket owner owns every object), and versioning on, so that an object
 * overwritten or deleted stays recoverable. Children are named `<name>-public-access-block`,
 * `<name>-ownership` and `<name>-versioning` (part of the public API: CHANGELOG.md).
 */
export function bucketBaseline(name: string, bucket: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): { publicAccessBlock: aws.s3.BucketPublicAccessBlock; ownership: aws.s3.BucketOwnershipControls } {
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, opts);
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
        bucket,
        rule: { objectOwnership: "BucketOwnerEnforced" },
    }, opts);
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, opts);
    return { publicAccessBlock, ownership };
}
