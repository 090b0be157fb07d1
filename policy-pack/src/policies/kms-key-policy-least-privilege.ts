import { ResourceValidationPolicy } from "@pulumi/policy";
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

/**
 * What in the key's settings or policy grants more than it should; empty when nothing does.
 * `policy` and `bypass` name the properties, which differ by kind (key-kinds.ts).
 */
export function keyPolicyFindings(props: ValueObject, policy: string, bypassProperty: string | undefined): string[] {
    const findings: string[] = [];
    const bypass = bypassProperty === undefined ? undefined : props[bypassProperty];
    if (bypass !== undefined && bypass !== false) {
        findings.push(isUnknown(bypass)
            ? `${bypassProperty} is unknown until apply`
            : `${bypassProperty} is ${show(bypass)}: KMS then accepts a policy that locks everyone out of the key`);
    }
    // @pulumi/aws carries the policy as JSON text, aws-native as an object: readDocument takes both.
    const doc = readDocument(props[policy]);
    switch (doc.kind) {
        case "absent":
            // KMS's default key policy: the account's IAM policies decide.
            break;
        case "unknown":
            findings.push("its key policy is unknown until apply, and nothing known proves it grants no one-size-fits-all access");
            break;
        case "invalid":
            findings.push(`its key policy is unreadable: ${doc.why}`);
            break;
        case "statements":
            doc.statements.forEach((s, i) => {
                if (s.Effect !== "Allow") {
                    return;
                }
                if (s.NotPrincipal !== undefined) {
                    findings.push(`${statementLabel(s, i)} allows everyone but the principals it names (NotPrincipal)`);
                } else if (isUnknown(s.Principal)) {
                    findings.push(`${statementLabel(s, i)} allows a principal unknown until apply`);
                } else if (isEveryone(s.Principal) && !hasCondition(s)) {
                    findings.push(`${statementLabel(s, i)} allows any principal ("*") with no condition`);
                }
            });
            break;
    }
    return findings;
}

export const kmsKeyPolicyLeastPrivilege: ResourceValidationPolicy = {
    name: "kms-key-policy-least-privilege",
    description: "KMS key policies must not grant access to any principal without a condition, nor bypass the lock-out safety check.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const holder = keyPolicyHolderOf(args.type);
        if (!holder) {
            return;
        }
        const findings = keyPolicyFindings(readAnalyzedResource(args).props, holder.policy, holder.bypass);
        if (findings.length > 0) {
            reportViolation(`${holder.label} ${args.name}: ${findings.join("; ")}. Expected principals named explicitly, or "*" only under a condition, and the lock-out safety check kept.`, args.urn);
        }
    },
};
