/**
 * The directory-bucket dialect of bucket policies. Every write to a directory bucket runs in a
 * session from `s3express:CreateSession`, and S3 documents requiring SSE-KMS by denying sessions
 * whose request names no KMS key (`s3express:x-amz-server-side-encryption-aws-kms-key-id`), and
 * that a session or upload naming any key but the bucket's default customer-managed key fails:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-UsingKMSEncryption.html
 * (section "Requiring SSE-KMS") and the CopyObject/PutObject API references ("Incorrect key
 * specification results in an HTTP 400 Bad Request error"). So the sessions to deny are those
 * that ask for SSE-S3, and (with requireEncryptionHeaders) those that ask for nothing.
 */
import { ValueObject, asList, isUnknown } from "../known";
import { DeniableRequest, KeyFacts, UploadGaps, WriteRequest, header, request, undeniedRequests } from "./requests";
import { anyElement, everyPrincipal } from "./statement";
import { Tri, and, or } from "./tri";
import { wildcardMatch } from "./wildcard";

const SESSION_ACTION = "s3express:CreateSession";
const SSE = "s3express:x-amz-server-side-encryption";
const KEY_ID = "s3express:x-amz-server-side-encryption-aws-kms-key-id";

export interface SessionTarget {
    /** The bucket's ARN (`arn:<partition>:s3express:<region>:<account>:bucket/<name>`), when known. */
    arn?: string;
    /** Its name, when the ARN is not known yet. */
    name?: string;
    /** Whether a Resource unknown in preview can only be this bucket's ARN. */
    unknownResourceIsBucket: boolean;
}

function session(asks: WriteRequest): DeniableRequest {
    return request(asks, { [SSE]: header(asks.algorithm), [KEY_ID]: { kind: "absent" } });
}

/** The sessions a directory bucket's policy must deny, as data: findings word them and what is expected from this one list. */
export function sessionsToDeny(requireEncryptionHeaders: boolean): WriteRequest[] {
    return [{ algorithm: "AES256", key: "absent" }, ...(requireEncryptionHeaders ? [{ key: "absent" as const }] : [])];
}

const BAD_SESSIONS = sessionsToDeny(false).map(session);
const BAD_SESSIONS_WITH_HEADERS = sessionsToDeny(true).map(session);

/**
 * Whether a Resource pattern covers the bucket. Without its ARN, the bucket part must match its
 * name; partition, region and account are taken as S3 checks them, as the model does for
 * general-purpose buckets: a bucket policy can only name its own bucket (see model/stack.ts).
 */
function coversBucket(pattern: string, target: SessionTarget): boolean {
    if (pattern === "*") {
        return true;
    }
    if (target.arn !== undefined) {
        return wildcardMatch(pattern, target.arn);
    }
    const parts = pattern.split(":");
    return target.name !== undefined && parts.length === 6 && parts[0] === "arn" && wildcardMatch(parts[2], "s3express")
        && wildcardMatch(parts[5], `bucket/${target.name}`);
}

function deniesAllSessions(s: ValueObject, target: SessionTarget): Tri {
    if (s.Effect !== "Deny") {
        return false;
    }
    const action = s.Action !== undefined ? anyElement(s.Action, (a) => wildcardMatch(a, SESSION_ACTION, true)) : "maybe";
    const resource = s.NotResource !== undefined || s.Resource === undefined
        ? "maybe"
        : or(...asList(s.Resource).map((r): Tri => (isUnknown(r) ? (target.unknownResourceIsBucket ? true : "maybe") : typeof r === "string" && coversBucket(r, target))));
    return and(everyPrincipal(s), action, resource);
}

/**
 * The sessions the statements do not provably deny (empty when the policy
 * enforces), and the deny conditions not relied upon because AWS leaves them undocumented.
 */
export function undeniedSessions(statements: ValueObject[], target: SessionTarget, keys: KeyFacts, requireEncryptionHeaders: boolean): UploadGaps {
    return undeniedRequests(statements, (s) => deniesAllSessions(s, target), requireEncryptionHeaders ? BAD_SESSIONS_WITH_HEADERS : BAD_SESSIONS, keys);
}
