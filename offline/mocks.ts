import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "./engine-resource";
import { InvokeRecord, answerInvoke } from "./invokes";
import { AwsTarget } from "./target";

/** A stable UUID-shaped id, so that two runs of the same program render the same documents. */
function stableUuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type State = Record<string, unknown>;

/**
 * Outputs the provider computes, per resource type: these are what `pulumi preview` leaves
 * unknown. Names follow the provider's resource types; a shape missing here just echoes inputs.
 */
function computedOutputs(target: AwsTarget, type: string, name: string, inputs: State): { id: string; state: State } {
    const { partition, region, accountId } = target;
    const bucketId = (inputs.bucket as string | undefined) ?? `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 7)}`;
    switch (type) {
        case "aws:kms/key:Key": {
            const keyId = stableUuid(`key/${name}`);
            return { id: keyId, state: { keyId, arn: `arn:${partition}:kms:${region}:${accountId}:key/${keyId}` } };
        }
        case "aws:kms/replicaKey:ReplicaKey":
        case "aws:kms/replicaExternalKey:ReplicaExternalKey": {
            // A replica shares its primary's key id (mrk-...) and lives in this provider's Region.
            const primary = typeof inputs.primaryKeyArn === "string" ? inputs.primaryKeyArn.split("/")[1] : undefined;
            const keyId = primary ?? `mrk-${stableUuid(`key/${name}`).replace(/-/g, "")}`;
            return { id: keyId, state: { keyId, arn: `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`, keyUsage: "ENCRYPT_DECRYPT" } };
        }
        case "aws:kms/alias:Alias": {
            const alias = inputs.name as string;
            return { id: alias, state: { arn: `arn:${partition}:kms:${region}:${accountId}:${alias}`, targetKeyArn: `arn:${partition}:kms:${region}:${accountId}:key/${inputs.targetKeyId}` } };
        }
        case "aws:iam/role:Role": {
            const roleName = (inputs.name as string | undefined) ?? `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 7)}`;
            return { id: roleName, state: { name: roleName, arn: `arn:${partition}:iam::${accountId}:role/${roleName}`, uniqueId: `AROA${stableUuid(`role/${name}`).replace(/-/g, "").slice(0, 17).toUpperCase()}` } };
        }
        case "aws:s3tables/tableBucket:TableBucket": {
            // ARNs other resources (tables, replication) name their table bucket by.
            const arn = `arn:${partition}:s3tables:${region}:${accountId}:bucket/${inputs.name}`;
            return { id: arn, state: { arn, ownerAccountId: accountId } };
        }
        case "aws:s3tables/table:Table": {
            const arn = `${inputs.tableBucketArn}/table/${stableUuid(`table/${name}`)}`;
            return { id: arn, state: { arn, warehouseLocation: `s3://${stableUuid(`warehouse/${name}`)}--table-s3` } };
        }
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return {
                id: bucketId,
                state: { bucket: bucketId, arn: `arn:${partition}:s3:::${bucketId}`, bucketDomainName: `${bucketId}.s3.amazonaws.com`, region },
            };
        default:
            return { id: typeof inputs.bucket === "string" ? inputs.bucket : `${name}-id`, state: {} };
    }
}

/** Keys the preview must leave unknown: what the provider only learns by creating the resource. */
function unknownInPreview(type: string, computed: State): State {
    // A bucket's name is known in preview (given, or auto-named by the engine before the plan).
    const known = type === "aws:s3/bucket:Bucket" || type === "aws:s3/bucketV2:BucketV2" ? ["bucket", "region"] : [];
    return Object.fromEntries(Object.keys(computed).map((k) => [k, known.includes(k) ? computed[k] : UNKNOWN.string]));
}

/** A resource's id and outputs as the engine returns them: deterministic in update, unknown in preview. */
export function resourceOutputs(target: AwsTarget, type: string, name: string, inputs: State, preview: boolean): { id: string | undefined; state: State } {
    const { id, state } = computedOutputs(target, type, name, inputs);
    return preview ? { id: undefined, state: { ...inputs, ...unknownInPreview(type, state) } } : { id, state: { ...inputs, ...state } };
}

/**
 * Mocks for the AWS provider: resources as `resourceOutputs`, invokes as `answerInvoke`; each
 * invoke's answer goes to `onInvoke`.
 */
export function awsMocks(target: AwsTarget, preview: boolean, onInvoke: (record: InvokeRecord) => void = () => undefined): pulumi.runtime.Mocks {
    return {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const { id, state } = resourceOutputs(target, args.type, args.name, args.inputs, preview);
            return { id: id as string, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            const { result, record } = answerInvoke(args.token, args.inputs, target, preview);
            onInvoke(record);
            return result;
        },
    };
}
