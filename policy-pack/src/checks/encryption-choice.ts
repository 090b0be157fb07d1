/** What counts as encryption with an allowed customer-managed key: shared by the bucket and object rules. */
import { KeyChoiceConfig, isAllowedKeyArn } from "../config";
import { Value, isUnknown, show } from "../known";
import { KeyRef, describeKey, keyArn } from "../model/keys";

const KMS = "aws:kms";
const DSSE = "aws:kms:dsse";

/** Why `sseAlgorithm` is not SSE-KMS, or `undefined` if it is. */
export function algorithmProblem(sseAlgorithm: Value, allowDsse: boolean): string | undefined {
    if (sseAlgorithm === KMS || (sseAlgorithm === DSSE && allowDsse)) {
        return undefined;
    }
    if (sseAlgorithm === DSSE) {
        return "dual-layer SSE-KMS (aws:kms:dsse), which allowDsse turns off";
    }
    if (sseAlgorithm === "AES256") {
        return "SSE-S3 (AES256), encrypted with a key AWS owns";
    }
    if (isUnknown(sseAlgorithm)) {
        return "an encryption algorithm unknown until apply, which nothing known proves is SSE-KMS";
    }
    return `the encryption algorithm ${show(sseAlgorithm)}, which is not SSE-KMS`;
}

/** Why `key` is not an allowed customer-managed key, or `undefined` if it is. */
export function keyProblem(key: KeyRef, config: KeyChoiceConfig): string | undefined {
    const arn = keyArn(key);
    if ((key.kind === "stack" && config.allowStackKeys) || (arn !== undefined && isAllowedKeyArn(arn, config.allowedKeyArns))) {
        return undefined;
    }
    switch (key.kind) {
        case "none":
        case "aws-managed":
        case "not-for-s3":
        case "alias":
        case "unresolved":
            return describeKey(key);
        case "stack":
            return `${describeKey(key)}, but allowStackKeys is false and it matches no allowedKeyArns pattern`;
        case "external":
            return `the key ${key.arn}, which matches no allowedKeyArns pattern`;
    }
}

export function expectedEncryption(config: KeyChoiceConfig): string {
    const algorithms = config.allowDsse ? `${KMS} or ${DSSE}` : KMS;
    const keys = [
        ...(config.allowStackKeys ? ["a symmetric customer-managed key declared in this stack, named by its key ARN or id (docs/key-kinds.md)"] : []),
        ...(config.allowedKeyArns.length > 0 ? [`a key matching allowedKeyArns (${config.allowedKeyArns.join(", ")})`] : []),
    ];
    return `SSE-KMS (${algorithms}) with ${keys.length > 0 ? keys.join(" or ") : "a customer-managed key, but the policy's config allows none"}`;
}
