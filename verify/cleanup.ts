/**
 * Removes every version and delete marker under the run's probe prefix. Deleting by VersionId is
 * what removes data from a versioned bucket; a plain delete would only hide the probes behind a
 * marker. It lists rather than remembering what it wrote, so an upload that was wrongly accepted,
 * or one whose response was lost, is removed too.
 */
import { DeleteObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { attempt, CheckRow, describeFailure, Failure } from "./outcome";

interface Version {
    Key?: string;
    VersionId?: string;
}

export async function cleanUp(s3: S3Client, bucket: string, prefix: string): Promise<CheckRow> {
    const row = { check: "clean up probe objects", expected: "every probe version deleted" };
    const listed = await attempt(() => listVersions(s3, bucket, prefix));
    if (listed.kind !== "ok") {
        return { ...row, got: `listing failed: ${describeFailure(listed)}`, pass: false, detail: listed.message };
    }
    const left: { name: string; failure: Failure }[] = [];
    for (const { Key, VersionId } of listed.value) {
        const deleted = await attempt(() => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key, VersionId })));
        if (deleted.kind !== "ok") left.push({ name: `${Key} (version ${VersionId})`, failure: deleted });
    }
    const total = listed.value.length;
    if (left.length === 0) return { ...row, got: `deleted ${total} of ${total}`, pass: true };
    return {
        ...row,
        got: `left behind: ${left.map((l) => l.name).join(", ")}`,
        pass: false,
        detail: left.map((l) => `${l.name}: ${describeFailure(l.failure)}: ${l.failure.message}`).join("; "),
    };
}

async function listVersions(s3: S3Client, bucket: string, prefix: string): Promise<Version[]> {
    const found: Version[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (;;) {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker, VersionIdMarker }));
        found.push(...(page.Versions ?? []), ...(page.DeleteMarkers ?? []));
        if (!page.IsTruncated) return found;
        KeyMarker = page.NextKeyMarker;
        VersionIdMarker = page.NextVersionIdMarker;
    }
}
