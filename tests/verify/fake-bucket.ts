/**
 * In-memory S3 buckets behind aws-sdk-client-mock that behave as the component deploys them: the
 * bucket policy is a predicate over the upload's encryption headers, stored objects keep the
 * encryption S3 would give them, and versions stay until deleted by VersionId. Tests then break
 * one behaviour at a time with a later, more specific `s3.on(...)`.
 */
import {
    DeleteObjectCommand,
    GetBucketEncryptionCommand,
    GetBucketPolicyCommand,
    GetBucketVersioningCommand,
    GetPublicAccessBlockCommand,
    HeadObjectCommand,
    ListObjectVersionsCommand,
    PutObjectCommand,
    PutObjectCommandInput,
    S3Client,
    S3ServiceException,
} from "@aws-sdk/client-s3";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { Target } from "../../verify/target";

export const CMK = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const OTHER_KEY = "arn:aws:kms:eu-west-1:111122223333:key/99999999-aaaa-bbbb-cccc-dddddddddddd";

export const TARGET: Target = {
    bucket: "verify-test-bucket",
    keyArn: CMK,
    region: "eu-west-1",
    enforcement: "strict",
    sseAlgorithm: "aws:kms",
    bucketKeyEnabled: true,
};

export type S3Mock = AwsStub<any, any, any>;

/**
 * Puts the real `send` back after each test, so no other test file in the same mocha run meets a
 * fake. (mockClient first undoes any stub already on the prototype, then `restore` undoes its own.)
 */
export function restoreS3(): void {
    mockClient(S3Client).restore();
}

export function s3Error(name: string, status: number, message = `${name} from the fake`): S3ServiceException {
    return new S3ServiceException({ name, $fault: status < 500 ? "client" : "server", $metadata: { httpStatusCode: status }, message });
}

/** The component's bucket policy: the CMK header pair, or (default-encryption mode) no header at all. */
export function deployedPolicy(target: Target): (input: PutObjectCommandInput) => boolean {
    return (input) =>
        (input.ServerSideEncryption === target.sseAlgorithm && input.SSEKMSKeyId === target.keyArn) ||
        (target.enforcement === "default-encryption" && input.ServerSideEncryption === undefined && input.SSEKMSKeyId === undefined);
}

interface StoredVersion {
    Bucket: string;
    Key: string;
    VersionId: string;
    ServerSideEncryption: string;
    SSEKMSKeyId?: string;
    BucketKeyEnabled: boolean;
}

export interface FakeS3 {
    s3: S3Mock;
    /** Every version still stored, so tests can see what clean-up left behind. */
    versions: Map<string, StoredVersion>;
}

/**
 * One fake per test: aws-sdk-client-mock replaces `send` on every S3Client, including the ones the
 * CLI creates. `allows` replaces every bucket's policy, for buckets deployed wrongly.
 */
export function fakeS3(targets: readonly Target[] = [TARGET], allows?: (input: PutObjectCommandInput) => boolean): FakeS3 {
    const s3 = mockClient(S3Client);
    const versions = new Map<string, StoredVersion>();
    const byBucket = new Map(targets.map((t) => [t.bucket, t]));
    const targetOf = (input: { Bucket?: string }): Target => {
        const target = byBucket.get(input.Bucket!);
        if (!target) throw s3Error("NoSuchBucket", 404);
        return target;
    };
    const withBucketKey = (target: Target) => target.bucketKeyEnabled;
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
        const target = targetOf(input);
        if (!(allows ?? deployedPolicy(target))(input)) {
            throw s3Error("AccessDenied", 403, "explicit deny in a resource-based policy");
        }
        const VersionId = `v${versions.size + 1}`;
        const algorithm = input.ServerSideEncryption ?? target.sseAlgorithm;
        const kms = algorithm.startsWith("aws:kms");
        versions.set(VersionId, {
            Bucket: target.bucket,
            Key: input.Key!,
            VersionId,
            ServerSideEncryption: algorithm,
            SSEKMSKeyId: kms ? (input.SSEKMSKeyId ?? target.keyArn) : undefined,
            BucketKeyEnabled: kms && withBucketKey(target),
        });
        return { VersionId };
    });
    s3.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
        const latest = [...versions.values()].reverse().find((v) => v.Bucket === input.Bucket && v.Key === input.Key);
        if (!latest) throw s3Error("NotFound", 404);
        const { ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled } = latest;
        return { ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled };
    });
    s3.on(ListObjectVersionsCommand).callsFake((input: { Bucket: string; Prefix: string }) => ({
        Versions: [...versions.values()]
            .filter((v) => v.Bucket === input.Bucket && v.Key.startsWith(input.Prefix))
            .map(({ Key, VersionId }) => ({ Key, VersionId })),
        IsTruncated: false,
    }));
    s3.on(DeleteObjectCommand).callsFake((input: { VersionId: string }) => {
        versions.delete(input.VersionId);
        return {};
    });
    s3.on(GetBucketEncryptionCommand).callsFake((input) => {
        const target = targetOf(input);
        return {
            ServerSideEncryptionConfiguration: {
                Rules: [
                    {
                        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: target.sseAlgorithm, KMSMasterKeyID: target.keyArn },
                        BucketKeyEnabled: withBucketKey(target),
                    },
                ],
            },
        };
    });
    s3.on(GetPublicAccessBlockCommand).resolves({
        PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
        },
    });
    s3.on(GetBucketPolicyCommand).resolves({
        Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject" }] }),
    });
    s3.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" });
    return { s3, versions };
}
