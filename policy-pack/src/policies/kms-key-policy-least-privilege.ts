import { ResourceValidationPolicy } from "@pulumi/policy";
import { Facts, finding } from "../findings/finding";
import { policyMetadata } from "../findings/metadata";
import { reportFindings } from "../findings/wording";
import { Value, ValueObject, asList, isObject, isUnknown, show } from "../known";
import { readDocument, statementLabel } from "../iam/document";
import { keyPolicyHolderOf } from "../model/key-kinds";
import { readAnalyzedResource } from "../model/resource";

/** A principal that is anyone: `"*"`, or `"*"` among the AWS principals. */
function isEveryone(principal: Value): boolean {
    return principal === "*" || (isObject(principal) && asList(principal.AWS).includes("*"));
}

function hasCondition(s: ValueObject): boolean {
    return isObject(s.Condition) ? Object.keys(s.Condition).length > 0 : s.Condition !== undefined && s.Condition !== null;
}

const NAME = "kms-key-policy-least-privilege";

/**
 * What in the key's settings or policy grants more than it should; empty when nothing does.
 * `policy` and `bypass` name the properties, which differ by kind (key-kinds.ts).
 */
function keyPolicyFacts(props: ValueObject, policy: string, bypassProperty: string | undefined): Facts[] {
    const findings: Facts[] = [];
    const bypass = bypassProperty === undefined ? undefined : props[bypassProperty];
    if (bypassProperty !== undefined && bypass !== undefined && bypass !== false) {
        findings.push(isUnknown(bypass)
            ? { code: "EB-KPL-002", property: bypassProperty }
            : { code: "EB-KPL-001", property: bypassProperty, value: show(bypass) });
    }
    // @pulumi/aws carries the policy as JSON text, aws-native as an object: readDocument takes both.
    const doc = readDocument(props[policy]);
    switch (doc.kind) {
        case "absent":
            // KMS's default key policy: the account's IAM policies decide.
            break;
        case "unknown":
            findings.push({ code: "EB-KPL-003" });
            break;
        case "invalid":
            findings.push({ code: "EB-KPL-004", why: doc.why });
            break;
        case "statements":
            doc.statements.forEach((s, i) => {
                if (s.Effect !== "Allow") {
                    return;
                }
                const statement = statementLabel(s, i);
                if (s.NotPrincipal !== undefined) {
                    findings.push({ code: "EB-KPL-005", statement });
                } else if (isUnknown(s.Principal)) {
                    findings.push({ code: "EB-KPL-006", statement });
                } else if (isEveryone(s.Principal) && !hasCondition(s)) {
                    findings.push({ code: "EB-KPL-007", statement });
                }
            });
            break;
    }
    return findings;
}

export const kmsKeyPolicyLeastPrivilege: ResourceValidationPolicy = {
    name: NAME,
    description: "KMS key policies must not grant access to any principal without a condition, nor bypass the lock-out safety check.",
    enforcementLevel: "advisory",
    ...policyMetadata(NAME),
    validateResource: (args, reportViolation) => {
        const holder = keyPolicyHolderOf(args.type);
        if (!holder) {
            return;
        }
        const subject = { label: holder.label, resource: args.name };
        reportFindings(keyPolicyFacts(readAnalyzedResource(args).props, holder.policy, holder.bypass)
            .map((facts) => finding(NAME, args.urn, subject, facts, { kind: "least-privilege" })), reportViolation);
    },
};
