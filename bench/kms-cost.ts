/**
 * 5. KMS request cost with and without an S3 Bucket Key, for a stated workload. A model, not a
 * measurement: every assumption is a named constant below, and the README cites the prices.
 *
 * Without a Bucket Key S3 calls KMS for every request on an SSE-KMS object: GenerateDataKey per
 * PUT, Decrypt per GET. With one, S3 fetches a short-lived bucket-level key at least once per
 * requester and reuses it; AWS documents neither the lifetime nor the cache hit rate, so the
 * model assumes a refresh per requester every REFRESH_MINUTES, for puts and for gets.
 */
import { Table } from "./table";

export const KMS_PRICE_PER_10K_REQUESTS_USD = 0.03; // symmetric-key requests, us-east-1 (AWS KMS pricing page)
export const KMS_FREE_REQUESTS_PER_MONTH = 20_000; // account-wide free tier (AWS KMS pricing page)
export const KEY_STORAGE_USD_PER_MONTH = 1; // per customer-managed key, before rotation charges

export interface Workload {
    putsPerMonth: number;
    getsPerMonth: number;
    /** Distinct IAM principals (roles, sessions) calling S3: each gets its own bucket-level key. */
    requesters: number;
    refreshMinutes: number;
}

export const DEFAULT_WORKLOAD: Workload = { putsPerMonth: 10_000_000, getsPerMonth: 50_000_000, requesters: 10, refreshMinutes: 5 };

const MINUTES_PER_MONTH = 30 * 24 * 60;

export function kmsRequests(w: Workload, bucketKey: boolean): number {
    if (!bucketKey) {
        return w.putsPerMonth + w.getsPerMonth;
    }
    const windows = MINUTES_PER_MONTH / w.refreshMinutes;
    // One GenerateDataKey (for puts) and one Decrypt (for gets) per requester per window, at most
    // one per actual request.
    return Math.min(w.putsPerMonth, w.requesters * windows) + Math.min(w.getsPerMonth, w.requesters * windows);
}

export function kmsRequestCostUsd(requests: number): number {
    return (Math.max(0, requests - KMS_FREE_REQUESTS_PER_MONTH) / 10_000) * KMS_PRICE_PER_10K_REQUESTS_USD;
}

export function kmsCostTable(w: Workload = DEFAULT_WORKLOAD): Table {
    const usd = (x: number) => `$${x.toFixed(2)}`;
    const rows = [false, true].map((bucketKey) => {
        const requests = kmsRequests(w, bucketKey);
        return [bucketKey ? "with S3 Bucket Key" : "without S3 Bucket Key", requests.toLocaleString("en-US"), usd(kmsRequestCostUsd(requests)), usd(kmsRequestCostUsd(requests) + KEY_STORAGE_USD_PER_MONTH)];
    });
    return {
        title: "KMS request cost model (one bucket, one customer-managed key, per month)",
        headers: ["configuration", "KMS requests", "request cost", "with key storage"],
        rows,
        notes: [
            `workload: ${w.putsPerMonth.toLocaleString("en-US")} single-part PUT + ${w.getsPerMonth.toLocaleString("en-US")} GET a month, ${w.requesters} distinct requesters; bucket-level key refreshed per requester every ${w.refreshMinutes} min (assumed: AWS gives no figure).`,
            `prices: $${KMS_PRICE_PER_10K_REQUESTS_USD} per 10,000 symmetric requests after ${KMS_FREE_REQUESTS_PER_MONTH.toLocaleString("en-US")} free a month (account-wide), $${KEY_STORAGE_USD_PER_MONTH}/month per key (rotation adds to it); S3 request charges and DSSE-KMS (no Bucket Key support) are out of scope. Multipart uploads also call Decrypt, so each costs more than one request without a Bucket Key.`,
        ],
    };
}
