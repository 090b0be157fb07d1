/**
 * The documents under proof, exactly as the component registers them: each option combination runs
 * the component under the Pulumi SDK mock runtime in update mode (deterministic ARNs, account
 * 123456789012, us-east-1) and the policies are read back from the registered `BucketPolicy` and
 * `kms.Key` resources (`properties.policy`, a JSON string), never from the builders.
 */
import * as assert from "assert";
import { EncryptedBucket, EncryptedBucketArgs, EnforcementMode, SseAlgorithm } from "../../components";
import { captureStack } from "../../offline/capture";
import { CapturedStack } from "../../offline/captured";
import { TYPES } from "../stack-view";
import { ADMIN, EXISTING_KEY_ARN, PARTNER_READER, PARTNER_READ_SID, WRITER } from "./fixtures";
import { PolicyDocument } from "./policy";

export interface Render {
    /** e.g. `strict/aws:kms`, `existing-key strict/aws:kms:dsse`, `bare`. */
    name: string;
    enforcement: EnforcementMode;
    sseAlgorithm: SseAlgorithm;
    existingKey: boolean;
    bucketArn: string;
    objectsArn: string;
    keyArn: string;
    keyId: string;
    /** As registered, the raw JSON string (linted as such). */
    bucketPolicyJson: string;
    bucketPolicy: PolicyDocument;
    keyPolicyJson?: string;
    keyPolicy?: PolicyDocument;
}

export const MODES = [EnforcementMode.Strict, EnforcementMode.DefaultEncryption] as const;
export const ALGORITHMS = [SseAlgorithm.Kms, SseAlgorithm.KmsDsse] as const;

const partnerReadStatement = {
    sid: PARTNER_READ_SID,
    effect: "Allow",
    principals: [{ type: "AWS", identifiers: [PARTNER_READER] }],
    actions: ["s3:GetObject"],
};

export interface Variant {
    name: string;
    args: EncryptedBucketArgs;
}

export const variantName = (enforcement: EnforcementMode, sseAlgorithm: SseAlgorithm, existingKey = false): string =>
    `${existingKey ? "existing-key " : ""}${enforcement}/${sseAlgorithm}`;

/** Every option combination under proof. */
export function variants(): Variant[] {
    const list: Variant[] = [];
    for (const enforcement of MODES) {
        for (const sseAlgorithm of ALGORITHMS) {
            list.push({
                name: variantName(enforcement, sseAlgorithm),
                args: { enforcement, sseAlgorithm, keyAdministrators: [ADMIN], keyUsers: [WRITER, PARTNER_READER], bucketPolicyStatements: [partnerReadStatement] },
            });
            list.push({
                name: variantName(enforcement, sseAlgorithm, true),
                args: { enforcement, sseAlgorithm, existingKeyArn: EXISTING_KEY_ARN, bucketPolicyStatements: [partnerReadStatement] },
            });
        }
    }
    // Defaults only: no administrators, no users, no added statement (the partner is granted nothing).
    list.push({ name: "bare", args: {} });
    // One side of the cross-account grant each.
    list.push({ name: "bucket-grant-only", args: { keyUsers: [WRITER], bucketPolicyStatements: [partnerReadStatement] } });
    list.push({ name: "key-grant-only", args: { keyUsers: [WRITER, PARTNER_READER] } });
    return list;
}

function policyProperty(stack: CapturedStack, type: string): string | undefined {
    const found = stack.resources.filter((r) => r.type === type);
    assert.ok(found.length <= 1, `more than one ${type}`);
    if (found.length === 0) {
        return undefined;
    }
    const policy = found[0].properties.policy;
    assert.strictEqual(typeof policy, "string", `${type}: properties.policy is not a rendered JSON string: ${JSON.stringify(policy)}`);
    return policy as string;
}

async function render(variant: Variant): Promise<Render> {
    const stack = await captureStack(() => {
        new EncryptedBucket("data", variant.args);
    }, { project: "proj", stack: "iam", preview: false });
    const bucket = stack.resources.find((r) => r.type === TYPES.bucket);
    assert.ok(bucket, `${variant.name}: no bucket registered`);
    const bucketArn = bucket.properties.arn as string;
    const key = stack.resources.find((r) => r.type === TYPES.key);
    const existingKey = variant.args.existingKeyArn !== undefined;
    assert.strictEqual(key === undefined, existingKey, `${variant.name}: a key must be created exactly when no existing key is given`);
    const keyArn = existingKey ? EXISTING_KEY_ARN : (key!.properties.arn as string);
    const bucketPolicyJson = policyProperty(stack, TYPES.bucketPolicy);
    assert.ok(bucketPolicyJson, `${variant.name}: no bucket policy registered`);
    const keyPolicyJson = policyProperty(stack, TYPES.key);
    return {
        name: variant.name,
        enforcement: variant.args.enforcement ?? EnforcementMode.Strict,
        sseAlgorithm: variant.args.sseAlgorithm ?? SseAlgorithm.Kms,
        existingKey,
        bucketArn,
        objectsArn: `${bucketArn}/*`,
        keyArn,
        keyId: keyArn.split("/").pop()!,
        bucketPolicyJson,
        bucketPolicy: JSON.parse(bucketPolicyJson),
        keyPolicyJson,
        keyPolicy: keyPolicyJson === undefined ? undefined : JSON.parse(keyPolicyJson),
    };
}

let all: Promise<Map<string, Render>> | undefined;

/**
 * Every render, captured once per process and one at a time (the mock runtime is process-wide).
 * Call it from a `before` hook.
 */
export function renders(): Promise<Map<string, Render>> {
    all ??= (async () => {
        const map = new Map<string, Render>();
        for (const v of variants()) {
            map.set(v.name, await render(v));
        }
        return map;
    })();
    return all;
}

export function pick(map: Map<string, Render>, name: string): Render {
    const r = map.get(name);
    assert.ok(r, `no render named ${name}`);
    return r;
}
