import * as assert from "assert";
import { DeleteObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { cleanUp } from "../../verify/cleanup";
import { restoreS3 } from "./fake-bucket";

describe("verify clean-up", () => {
    afterEach(restoreS3);

    it("follows every page and deletes each version and delete marker by VersionId", async () => {
        const s3 = mockClient(S3Client);
        s3.on(ListObjectVersionsCommand)
            .resolvesOnce({
                Versions: [
                    { Key: "p/run/cmk", VersionId: "a" },
                    { Key: "p/run/cmk", VersionId: "b" },
                ],
                IsTruncated: true,
                NextKeyMarker: "p/run/cmk",
                NextVersionIdMarker: "b",
            })
            .resolvesOnce({ DeleteMarkers: [{ Key: "p/run/no-headers", VersionId: "m" }], IsTruncated: false });
        s3.on(DeleteObjectCommand).resolves({});

        const row = await cleanUp(new S3Client({ region: "eu-west-1" }), "bucket-1", "p/run/");

        assert.deepStrictEqual(row, {
            check: "clean up probe objects",
            expected: "every probe version deleted",
            got: "deleted 3 of 3",
            pass: true,
        });
        assert.deepStrictEqual(
            s3.commandCalls(ListObjectVersionsCommand).map((c) => c.args[0].input),
            [
                { Bucket: "bucket-1", Prefix: "p/run/", KeyMarker: undefined, VersionIdMarker: undefined },
                { Bucket: "bucket-1", Prefix: "p/run/", KeyMarker: "p/run/cmk", VersionIdMarker: "b" },
            ],
        );
        assert.deepStrictEqual(
            s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input),
            [
                { Bucket: "bucket-1", Key: "p/run/cmk", VersionId: "a" },
                { Bucket: "bucket-1", Key: "p/run/cmk", VersionId: "b" },
                { Bucket: "bucket-1", Key: "p/run/no-headers", VersionId: "m" },
            ],
        );
    });

    it("passes with nothing to delete when every probe was denied", async () => {
        const s3 = mockClient(S3Client);
        s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
        const row = await cleanUp(new S3Client({ region: "eu-west-1" }), "bucket-1", "p/run/");
        assert.strictEqual(row.got, "deleted 0 of 0");
        assert.strictEqual(row.pass, true);
        assert.strictEqual(s3.commandCalls(DeleteObjectCommand).length, 0);
    });
});
