/**
 * Which finding codes each policy reports: an exception in a policy's config may name only these
 * (docs/exceptions.md), so that a typo or another policy's code is refused instead of silently
 * covering nothing. tests/policy-pack/exceptions.test.ts checks every code a policy reports is here.
 */
import { Code } from "./codes";

function numbered(family: string, count: number): Code[] {
    return Array.from({ length: count }, (_, i) => `${family}-${String(i + 1).padStart(3, "0")}` as Code);
}

const KEY_CHOICE: Code[] = [...numbered("EB-SSE", 5), ...numbered("EB-KEY", 7)];

export const POLICY_CODES: Record<string, readonly Code[]> = {
    "s3-bucket-encrypted-with-cmk": [...numbered("EB-ENC", 10), ...KEY_CHOICE, "EB-LNK-001"],
    "s3-bucket-policy-enforces-cmk": [...numbered("EB-BPL", 7), "EB-LNK-001"],
    "kms-key-rotation-enabled": numbered("EB-ROT", 2),
    "kms-key-policy-least-privilege": numbered("EB-KPL", 7),
    "s3-object-encrypted-with-cmk": [...KEY_CHOICE, "EB-SSE-006", "EB-SSE-007", "EB-OBJ-001", "EB-OBJ-002"],
    "kms-key-outlives-its-buckets": ["EB-DEL-001"],
    "s3-log-deliveries-arrive": [...numbered("EB-LOG", 5), "EB-LOG-007"],
};

/** The codes policy `name` reports; a policy missing here is a programming error, caught at load. */
export function codesOf(name: string): readonly Code[] {
    const codes = POLICY_CODES[name];
    if (codes === undefined) {
        throw new Error(`no finding codes listed for policy ${name}`);
    }
    return codes;
}
