import * as assert from "assert";
import { checkBucketName, checkRegion, InputError, toTarget } from "../../verify/target";
import { CMK } from "./fake-bucket";

const FLAGS = { bucket: "--bucket", keyArn: "--key-arn", enforcement: "--enforcement", sseAlgorithm: "--sse-algorithm", bucketKeyEnabled: "--no-bucket-key" };

describe("verify target validation", () => {
    for (const name of ["abc", "my.bucket-1", "a".repeat(63), "2024-logs"]) {
        it(`accepts the bucket name ${name.length > 20 ? `of ${name.length} characters` : name}`, () => {
            assert.strictEqual(checkBucketName(name, "--bucket"), name);
        });
    }

    for (const [name, why] of [
        ["ab", /3 to 63 characters/],
        ["a".repeat(64), /3 to 63 characters/],
        ["My-Bucket", /lowercase letters/],
        ["under_score", /lowercase letters/],
        ["-leading", /begin and end/],
        ["trailing.", /begin and end/],
        ["two..dots", /adjacent dots/],
        ["192.168.1.10", /IP address/],
        ["xn--bucket", /prefix "xn--"/],
        ["sthree-bucket", /prefix "sthree-"/],
        ["bucket-s3alias", /suffix "-s3alias"/],
        ["bucket--x-s3", /suffix "--x-s3"/],
        ["s3://bucket", /not an s3:\/\/ URL or an ARN/],
        ["arn:aws:s3:::bucket", /not an s3:\/\/ URL or an ARN/],
    ] as const) {
        it(`rejects the bucket name "${name.slice(0, 20)}", naming the flag`, () => {
            assert.throws(
                () => checkBucketName(name, "--bucket"),
                (err: Error) => err instanceof InputError && err.message.startsWith("--bucket: ") && why.test(err.message),
            );
        });
    }

    for (const arn of [
        CMK,
        "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ]) {
        it(`takes the region from ${arn.split(":").slice(1, 4).join(":")}`, () => {
            assert.strictEqual(toTarget({ bucket: "b-1", keyArn: arn }, FLAGS).region, arn.split(":")[3]);
        });
    }

    for (const arn of [
        "arn:aws:kms:eu-west-1:111122223333:alias/my-key",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "alias/aws/s3",
        "arn:aws:kms:eu-west-1:1111:key/abc",
        "arn:aws:s3:::bucket",
    ]) {
        it(`rejects the key ARN "${arn}", naming the flag`, () => {
            assert.throws(() => toTarget({ bucket: "b-1", keyArn: arn }, FLAGS), /^InputError: --key-arn: .* is not a KMS key ARN/);
        });
    }

    it("defaults to strict aws:kms and keeps the stack's label", () => {
        assert.deepStrictEqual(toTarget({ label: "logs", bucket: "b-1", keyArn: CMK }, FLAGS), {
            label: "logs",
            bucket: "b-1",
            keyArn: CMK,
            region: "eu-west-1",
            enforcement: "strict",
            sseAlgorithm: "aws:kms",
            bucketKeyEnabled: true,
        });
    });

    it("expects Bucket Key off for DSSE, off when told, and refuses it on for DSSE", () => {
        assert.strictEqual(toTarget({ bucket: "b-1", keyArn: CMK, sseAlgorithm: "aws:kms:dsse" }, FLAGS).bucketKeyEnabled, false);
        assert.strictEqual(toTarget({ bucket: "b-1", keyArn: CMK, bucketKeyEnabled: false }, FLAGS).bucketKeyEnabled, false);
        assert.throws(() => toTarget({ bucket: "b-1", keyArn: CMK, sseAlgorithm: "aws:kms:dsse", bucketKeyEnabled: true }, FLAGS), /--no-bucket-key: S3 Bucket Keys do not apply/);
        assert.throws(() => toTarget({ bucket: "b-1", keyArn: CMK, bucketKeyEnabled: "yes" }, FLAGS), /--no-bucket-key: expected true or false/);
    });

    it("rejects an unknown enforcement or algorithm by the name it was given", () => {
        assert.throws(() => toTarget({ bucket: "b-1", keyArn: CMK, enforcement: "lax" }, FLAGS), /--enforcement: expected one of strict, default-encryption, got "lax"/);
        assert.throws(() => toTarget({ bucket: "b-1", keyArn: CMK, sseAlgorithm: "AES256" }, FLAGS), /--sse-algorithm: expected one of aws:kms, aws:kms:dsse/);
    });

    it("rejects a region that is not the key's, since S3 needs the key in the bucket's region", () => {
        assert.throws(() => toTarget({ bucket: "b-1", keyArn: CMK }, FLAGS, "us-east-1"), /--region us-east-1 does not match the region of --key-arn \(eu-west-1\)/);
        assert.strictEqual(toTarget({ bucket: "b-1", keyArn: CMK }, FLAGS, "eu-west-1").region, "eu-west-1");
    });

    it("rejects a malformed region", () => {
        assert.throws(() => checkRegion("Europe"), /--region: "Europe" is not an AWS region name/);
    });
});
