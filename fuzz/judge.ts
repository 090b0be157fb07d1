/**
 * The pack's verdict on many cases at once, as the engine would reach it: one long-lived analyzer
 * process, one AnalyzeStack call per batch (a stack of many buckets, each with its own policy,
 * all encrypted with one stack key), then per-resource Analyze of every policy the stack check
 * passed (the engine runs both; either may block).
 */
import { EngineResource } from "../offline/engine-resource";
import { Diagnostic, PolicyAnalyzer } from "../offline/analyzer";
import { SSE_CONFIG, bucket, bucketPolicy, computed, encryptionConfig, key } from "../tests/policy-pack/fixtures";
import { CMK, Case, FuzzConfig, KEY_NAME, forBucket } from "./world";

export const POLICY = "s3-bucket-policy-enforces-cmk";

export interface PackVerdict {
    blocked: boolean;
    /** The pack's messages about this case's bucket or policy. */
    messages: string[];
}

/** Thrown when the pack downgraded a check to advisory ("can't run during preview"). */
export class DowngradeError extends Error {}

export class PackJudge {
    private configured: string | undefined;

    constructor(private readonly analyzer: PolicyAnalyzer) {}

    /** Judges cases that share one config; the result is in the cases' order. */
    async judge(cases: Case[]): Promise<PackVerdict[]> {
        const config = cases[0].config;
        if (cases.some((c) => c.config !== config)) {
            throw new Error("a batch must share one config");
        }
        await this.configure(config);
        const k = key("update", KEY_NAME);
        const perCase = cases.map((c, i) => resourcesFor(c, i, k));
        const ds = await this.analyzer.analyzeStack([k, ...perCase.flatMap((r) => [r.bucket, r.config, r.policy])]);
        refuseDowngrades(ds);
        const verdicts: PackVerdict[] = [];
        for (const r of perCase) {
            const mine = ds.filter((d) => d.policyName === POLICY && (d.urn === r.bucket.urn || d.urn === r.policy.urn));
            if (!mine.some((d) => d.enforcementLevel === "mandatory")) {
                const before = await this.analyzer.analyze(r.policy);
                refuseDowngrades(before);
                mine.push(...before.filter((d) => d.policyName === POLICY));
            }
            verdicts.push({ blocked: mine.some((d) => d.enforcementLevel === "mandatory"), messages: mine.map((d) => d.message) });
        }
        return verdicts;
    }

    private async configure(config: FuzzConfig): Promise<void> {
        const id = JSON.stringify(config);
        if (this.configured !== id) {
            await this.analyzer.configure({ [POLICY]: { ...config } });
            this.configured = id;
        }
    }
}

function resourcesFor(c: Case, i: number, k: EngineResource): { bucket: EngineResource; config: EngineResource; policy: EngineResource } {
    const b = bucket("update", `fuzz${i}`);
    const extraRule = c.sseCBlocked ? { blockedEncryptionTypes: ["SSE-C"] } : {};
    const config = encryptionConfig("update", b, { sseAlgorithm: "aws:kms", kmsMasterKeyId: computed("update", CMK, k) }, SSE_CONFIG, extraRule);
    return { bucket: b, config, policy: bucketPolicy("update", b, forBucket(c.doc, b.name), [k]) };
}

function refuseDowngrades(ds: Diagnostic[]): void {
    const downgraded = ds.find((d) => /can't run/i.test(d.message));
    if (downgraded) {
        throw new DowngradeError(`${downgraded.policyName} was downgraded: ${downgraded.message}`);
    }
}
