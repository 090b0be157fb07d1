// A team writes its release notes into a bucket the platform team's component creates. One
// object asks for no encryption of its own: S3 would encrypt it with the bucket's key anyway,
// but the bucket's strict policy refuses an upload without encryption headers, so `pulumi up`
// would fail at that object. The other takes the bucket's uploadArgs.
import * as aws from "@pulumi/aws";
import { EncryptedBucket, EnforcementMode } from "../../../components";

const notes = new EncryptedBucket("notes", { enforcement: EnforcementMode.Strict });
new aws.s3.BucketObjectv2("notes-latest", { bucket: notes.bucketName, key: "latest.md", content: "# 1.4.0" });
new aws.s3.BucketObjectv2("notes-index", { ...notes.uploadArgs, key: "index.md", content: "# Releases" });

export const bucketName = notes.bucketName;
