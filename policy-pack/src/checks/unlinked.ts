import { Finding, finding } from "../findings/finding";
import { StackModel } from "../model/stack";

/**
 * Encryption configurations or bucket policies that no known fact ties to one bucket. Dropping
 * them would let a wrong configuration through unseen, so each is a finding on its own URN.
 */
export function unlinkedFindings(policy: string, model: StackModel, kind: "encryption" | "policy"): Finding[] {
    return model.unlinked.filter((u) => u.kind === kind).map((u) => finding(policy, u.urn,
        { label: kind === "encryption" ? "encryption configuration" : "bucket policy", resource: u.name },
        { code: "EB-LNK-001", what: kind },
        { kind: "one-bucket" }));
}
