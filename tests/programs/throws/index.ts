import * as aws from "@pulumi/aws";

interface Settings { buckets: string[] }

function settings(): Settings {
    const raw = process.env.HALF_WRITTEN_SETTINGS;
    if (raw === undefined) {
        throw new Error("settings are not configured: set HALF_WRITTEN_SETTINGS");
    }
    return JSON.parse(raw) as Settings;
}

export const names = settings().buckets.map((b) => new aws.s3.Bucket(b).bucket);
