// A team's program on the published package: two buckets, one protected and retained.
import { EncryptedBucket, EnforcementMode } from "encrypted-bucket";

const uploads = new EncryptedBucket("uploads", { enforcement: EnforcementMode.Strict, tags: { team: "uploads" } });
const archive = new EncryptedBucket("archive", { tags: { team: "uploads" } }, { protect: true, retainOnDelete: true });

export const buckets = { uploads: uploads.bucketName, archive: archive.bucketName };
