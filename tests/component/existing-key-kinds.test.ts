/**
 * `existingKeyArn` with a multi-Region replica key: the usual key for a bucket that receives
 * cross-Region replication. The component takes the ARN as given; the policy pack counts a
 * replica declared in the same stack as the stack's key, and one outside the stack only when
 * `allowedKeyArns` lists it (docs/key-kinds.md).
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { EncryptedBucket } from "../../components";
import { BUCKET_POLICY_SIDS } from "../../components/bucket-policy";
import { analyzeCaptured } from "../../offline/analyze-captured";
import { captureStack } from "../../offline/capture";
import { CapturedStack } from "../../offline/captured";
import { usePack } from "../policy-pack/fixtures";
import { StackView, TYPES, statementBySid } from "../stack-view";

const ACCOUNT = "123456789012";
const MRK_ID = "mrk-1234abcd12ab34cd56ef1234567890ab";
// The primary lives in another Region; the replica in the bucket's (the mocks' us-east-1).
const PRIMARY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${MRK_ID}`;
const REPLICA_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${MRK_ID}`;
const MODES = [{ name: "preview", preview: true }, { name: "update", preview: false }];

const KEY_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
});

function capture(program: () => void, preview: boolean): Promise<CapturedStack> {
    return captureStack(program, { project: "proj", stack: "test", preview });
}

/** A replica declared in the stack, its ARN handed to the component. */
const withStackReplica = () => {
    const replica = new aws.kms.ReplicaKey("replica", { primaryKeyArn: PRIMARY_ARN, policy: KEY_POLICY, deletionWindowInDays: 30 });
    new EncryptedBucket("data", { existingKeyArn: replica.arn });
};

/** The ARN of a replica some other stack declares. */
const withOutsideReplica = () => {
    new EncryptedBucket("data", { existingKeyArn: REPLICA_ARN });
};

describe("EncryptedBucket with a multi-Region replica key as existingKeyArn", () => {
    for (const mode of MODES) {
        it(`narrows default encryption and the bucket policy to the replica's own ARN (${mode.name})`, async () => {
            const view = new StackView(await capture(withOutsideReplica, mode.preview));
            assert.strictEqual(view.ofType(TYPES.key).length, 0);
            const [rule] = view.one(TYPES.encryption, "data-encryption").inputs.rules as any[];
            assert.strictEqual(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId, REPLICA_ARN);
            if (!mode.preview) {
                const wrongKey = statementBySid(view.policyOf(TYPES.bucketPolicy, "data-policy"), BUCKET_POLICY_SIDS.wrongKey);
                assert.deepStrictEqual(wrongKey.Condition?.StringNotEquals, { "s3:x-amz-server-side-encryption-aws-kms-key-id": REPLICA_ARN });
                assert.strictEqual(view.one(TYPES.component, "data").properties.keyId, MRK_ID);
            }
        });
    }

    describe("through the policy pack", () => {
        const pack = usePack();
        const mandatoryOrDowngraded = async (stack: CapturedStack) =>
            (await analyzeCaptured(pack(), stack)).filter((d) => d.enforcementLevel === "mandatory" || /can't run/.test(d.message));

        for (const mode of MODES) {
            it(`passes a replica declared in the same stack (${mode.name})`, async () => {
                await pack().configure({});
                const stack = await capture(withStackReplica, mode.preview);
                assert.ok(stack.resources.some((r) => r.type === "aws:kms/replicaKey:ReplicaKey"));
                assert.deepStrictEqual(await mandatoryOrDowngraded(stack), []);
            });

            it(`blocks the ARN of a replica outside the stack by default, and passes it once allowedKeyArns lists it (${mode.name})`, async () => {
                const stack = await capture(withOutsideReplica, mode.preview);
                await pack().configure({});
                const blocked = await mandatoryOrDowngraded(stack);
                assert.ok(blocked.some((d) => d.policyName === "s3-bucket-encrypted-with-cmk" && /matches no allowedKeyArns/.test(d.message)), JSON.stringify(blocked));
                await pack().configure({ "s3-bucket-encrypted-with-cmk": { allowedKeyArns: [`arn:aws:kms:*:${ACCOUNT}:key/mrk-*`] } });
                assert.deepStrictEqual(await mandatoryOrDowngraded(stack), []);
            });
        }
    });
});
