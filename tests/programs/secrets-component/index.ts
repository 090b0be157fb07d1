import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket } from "../../../components";

const config = new pulumi.Config();
// A secret: the offline run hands the program a secret placeholder, never the ciphertext.
const auditor = config.requireSecret("auditorRoleArn");

const exportsBucket = new EncryptedBucket("billing-exports", {
    tags: { retention: config.require("retentionTag") },
});
export const bucketName = exportsBucket.bucketName;
export const auditorConfigured = pulumi.secret(auditor.apply((a) => a.length > 0));
