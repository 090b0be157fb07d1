import { ResourceValidationPolicy } from "@pulumi/policy";
import { ValueObject, isUnknown, nonEmptyString, show } from "../known";
import { KeyKind, isImported, keyKindOf, notForS3 } from "../model/key-kinds";
import { readAnalyzedResource } from "../model/resource";

/** Why the key's rotation setting is wrong, or `undefined`; the rotation rule comes from its kind. */
export function rotationFinding(kind: KeyKind, props: ValueObject): string | undefined {
    // KMS rotates automatically only symmetric encryption keys with KMS-made material outside
    // custom key stores, and rotates replicas with their primary: for other keys there is nothing to turn on.
    if (kind.rotation.kind !== "setting" || isImported(kind, props) || notForS3(kind, props)) {
        return undefined;
    }
    if (kind.customKeyStore !== undefined && nonEmptyString(props[kind.customKeyStore])) {
        return undefined;
    }
    const property = kind.rotation.property;
    const rotation = props[property];
    if (rotation === true) {
        return undefined;
    }
    if (isUnknown(rotation)) {
        return `${property} is unknown until apply, and nothing known proves it is on. Expected ${property}: true`;
    }
    return `${property} is ${rotation === undefined ? "not set (KMS then never rotates the key)" : show(rotation)}. Expected ${property}: true`;
}

export const kmsKeyRotationEnabled: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description: "KMS keys that KMS can rotate must have automatic key rotation turned on (replicas follow their primary; imported key material cannot rotate automatically).",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const kind = keyKindOf(args.type);
        if (!kind) {
            return;
        }
        const finding = rotationFinding(kind, readAnalyzedResource(args).props);
        if (finding) {
            reportViolation(`${kind.label} ${args.name}: ${finding}.`, args.urn);
        }
    },
};
