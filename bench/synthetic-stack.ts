/**
 * Synthetic stacks of any size, made of what the component really registers: one bucket of each
 * kind is captured under the SDK mock runtime (preview and update), then cloned under new names.
 * So the shapes, unknowns and property dependencies follow the component as it is today, and
 * the stack also holds what a policy must catch (buckets with no encryption configuration, or
 * with one that names no customer key).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket } from "../components";
import { captureStack } from "../offline/capture";
import { EngineResource, UNKNOWN } from "../offline/engine-resource";

const TEMPLATE_NAME = "tmplbkt";
const PROJECT = "bench";
const EXTERNAL_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** One bucket's resources, serialised once and re-parsed per clone with the name replaced. */
interface Template {
    kind: string;
    json: string;
    size: number;
}

export interface StackTemplates {
    root: EngineResource;
    /** Cycled in this order; a kind listed more often is more common in the stack. */
    cycle: Template[];
    /**
     * The policy-dense shape (issue 25): the component after `pulumi up`, so every bucket's key,
     * encryption configuration and bucket policy is known, the estate where the pack judges the
     * most bucket policies.
     */
    policyDense: Template[];
}

function engineView(r: EngineResource): EngineResource {
    const { urn, type, name, properties, parent, provider, dependencies, propertyDependencies, protect } = r;
    return { urn, type, name, properties, parent, provider, dependencies, propertyDependencies, protect };
}

function template(kind: string, resources: EngineResource[]): Template {
    return { kind, json: JSON.stringify(resources), size: resources.length };
}

async function captureBucket(preview: boolean, args: ConstructorParameters<typeof EncryptedBucket>[1]) {
    const stack = await captureStack(() => new EncryptedBucket(TEMPLATE_NAME, args), { project: PROJECT, stack: PROJECT, preview });
    return { root: engineView(stack.resources[0]), group: stack.resources.slice(1).map(engineView) };
}

/**
 * The other bucket kinds the pack judges: a directory bucket with its session policy, a table
 * bucket with a table, replicated by S3 Tables into a second table bucket of the stack.
 */
function otherKinds(): void {
    const key = new aws.kms.Key(`${TEMPLATE_NAME}-key`, { enableKeyRotation: true });
    const dir = new aws.s3.DirectoryBucket(TEMPLATE_NAME, { bucket: `${TEMPLATE_NAME}--use1-az4--x-s3`, location: { name: "use1-az4" } });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${TEMPLATE_NAME}-encryption`, {
        bucket: dir.bucket,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
    });
    const session = (Condition: unknown) => ({ Effect: "Deny", Principal: "*", Action: "s3express:CreateSession", Resource: pulumi.interpolate`arn:aws:s3express:us-east-1:123456789012:bucket/${dir.bucket}`, Condition });
    new aws.s3.BucketPolicy(`${TEMPLATE_NAME}-policy`, {
        bucket: dir.bucket,
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [session({ StringNotEquals: { "s3express:x-amz-server-side-encryption-aws-kms-key-id": key.arn } })] }),
    });
    const tables = new aws.s3tables.TableBucket(`${TEMPLATE_NAME}-tables`, { name: `${TEMPLATE_NAME}-tables`, encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: key.arn } });
    new aws.s3tables.Table(`${TEMPLATE_NAME}-table`, { name: "events", namespace: "analytics", tableBucketArn: tables.arn, format: "ICEBERG" });
    const replicas = new aws.s3tables.TableBucket(`${TEMPLATE_NAME}-replicas`, { name: `${TEMPLATE_NAME}-replicas`, encryptionConfiguration: { sseAlgorithm: "aws:kms", kmsKeyArn: key.arn } });
    new aws.s3tables.TableBucketReplication(`${TEMPLATE_NAME}-replication`, {
        tableBucketArn: tables.arn,
        role: "arn:aws:iam::123456789012:role/tables-replication",
        rule: { destinations: [{ destinationTableBucketArn: replicas.arn }] },
    });
}

/** Captures the templates (about a second, once per bench run). */
export async function captureTemplates(): Promise<StackTemplates> {
    const preview = await captureBucket(true, {});
    const update = await captureBucket(false, {});
    const external = await captureBucket(true, { existingKeyArn: EXTERNAL_KEY_ARN });
    const others = await captureStack(otherKinds, { project: PROJECT, stack: PROJECT, preview: true });
    const bucketOnly = update.group.filter((r) => r.type === "aws:s3/bucket:Bucket").map((r) => ({ ...r, parent: preview.root.urn }));
    // SSE-S3 default encryption: encrypted, but not with a customer key (what the pack must flag).
    const sseS3 = update.group
        .filter((r) => r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
        .map((r) => ({
            ...r,
            parent: preview.root.urn,
            dependencies: r.dependencies.filter((d) => !d.includes("aws:kms/key:Key")),
            properties: { ...r.properties, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false }] },
            propertyDependencies: { ...r.propertyDependencies, rules: [] },
        }));
    const kinds = {
        previewComponent: template("component, preview (unknown ARNs)", preview.group),
        updateComponent: template("component, update (known ARNs)", update.group),
        externalKey: template("component with an existing key, preview", external.group),
        bareBucket: template("bucket without encryption configuration", bucketOnly),
        sseS3: template("bucket with SSE-S3 (AES256) configuration", [...bucketOnly, ...sseS3]),
        otherKinds: template("directory bucket, and table bucket with a table replicated into another table bucket, preview", others.resources.slice(1).map((r) => ({ ...engineView(r), parent: preview.root.urn }))),
    };
    return {
        root: preview.root,
        // 4 : 3 : 1 : 1 : 1 : 1 by template.
        cycle: [
            kinds.previewComponent, kinds.updateComponent, kinds.previewComponent, kinds.updateComponent, kinds.externalKey,
            kinds.previewComponent, kinds.updateComponent, kinds.bareBucket, kinds.previewComponent, kinds.sseS3, kinds.otherKinds,
        ],
        policyDense: [kinds.updateComponent],
    };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const SENTINELS = new Set<string>(Object.values(UNKNOWN));

/**
 * Key ids (and so key ARNs) are UUIDs the mock derived from the template's names, which a clone
 * does not rename: without this every clone would share its template's key ARN, thousands of
 * keys with one ARN, a stack no account can hold. The unknown sentinels are UUIDs too and stay.
 */
function cloneUuids(json: string, clone: number): string {
    return json.replace(UUID, (u) => (SENTINELS.has(u) ? u : `${u.slice(0, 24)}${clone.toString(16).padStart(12, "0")}`));
}

/** The root stack plus clones of the templates (the mix, or the policy-dense shape), cut to exactly `size` resources. */
export function syntheticStack(t: StackTemplates, size: number, shape: "mix" | "policy-dense" = "mix"): EngineResource[] {
    const cycle = shape === "mix" ? t.cycle : t.policyDense;
    const out: EngineResource[] = [t.root];
    for (let i = 0; out.length < size; i++) {
        const tpl = cycle[i % cycle.length];
        const name = `b${String(i).padStart(6, "0")}`;
        out.push(...(JSON.parse(cloneUuids(tpl.json.split(TEMPLATE_NAME).join(name), i)) as EngineResource[]));
    }
    return out.slice(0, size);
}

/** For the notes: what a stack of this size is made of. */
export function describeMix(t: StackTemplates): string {
    const byKind = new Map<string, { buckets: number; size: number }>();
    for (const tpl of t.cycle) {
        const e = byKind.get(tpl.kind) ?? { buckets: 0, size: tpl.size };
        e.buckets++;
        byKind.set(tpl.kind, e);
    }
    return [...byKind].map(([kind, e]) => `${e.buckets}/${t.cycle.length} ${kind} (${e.size} resources)`).join("; ");
}
