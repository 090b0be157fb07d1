/**
 * Resource types of the S3 modules (of @pulumi/aws and aws-native) that the pack does not judge,
 * each with why it need not. The inventory test fails on any S3 type that is neither judged
 * (policy-pack/src/model/bucket-kinds.ts, encryption configurations, bucket policies) nor listed here. A reason is a claim a reviewer can
 * check: what the resource holds or writes, and where that data's encryption is judged instead.
 */

const SETTING = "a bucket setting that stores and writes no object data and has no encryption choice";
const ACCESS = "grants or routes access; stores no data, and data written through it lands in a bucket judged as its kind";

export const NOT_JUDGED: Record<string, string> = {
    // aws:s3
    "aws:s3/accessPoint:AccessPoint": ACCESS,
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": "account-wide public access settings; stores nothing",
    "aws:s3/analyticsConfiguration:AnalyticsConfiguration":
        "exports storage-class analysis to a destination bucket with no encryption choice of its own (S3's AnalyticsS3BucketDestination has none), so the destination's default encryption applies and that bucket is judged",
    "aws:s3/bucketAbac:BucketAbac": SETTING,
    "aws:s3/bucketAccelerateConfiguration:BucketAccelerateConfiguration": SETTING,
    "aws:s3/bucketAccelerateConfigurationV2:BucketAccelerateConfigurationV2": SETTING,
    "aws:s3/bucketAcl:BucketAcl": SETTING,
    "aws:s3/bucketAclV2:BucketAclV2": SETTING,
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": SETTING,
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2": SETTING,
    "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration": "moves objects between storage tiers; their encryption does not change",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "expires and transitions objects; their encryption does not change",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "expires and transitions objects; their encryption does not change",
    "aws:s3/bucketMetric:BucketMetric": SETTING,
    "aws:s3/bucketNotification:BucketNotification": "sends event notifications; stores nothing in S3",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": SETTING,
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": SETTING,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": SETTING,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": SETTING,
    "aws:s3/bucketRequestPaymentConfiguration:BucketRequestPaymentConfiguration": SETTING,
    "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2": SETTING,
    "aws:s3/bucketVersioning:BucketVersioning": SETTING,
    "aws:s3/bucketVersioningV2:BucketVersioningV2": SETTING,
    "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration": SETTING,
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2": SETTING,
    "aws:s3/filesAccessPoint:FilesAccessPoint": ACCESS,
    "aws:s3/filesFileSystemPolicy:FilesFileSystemPolicy": "a resource policy of an S3 Files file system; the file system itself is judged",
    "aws:s3/filesMountTarget:FilesMountTarget": "a network mount point of an S3 Files file system; stores nothing",
    "aws:s3/filesSynchronizationConfiguration:FilesSynchronizationConfiguration":
        "synchronises an S3 Files file system with its bucket and has no encryption setting; the file system and the bucket are each judged",
    "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy":
        "a vector bucket's resource policy; S3 Vectors writes (PutVectors) take no encryption parameter, so the bucket's or index's own encryption, which is judged, applies to every write",

    // aws:s3control
    "aws:s3control/accessGrant:AccessGrant": ACCESS,
    "aws:s3control/accessGrantsInstance:AccessGrantsInstance": ACCESS,
    "aws:s3control/accessGrantsInstanceResourcePolicy:AccessGrantsInstanceResourcePolicy": ACCESS,
    "aws:s3control/accessGrantsLocation:AccessGrantsLocation": ACCESS,
    "aws:s3control/accessPointPolicy:AccessPointPolicy": ACCESS,
    "aws:s3control/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "lifecycle of an S3 on Outposts bucket, which is itself blocked",
    "aws:s3control/bucketPolicy:BucketPolicy": "policy of an S3 on Outposts bucket, which is itself blocked",
    "aws:s3control/directoryBucketAccessPointScope:DirectoryBucketAccessPointScope": ACCESS,
    "aws:s3control/multiRegionAccessPoint:MultiRegionAccessPoint": ACCESS,
    "aws:s3control/multiRegionAccessPointPolicy:MultiRegionAccessPointPolicy": ACCESS,
    "aws:s3control/multiRegionAccessPointRoutes:MultiRegionAccessPointRoutes": ACCESS,
    "aws:s3control/objectLambdaAccessPoint:ObjectLambdaAccessPoint": "transforms GET responses with a Lambda function; stores nothing",
    "aws:s3control/objectLambdaAccessPointPolicy:ObjectLambdaAccessPointPolicy": ACCESS,

    // aws:s3outposts
    "aws:s3outposts/endpoint:Endpoint": "a network endpoint of an Outpost; stores nothing",

    // aws:s3tables
    "aws:s3tables/namespace:Namespace": "groups tables; stores no data itself",
    "aws:s3tables/tableBucketPolicy:TableBucketPolicy":
        "a table bucket's resource policy; table writes take no encryption parameter, so the table's or table bucket's encryption, which is judged, applies",
    "aws:s3tables/tablePolicy:TablePolicy": "as TableBucketPolicy, for one table",
};

/** The same for aws-native (the CloudFormation resource types AWS::S3*), read from its installed package. */
export const NATIVE_NOT_JUDGED: Record<string, string> = {
    "aws-native:s3:AccessGrant": ACCESS,
    "aws-native:s3:AccessGrantsInstance": ACCESS,
    "aws-native:s3:AccessGrantsLocation": ACCESS,
    "aws-native:s3:AccessPoint": ACCESS,
    "aws-native:s3:MultiRegionAccessPoint": ACCESS,
    "aws-native:s3:MultiRegionAccessPointPolicy": ACCESS,
    "aws-native:s3:StorageLensGroup": "a filter of objects for Storage Lens metrics; stores and exports nothing itself",
    "aws-native:s3express:AccessPoint": ACCESS,
    "aws-native:s3files:AccessPoint": ACCESS,
    "aws-native:s3files:FileSystemPolicy": "a resource policy of an S3 Files file system; the file system itself is judged",
    "aws-native:s3files:MountTarget": "a network mount point of an S3 Files file system; stores nothing",
    "aws-native:s3objectlambda:AccessPoint": "transforms GET responses with a Lambda function; stores nothing",
    "aws-native:s3objectlambda:AccessPointPolicy": ACCESS,
    "aws-native:s3outposts:AccessPoint": ACCESS,
    "aws-native:s3outposts:BucketPolicy": "policy of an S3 on Outposts bucket, which is itself blocked",
    "aws-native:s3outposts:Endpoint": "a network endpoint of an Outpost; stores nothing",
    "aws-native:s3tables:Namespace": "groups tables; stores no data itself",
    "aws-native:s3tables:TableBucketPolicy":
        "a table bucket's resource policy; table writes take no encryption parameter, so the table's or table bucket's encryption, which is judged, applies",
    "aws-native:s3tables:TablePolicy": "as TableBucketPolicy, for one table",
    "aws-native:s3vectors:VectorBucketPolicy":
        "a vector bucket's resource policy; S3 Vectors writes (PutVectors) take no encryption parameter, so the bucket's or index's own encryption, which is judged, applies to every write",
};
