/** Objects declared in the stack, and the encryption they ask S3 for. */
import { Value, isUnknown } from "../known";
import { OBJECT_KINDS, OBJECT_PROPERTIES } from "./bucket-kinds";
import { KeyIndex, KeyRef } from "./keys";
import { Resource, depsOf } from "./resource";

export interface ObjectEncryption {
    /** `undefined`: the object asks for nothing and gets the bucket's default encryption. */
    sseAlgorithm: Value;
    /** `undefined`: no key asked for. */
    key: KeyRef | undefined;
    /** An SSE-C algorithm (a key the caller holds, which no KMS key policy governs); `undefined` when none. */
    customerAlgorithm: Value;
}

/** Encryption arguments of an object that ask for SSE-KMS with one key. */
export interface UploadArgs {
    serverSideEncryption: "aws:kms" | "aws:kms:dsse";
    kmsKeyId: KeyRef;
}

/**
 * An unknown value with no dependencies is one the provider computes (S3 reports the encryption
 * it applied): the program asked for nothing. An unknown computed from other resources is an
 * explicit request whose value is not known yet.
 */
function asked(r: Resource, property: string): Value {
    const v = r.props[property];
    return isUnknown(v) && depsOf(r, property).length === 0 ? undefined : v;
}

export function readObjectEncryption(r: Resource, keys: KeyIndex): ObjectEncryption {
    const keyId = asked(r, OBJECT_PROPERTIES.key);
    const sseC = OBJECT_KINDS.get(r.type)?.customerAlgorithmField;
    return {
        customerAlgorithm: sseC ? asked(r, sseC) : undefined,
        sseAlgorithm: asked(r, OBJECT_PROPERTIES.algorithm),
        key: keyId === undefined || keyId === null || keyId === "" ? undefined : keys.resolve(keyId, depsOf(r, OBJECT_PROPERTIES.key)),
    };
}
