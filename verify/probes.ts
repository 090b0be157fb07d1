/**
 * The lab's upload tests: one small object per encryption choice, then HeadObject on each upload
 * that must be stored, to see what S3 actually encrypted it with.
 */
import { randomBytes } from "crypto";
import { HeadObjectCommand, PutObjectCommand, PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { judgeEncryption, expectedEncryption } from "./encryption";
import { attempt, CheckRow, DENIED, describeFailure, judgedRow } from "./outcome";
import { Target } from "./target";

export interface Probe {
    label: string;
    key: string;
    encryption: Pick<PutObjectCommandInput, "ServerSideEncryption" | "SSEKMSKeyId">;
    /** Whether the bucket must accept this upload (and so hold it encrypted with the CMK). */
    stored: boolean;
}

/**
 * A fresh folder per run, so that clean-up lists and deletes only this run's objects and two
 * runs (or a run and a user's data) can never touch each other's keys.
 */
export function newProbePrefix(base: string, now = new Date()): string {
    const stamp = now.toISOString().replace(/[-:]|\.\d+/g, "");
    return `${base}${stamp}-${randomBytes(4).toString("hex")}/`;
}

export function probesFor(target: Target, prefix: string): Probe[] {
    return [
        {
            label: "no encryption headers",
            key: `${prefix}no-headers`,
            encryption: {},
            // In default-encryption mode the policy lets S3's bucket default apply the CMK.
            stored: target.enforcement === "default-encryption",
        },
        { label: "SSE-S3 (AES256)", key: `${prefix}aes256`, encryption: { ServerSideEncryption: "AES256" }, stored: false },
        {
            label: "aws:kms with alias/aws/s3",
            key: `${prefix}aws-managed-key`,
            encryption: { ServerSideEncryption: "aws:kms", SSEKMSKeyId: "alias/aws/s3" },
            stored: false,
        },
        {
            // No bucket-key header: S3 then applies the bucket's own Bucket Key setting, which is
            // what the read-back is meant to confirm.
            label: `${target.sseAlgorithm} with the CMK`,
            key: `${prefix}cmk`,
            encryption: { ServerSideEncryption: target.sseAlgorithm, SSEKMSKeyId: target.keyArn },
            stored: true,
        },
    ];
}

export async function runProbe(s3: S3Client, target: Target, probe: Probe): Promise<CheckRow[]> {
    const put = await attempt(() =>
        s3.send(
            new PutObjectCommand({
                Bucket: target.bucket,
                Key: probe.key,
                Body: "encrypted-bucket verify probe; deleted at the end of the run\n",
                ...probe.encryption,
            }),
        ),
    );
    const putRow: CheckRow = {
        check: `upload, ${probe.label}`,
        expected: probe.stored ? "allowed" : DENIED,
        got: put.kind === "ok" ? "allowed" : describeFailure(put),
        pass: probe.stored ? put.kind === "ok" : put.kind === "denied",
        ...(put.kind === "ok" ? {} : { detail: put.message }),
    };
    if (!probe.stored) return [putRow];
    return [putRow, await headRow(s3, target, probe, put.kind === "ok")];
}

async function headRow(s3: S3Client, target: Target, probe: Probe, uploaded: boolean): Promise<CheckRow> {
    const check = `stored encryption, ${probe.label}`;
    const expected = expectedEncryption(target);
    if (!uploaded) return { check, expected, got: "not checked: the upload failed", pass: false };
    const head = await attempt(() => s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: probe.key })));
    return judgedRow(check, expected, head, (h) =>
        judgeEncryption({ algorithm: h.ServerSideEncryption, keyId: h.SSEKMSKeyId, bucketKey: h.BucketKeyEnabled }, target),
    );
}
