/**
 * The encryption an object or the bucket default reports, judged against the target. HeadObject
 * and GetBucketEncryption answer in the same three terms, so one judgement serves both rows.
 */
import { Target } from "./target";

export interface ReportedEncryption {
    algorithm?: string;
    keyId?: string;
    bucketKey?: boolean;
}

export function expectedEncryption(target: Target): string {
    return `${target.sseAlgorithm}, CMK, bucket key ${target.bucketKeyEnabled ? "on" : "off"}`;
}

/**
 * `acceptedKeyIds` are the spellings of the CMK that count: HeadObject always reports the key ARN,
 * while a bucket default holds whatever id form it was configured with.
 */
export function judgeEncryption(
    reported: ReportedEncryption,
    target: Target,
    acceptedKeyIds: readonly string[] = [target.keyArn],
): { got: string; pass: boolean } {
    const isCmk = reported.keyId !== undefined && acceptedKeyIds.includes(reported.keyId);
    const bucketKey = reported.bucketKey === true;
    return {
        got: `${reported.algorithm ?? "no SSE"}, ${isCmk ? "CMK" : (reported.keyId ?? "no key")}, bucket key ${bucketKey ? "on" : "off"}`,
        pass: reported.algorithm === target.sseAlgorithm && isCmk && bucketKey === target.bucketKeyEnabled,
    };
}
