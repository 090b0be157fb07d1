/** What counts as encryption with an allowed customer-managed key: shared by the storage and object rules. */
import { KeyChoiceConfig, isAllowedKeyArn } from "../config";
import { Expected, Facts, Where } from "../findings/finding";
import { Value, isUnknown, show } from "../known";
import { KeyRef, keyArn } from "../model/keys";

const KMS = "aws:kms";
const DSSE = "aws:kms:dsse";

/** Why DSSE-KMS is refused where it is: the policy's config, or the kind of storage, which has none. */
export type DsseOff = "config" | "kind";

/** Whether `sseAlgorithm` asks for SSE-KMS under a key (allowed or not): only then does the key it names matter. */
function namesKmsAlgorithm(sseAlgorithm: Value): boolean {
    return sseAlgorithm === KMS || sseAlgorithm === DSSE;
}

/** The finding about `sseAlgorithm`, or `undefined` if it is allowed SSE-KMS. */
export function algorithmFacts(sseAlgorithm: Value, allowDsse: boolean, dsseOff: DsseOff, where: Where): Facts | undefined {
    if (sseAlgorithm === KMS || (sseAlgorithm === DSSE && allowDsse)) {
        return undefined;
    }
    if (sseAlgorithm === DSSE) {
        return { code: "EB-SSE-005", where, because: dsseOff };
    }
    if (sseAlgorithm === "AES256") {
        return { code: "EB-SSE-001", where };
    }
    if (isUnknown(sseAlgorithm)) {
        return { code: "EB-SSE-004", where };
    }
    if (sseAlgorithm === undefined || sseAlgorithm === null || sseAlgorithm === "") {
        return { code: "EB-SSE-002", where };
    }
    return { code: "EB-SSE-003", where, algorithm: show(sseAlgorithm) };
}

/** The finding about `key`, or `undefined` if it is an allowed customer-managed key; `algorithm` is what asked for it. */
export function keyFacts(key: KeyRef, config: KeyChoiceConfig, where: Where, algorithm?: string): Facts | undefined {
    const arn = keyArn(key);
    if ((key.kind === "stack" && config.allowStackKeys) || (arn !== undefined && isAllowedKeyArn(arn, config.allowedKeyArns))) {
        return undefined;
    }
    switch (key.kind) {
        case "none": return { code: "EB-KEY-001", where, algorithm };
        case "aws-managed": return { code: "EB-KEY-002", where, key };
        case "alias": return { code: "EB-KEY-003", where, key };
        case "not-for-s3": return { code: "EB-KEY-004", where, key };
        case "unresolved": return { code: "EB-KEY-005", where, key };
        case "stack": return { code: "EB-KEY-006", where, key };
        case "external": return { code: "EB-KEY-007", where, key };
    }
}

/**
 * The findings about one rule: its algorithm and the key it names. A rule that asks for another
 * algorithm (SSE-S3, or any other known value) has one finding: its key then means nothing, and
 * "no key id" would contradict it. A rule that names no known algorithm still has its key judged
 * when it names one: a wrong key is a second thing to fix.
 */
export function ruleFacts(rule: { sseAlgorithm: Value; key: KeyRef }, config: KeyChoiceConfig, dsseOff: DsseOff, where: Where): Facts[] {
    const algorithm = algorithmFacts(rule.sseAlgorithm, config.allowDsse, dsseOff, where);
    const otherAlgorithm = algorithm !== undefined && !namesKmsAlgorithm(rule.sseAlgorithm);
    const algorithmNamed = typeof rule.sseAlgorithm === "string" && rule.sseAlgorithm !== "";
    if (otherAlgorithm && (algorithmNamed || rule.key.kind === "none")) {
        return [algorithm];
    }
    const key = keyFacts(rule.key, config, where, algorithmNamed ? rule.sseAlgorithm as string : undefined);
    return [...(algorithm ? [algorithm] : []), ...(key ? [key] : [])];
}

export function expectedEncryption(config: KeyChoiceConfig): Expected {
    return { kind: "cmk-encryption", algorithms: config.allowDsse ? [KMS, DSSE] : [KMS], stackKeys: config.allowStackKeys, keyPatterns: config.allowedKeyArns };
}
