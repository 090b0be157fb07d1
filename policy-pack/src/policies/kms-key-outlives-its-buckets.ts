import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { Finding, finding } from "../findings/finding";
import { policyMetadata } from "../findings/metadata";
import { reportFindings } from "../findings/wording";
import { StackModel, Storage } from "../model/stack";

const NAME = "kms-key-outlives-its-buckets";

/**
 * Whether the engine orders `r`'s delete before `key`'s (pulumi/pulumi pkg/resource/graph,
 * `DependenciesOf`): `key` is one of `r`'s dependencies or property dependencies, or a descendant
 * of one (a component's children are deleted with it). Only direct dependencies count: the engine
 * orders two deletes through a third resource only when that one is deleted in the same run.
 * Walking up from the key costs its depth in the tree, not the size of a dependency's subtree,
 * which for a dependency on a large component would make the check quadratic in the stack.
 */
function orderedBefore(r: PolicyResource): (key: PolicyResource) => boolean {
    const direct = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()].map((d) => d.urn));
    return (key) => {
        const seen = new Set<string>();
        for (let u: PolicyResource | undefined = key; u !== undefined && !seen.has(u.urn); u = u.parent) {
            if (direct.has(u.urn)) {
                return true;
            }
            seen.add(u.urn);
        }
        return false;
    };
}

/**
 * The stack keys a bucket's default encryption names: objects written to the bucket are encrypted
 * under them. Only storage holds objects under a default encryption: writers (Inventory, Storage
 * Lens, replication) name keys for data they have S3 write elsewhere, into storage judged on its own.
 */
function stackKeysOf(bucket: Storage): string[] {
    return [...new Set(bucket.encryption.flatMap((s) => s.rules.flatMap((rule) => (rule.key.kind === "stack" ? rule.key.urns : []))))];
}

/**
 * The engine deletes independent resources in parallel and stops at the first failure. A bucket
 * that does not depend on its key can therefore fail to delete (it still holds objects) while
 * the key is scheduled for deletion beside it: every object left becomes unreadable. Depending on
 * the key makes the engine delete the bucket first and never reach the key when that fails; a
 * protected key is never deleted. `retainOnDelete` would keep the key too, but policy packs are not
 * told it (the engine's AnalyzerResourceOptions carry protect, not retainOnDelete).
 */
export const kmsKeyOutlivesItsBuckets: StackValidationPolicy = {
    name: NAME,
    description: "A bucket encrypted with a KMS key of the same stack depends on that key (or the key is protected), so the key is never deleted while the bucket's objects remain.",
    enforcementLevel: "advisory",
    ...policyMetadata(NAME),
    validateStack: (args, reportViolation) => {
        const model = StackModel.of(args.resources);
        const candidates = model.storage.map((bucket) => ({ bucket, keys: stackKeysOf(bucket) })).filter((c) => c.keys.length > 0);
        if (candidates.length === 0) {
            return;
        }
        // Only the buckets and keys in question are looked up: a Map of the whole stack per run is
        // most of this policy's cost on a large stack.
        const wanted = new Set(candidates.flatMap((c) => [c.bucket.resource.urn, ...c.keys]));
        const byUrn = new Map(args.resources.filter((r) => wanted.has(r.urn)).map((r) => [r.urn, r]));
        const findings: Finding[] = [];
        for (const { bucket, keys } of candidates) {
            const deletedFirst = orderedBefore(byUrn.get(bucket.resource.urn)!);
            const exposed = keys.filter((k) => {
                const key = byUrn.get(k);
                return !(key && (deletedFirst(key) || key.opts.protect));
            });
            if (exposed.length > 0) {
                const r = bucket.resource;
                findings.push(finding(NAME, r.urn, { label: bucket.kind.label, name: bucket.name, resource: r.name },
                    { code: "EB-DEL-001", keys: exposed }, { kind: "key-outlives-bucket" }, exposed));
            }
        }
        reportFindings(findings, reportViolation);
    },
};
