/**
 * Whether the stack's own bucket policy refuses the request an object resource sends when the
 * engine writes it: the object passes every encryption rule (it asks for nothing and takes its
 * bucket's default), yet the deployment fails halfway at that object.
 *
 * What the provider sends, from its arguments (terraform-provider-aws, which @pulumi/aws bridges:
 * internal/service/s3/object.go `resourceObjectUpload`, object_copy.go): no encryption header when
 * neither `serverSideEncryption` nor `kmsKeyId` is set; `kmsKeyId` alone sends `aws:kms` with that
 * key id; `serverSideEncryption` sends itself. A copy is authorised as `s3:PutObject` on the
 * destination with the copy request's headers
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html).
 *
 * Only a proven refusal blocks: a Deny for every principal (the deployer's identity is not known
 * to a policy pack) whose conditions provably hold for that request. A document unknown in
 * preview proves nothing, unless its `EncryptedBucket` declares the statements it renders.
 */
import { Value, isUnknown } from "../known";
import { readDocument } from "../iam/document";
import { WriteRequest } from "../iam/requests";
import { refusingStatements } from "../iam/uploads";
import { KeyRef, sameKey } from "../model/keys";
import { ObjectEncryption, UploadArgs } from "../model/objects";
import { PolicyRef, PolicySource } from "../model/policies";
import { StackModel, Storage } from "../model/stack";
import { bucketKey } from "./bucket-key";
import { keyFactsOf, uploadTarget } from "./policy-context";

const ALGORITHMS: ReadonlyArray<WriteRequest["algorithm"]> = ["AES256", "aws:kms", "aws:kms:dsse"];

export interface Refusal {
    /** What the object's write sends. */
    sent: WriteRequest;
    /** Each policy of the bucket, and the statements of it that refuse the write. */
    refusedBy: Array<{ policy: PolicyRef; urn: string; statements: string[] }>;
    /** The arguments its policies provably let through; `undefined` when none could be shown to. */
    fix?: UploadArgs;
}

/**
 * The request the object's write sends, when the evaluator can represent it: `undefined` for an
 * SSE-C request, an algorithm unknown or not one S3 has, or a key other than the bucket's (each
 * of which the encryption rules already judge).
 */
export function sentRequest(encryption: ObjectEncryption, key: KeyRef | undefined): WriteRequest | undefined {
    const given = (v: Value) => v !== undefined && v !== null && v !== "";
    if (given(encryption.customerAlgorithm) || isUnknown(encryption.sseAlgorithm)) {
        return undefined;
    }
    const named = encryption.key;
    if (named && !(key && sameKey(named, key))) {
        return undefined;
    }
    const asked = given(encryption.sseAlgorithm) ? ALGORITHMS.find((a) => a === encryption.sseAlgorithm) : named ? "aws:kms" : undefined;
    if (given(encryption.sseAlgorithm) && asked === undefined) {
        return undefined;
    }
    return { algorithm: asked, key: named ? "cmk" : "absent" };
}

/** The statements a policy's document, or the one its component declares while it is unknown, holds; `undefined` when neither is known. */
function statementsOf(policy: PolicySource) {
    const doc = readDocument(policy.document);
    if (doc.kind === "statements") {
        return doc.statements;
    }
    const declared = doc.kind === "unknown" ? readDocument(policy.declared) : undefined;
    return declared?.kind === "statements" ? declared.statements : undefined;
}

/** The algorithm of the bucket's default encryption, where it is an SSE-KMS one. */
function defaultAlgorithm(bucket: Storage): UploadArgs["serverSideEncryption"] {
    const algorithms = bucket.encryption.flatMap((s) => s.rules.map((r) => r.sseAlgorithm));
    return algorithms.length > 0 && algorithms.every((a) => a === "aws:kms:dsse") ? "aws:kms:dsse" : "aws:kms";
}

/**
 * How the bucket's policies refuse the write `sent`, or `undefined` when that is not proven: the
 * bucket takes no bucket policy in this dialect, has none, or one of its policies (only one is in
 * force, whichever the engine applied last) is not known to refuse it.
 */
export function refusal(bucket: Storage, sent: WriteRequest, model: StackModel): Refusal | undefined {
    // Stacks hold many objects per bucket, and they send a handful of distinct requests.
    const id = `${sent.algorithm}/${sent.key}`;
    let judged = refusals.get(bucket);
    if (judged === undefined) {
        judged = new Map();
        refusals.set(bucket, judged);
    }
    if (!judged.has(id)) {
        judged.set(id, judgeRefusal(bucket, sent, model));
    }
    return judged.get(id);
}

/** Per bucket of a model (the model is built once per analysis), per request sent. */
const refusals = new WeakMap<Storage, Map<string, Refusal | undefined>>();

function judgeRefusal(bucket: Storage, sent: WriteRequest, model: StackModel): Refusal | undefined {
    if (bucket.kind.policyDialect !== "s3" || bucket.policies.length === 0) {
        return undefined;
    }
    const key = bucketKey(bucket);
    const judged = bucket.policies.map((policy) => ({ policy, statements: statementsOf(policy) }));
    const refusedBy: Refusal["refusedBy"] = [];
    for (const { policy, statements } of judged) {
        const refusing = statements ? refusingStatements(statements, uploadTarget(policy, bucket), keyFactsOf(policy, key, model), sent) : [];
        if (refusing.length === 0) {
            return undefined;
        }
        refusedBy.push({ policy: policy.where, urn: policy.urn, statements: refusing });
    }
    const fix: UploadArgs | undefined = key ? { serverSideEncryption: defaultAlgorithm(bucket), kmsKeyId: key } : undefined;
    const fixNotRefused = fix !== undefined && judged.every(({ policy, statements }) =>
        refusingStatements(statements!, uploadTarget(policy, bucket), keyFactsOf(policy, key, model), { algorithm: fix.serverSideEncryption, key: "cmk" }).length === 0);
    return { sent, refusedBy, ...(fixNotRefused ? { fix } : {}) };
}
