import { ResourceValidationPolicy } from "@pulumi/policy";
import { ValueObject, isUnknown, show } from "../known";
import { readAnalyzedResource } from "../model/resource";
import { TYPES, forType } from "../resource-types";

/** Why the key's rotation setting is wrong, or `undefined`. */
export function rotationFinding(props: ValueObject): string | undefined {
    const spec = props.keySpec ?? props.customerMasterKeySpec;
    const usage = props.keyUsage;
    // KMS rotates only symmetric encryption keys; other keys cannot have rotation turned on.
    if ((typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") || (typeof usage === "string" && usage !== "ENCRYPT_DECRYPT")) {
        return undefined;
    }
    const rotation = props.enableKeyRotation;
    if (rotation === true) {
        return undefined;
    }
    if (isUnknown(rotation)) {
        return "enableKeyRotation is unknown until apply, and nothing known proves it is on";
    }
    return `enableKeyRotation is ${rotation === undefined ? "not set (KMS then never rotates the key)" : show(rotation)}`;
}

export const kmsKeyRotationEnabled: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description: "KMS keys must have automatic key rotation turned on.",
    enforcementLevel: "advisory",
    validateResource: forType(TYPES.key, (args, reportViolation) => {
        const finding = rotationFinding(readAnalyzedResource(args).props);
        if (finding) {
            reportViolation(`KMS key ${args.name}: ${finding}. Expected enableKeyRotation: true.`, args.urn);
        }
    }),
};
