import { ResourceValidationPolicy } from "@pulumi/policy";
import { Facts, finding } from "../findings/finding";
import { policyMetadata } from "../findings/metadata";
import { reportFindings } from "../findings/wording";
import { ValueObject, isUnknown, nonEmptyString, show } from "../known";
import { KeyKind, isImported, keyKindOf, notForS3 } from "../model/key-kinds";
import { readAnalyzedResource } from "../model/resource";

const NAME = "kms-key-rotation-enabled";

/** What is wrong with the key's rotation setting, or `undefined`; the rotation rule comes from its kind. */
function rotationFacts(kind: KeyKind, props: ValueObject): Facts | undefined {
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
        return { code: "EB-ROT-002", property };
    }
    return { code: "EB-ROT-001", property, ...(rotation === undefined ? {} : { value: show(rotation) }) };
}

export const kmsKeyRotationEnabled: ResourceValidationPolicy = {
    name: NAME,
    description: "KMS keys that KMS can rotate must have automatic key rotation turned on (replicas follow their primary; imported key material cannot rotate automatically).",
    enforcementLevel: "advisory",
    ...policyMetadata(NAME),
    validateResource: (args, reportViolation) => {
        const kind = keyKindOf(args.type);
        if (!kind) {
            return;
        }
        const facts = rotationFacts(kind, readAnalyzedResource(args).props);
        if (facts) {
            const property = kind.rotation.kind === "setting" ? kind.rotation.property : "enableKeyRotation";
            reportFindings([finding(NAME, args.urn, { label: kind.label, resource: args.name }, facts, { kind: "rotation-on", property })], reportViolation);
        }
    },
};
