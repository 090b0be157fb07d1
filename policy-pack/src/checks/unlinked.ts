import { StackModel } from "../model/stack";

/**
 * Encryption configurations or bucket policies that no known fact ties to one bucket. Dropping
 * them would let a wrong configuration through unseen, so each is a finding on its own URN.
 */
export function unlinkedFindings(model: StackModel, kind: "encryption" | "policy"): Array<{ urn: string; message: string }> {
    return model.unlinked.filter((u) => u.kind === kind).map((u) => ({
        urn: u.urn,
        message: `${u.what}: its bucket is unknown until apply and is computed from no single bucket of the stack, `
            + "so nothing known says which bucket it applies to. Compute its bucket from exactly one bucket resource.",
    }));
}
