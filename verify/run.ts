/** Every check against one bucket, in the lab's order, ending with the probe clean-up. */
import { S3Client } from "@aws-sdk/client-s3";
import { bucketSettingsRows } from "./bucket-settings";
import { cleanUp } from "./cleanup";
import { CheckRow } from "./outcome";
import { probesFor, runProbe } from "./probes";
import { Target } from "./target";

export interface BucketReport {
    target: Target;
    probePrefix: string;
    rows: CheckRow[];
}

export async function verifyBucket(s3: S3Client, target: Target, probePrefix: string): Promise<BucketReport> {
    const rows: CheckRow[] = [];
    try {
        for (const probe of probesFor(target, probePrefix)) rows.push(...(await runProbe(s3, target, probe)));
        rows.push(...(await bucketSettingsRows(s3, target)));
    } finally {
        // Even if a check throws on something unforeseen, the probes must not stay in the bucket.
        rows.push(await cleanUp(s3, target.bucket, probePrefix));
    }
    return { target, probePrefix, rows };
}

export function passed(report: BucketReport): boolean {
    return report.rows.every((row) => row.pass);
}
