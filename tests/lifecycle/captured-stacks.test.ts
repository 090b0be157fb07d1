/**
 * What the engine deletes when a stack built with EncryptedBucket shrinks, by the delete model
 * (delete-model.ts) applied to stacks captured from the real program and a consumer program:
 * every bucket's delete fails, as it does for a bucket that still holds objects. The claim: no key
 * that encrypts a bucket left standing has its provider Delete (ScheduleKeyDeletion) started.
 */
import * as assert from "assert";
import * as path from "path";
import { EncryptedBucket, EncryptedBucketArgs } from "../../components";
import { captureStack } from "../../offline/capture";
import { CapturedStack } from "../../offline/captured";
import { captureProgram, loadProgram, loadStackConfig } from "../../offline/program";
import { TYPES } from "../stack-view";
import { DeleteRun, StateGraph } from "./delete-model";

const program = loadProgram(path.join(__dirname, "..", ".."));
const ns = program.project;
const EXISTING_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";

/** The stack keys each bucket's default encryption names, from the encryption configuration's property dependencies. */
function keysByBucket(stack: CapturedStack): Map<string, string[]> {
    const keys = new Set(stack.resources.filter((r) => r.type === TYPES.key).map((r) => r.urn));
    const result = new Map<string, string[]>();
    for (const config of stack.resources.filter((r) => r.type === TYPES.encryption)) {
        for (const bucket of config.propertyDependencies.bucket ?? []) {
            result.set(bucket, [...(result.get(bucket) ?? []), ...(config.propertyDependencies.rules ?? []).filter((u) => keys.has(u))]);
        }
    }
    return result;
}

const nameOf = (urn: string) => urn.split("::").pop()!;

/** "bucket <- key" for every key whose delete started while a bucket it encrypts still stands. */
function strandedData(state: CapturedStack, run: DeleteRun): string[] {
    const started = new Set(run.providerDeletes);
    const found: string[] = [];
    for (const [bucket, keys] of keysByBucket(state)) {
        if (run.outcomes.get(bucket) !== "deleted") {
            found.push(...keys.filter((k) => started.has(k)).map((k) => `${nameOf(bucket)} <- ${nameOf(k)}`));
        }
    }
    return found.sort();
}

interface Change {
    name: string;
    /** The stack after the change; undefined for `pulumi destroy`. */
    next?: () => Promise<CapturedStack>;
}

interface Subject {
    name: string;
    state: () => Promise<CapturedStack>;
    changes: Change[];
}

function condemned(state: CapturedStack, next: CapturedStack | undefined): string[] {
    const kept = new Set(next?.resources.map((r) => r.urn) ?? []);
    return state.resources.map((r) => r.urn).filter((u) => !kept.has(u));
}

const MODES = [{ name: "stopping at the first failure", continueOnError: false }, { name: "with --continue-on-error", continueOnError: true }];

/** Runs `change` on `state` in each mode; the buckets' deletes all fail. */
async function strandedBy(state: CapturedStack, change: Change): Promise<Array<{ mode: string; stranded: string[]; run: DeleteRun }>> {
    const next = change.next ? await change.next() : undefined;
    const graph = new StateGraph(state.resources);
    return MODES.map((mode) => {
        const run = graph.runDeletes(condemned(state, next), { fails: (r) => r.type === TYPES.bucket, continueOnError: mode.continueOnError });
        return { mode: mode.name, stranded: strandedData(state, run), run };
    });
}

function describeRun(run: DeleteRun): string {
    return run.antichains.map((a) => a.map((u) => `${nameOf(u)}:${run.outcomes.get(u)}`).join(", ")).join(" | ");
}

// --- the stacks -----------------------------------------------------------------------------

function programStack(stack: string, edit: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c): () => Promise<CapturedStack> {
    return () => captureProgram(program, stack, false, edit(loadStackConfig(program, stack)));
}

/** The config with bucket `from` renamed to `to` (`to` undefined: removed), settings included. */
function renameBucket(from: string, to: string | undefined) {
    return (config: Record<string, unknown>) => {
        const buckets = (config[`${ns}:buckets`] as string[]).flatMap((b) => (b === from ? (to ? [to] : []) : [b]));
        const settings = { ...(config[`${ns}:bucketSettings`] as Record<string, unknown> | undefined) };
        if (from in settings) {
            if (to) {
                settings[to] = settings[from];
            }
            delete settings[from];
        }
        return { ...config, [`${ns}:buckets`]: buckets, [`${ns}:bucketSettings`]: settings };
    };
}

function programSubject(stack: string, removed: string): Subject {
    return {
        name: `the ${stack} stack`,
        state: programStack(stack),
        changes: [
            { name: "pulumi destroy" },
            { name: `${removed} removed from the config`, next: programStack(stack, renameBucket(removed, undefined)) },
            { name: "uploads renamed to files", next: programStack(stack, renameBucket("uploads", "files")) },
        ],
    };
}

function consumer(buckets: Record<string, EncryptedBucketArgs>): () => Promise<CapturedStack> {
    return () => captureStack(() => {
        for (const [name, args] of Object.entries(buckets)) {
            new EncryptedBucket(name, args);
        }
    }, { project: "consumer", stack: "test", preview: false });
}

/** A program of another team that uses the component package with `args` and default options. */
function consumerSubject(label: string, args: EncryptedBucketArgs): Subject {
    return {
        name: label,
        state: consumer({ data: args, other: args }),
        changes: [
            { name: "pulumi destroy" },
            { name: "data removed from the program", next: consumer({ other: args }) },
            { name: "data renamed to files", next: consumer({ files: args, other: args }) },
            { name: "data switched to existingKeyArn", next: consumer({ data: { existingKeyArn: EXISTING_KEY }, other: args }) },
        ],
    };
}

// --- the undone variants: the state as it would be without one of the two protections ---------

function withoutKeyDependency(stack: CapturedStack): CapturedStack {
    const keys = new Set(stack.resources.filter((r) => r.type === TYPES.key).map((r) => r.urn));
    const strip = (urns: string[]) => urns.filter((u) => !keys.has(u));
    return {
        ...stack,
        resources: stack.resources.map((r) => (r.type !== TYPES.bucket ? r : {
            ...r,
            dependencies: strip(r.dependencies),
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, strip(v)])),
        })),
    };
}

function withoutKeyRetention(stack: CapturedStack): CapturedStack {
    return { ...stack, resources: stack.resources.map((r) => (r.type === TYPES.key ? { ...r, retainOnDelete: undefined } : r)) };
}

// --- the checks -------------------------------------------------------------------------------

describe("lifecycle: what a shrinking stack deletes while its buckets refuse deletion", () => {
    const defaults: Subject[] = [programSubject("dev", "logs"), programSubject("prod", "archive"), consumerSubject("a consumer with default options", {})];

    for (const subject of defaults) {
        describe(subject.name, () => {
            let state: CapturedStack;
            before(async () => {
                state = await subject.state();
            });

            it("has a stack key behind every bucket, each bucket depending on it, each key retained", () => {
                const byBucket = keysByBucket(state);
                const buckets = state.resources.filter((r) => r.type === TYPES.bucket);
                assert.ok(buckets.length >= 2);
                for (const b of buckets) {
                    const keys = byBucket.get(b.urn) ?? [];
                    assert.strictEqual(keys.length, 1, b.urn);
                    assert.ok(b.dependencies.includes(keys[0]), `${b.urn} depends on ${keys[0]}`);
                    assert.strictEqual(state.resources.find((r) => r.urn === keys[0])!.retainOnDelete, true);
                }
            });

            for (const change of subject.changes) {
                it(`${change.name}: no key of a bucket left standing is deleted or scheduled for deletion`, async () => {
                    for (const { mode, stranded, run } of await strandedBy(state, change)) {
                        assert.deepStrictEqual(stranded, [], `${mode}: ${describeRun(run)}`);
                        assert.ok(run.antichains.flat().length > 0, "the change deletes something");
                    }
                });
            }
        });
    }

    it("the dev stack's buckets are deleted before their keys, and the keys are left in AWS when the buckets are empty", async () => {
        const state = await programStack("dev")();
        const run = new StateGraph(state.resources).runDeletes(condemned(state, undefined), { fails: () => false });
        const position = (name: string) => run.antichains.findIndex((a) => a.some((u) => nameOf(u) === name));
        assert.ok(position("uploads") >= 0 && position("uploads") < position("uploads-key"), describeRun(run));
        assert.strictEqual(run.outcomes.get(state.resources.find((r) => r.name === "uploads-key")!.urn), "retained");
        assert.ok(!run.providerDeletes.some((u) => u.includes("aws:kms/key:Key")));
    });

    describe("a consumer that opted out with deleteKeyOnRemoval: true", () => {
        const subject = consumerSubject("opted out", { deleteKeyOnRemoval: true });
        let state: CapturedStack;
        before(async () => {
            state = await subject.state();
        });

        for (const change of subject.changes.filter((c) => !c.name.includes("existingKeyArn"))) {
            it(`${change.name}: the bucket's dependency alone keeps its key while its delete fails`, async () => {
                for (const { mode, stranded, run } of await strandedBy(state, change)) {
                    assert.deepStrictEqual(stranded, [], `${mode}: ${describeRun(run)}`);
                }
            });

            it(`${change.name}: without that dependency, the key is scheduled for deletion beside the failing bucket`, async () => {
                for (const { mode, stranded, run } of await strandedBy(withoutKeyDependency(state), change)) {
                    assert.ok(stranded.includes("data <- data-key"), `${mode}: ${describeRun(run)}`);
                }
            });
        }

        it("data switched to existingKeyArn: the key is scheduled for deletion, as the opt-out documents", async () => {
            const change = subject.changes.find((c) => c.name.includes("existingKeyArn"))!;
            for (const { stranded } of await strandedBy(state, change)) {
                assert.deepStrictEqual(stranded, ["data <- data-key"]);
            }
        });
    });

    describe("undoing either protection strands data", () => {
        it("without retention, switching to existingKeyArn schedules the key of the bucket that stays", async () => {
            const subject = consumerSubject("default", {});
            const state = withoutKeyRetention(await subject.state());
            for (const { mode, stranded } of await strandedBy(state, subject.changes.find((c) => c.name.includes("existingKeyArn"))!)) {
                assert.deepStrictEqual(stranded, ["data <- data-key"], mode);
            }
        });

        it("without both (the component before issue 16), destroying the dev stack schedules every key beside its failing bucket", async () => {
            const state = withoutKeyRetention(withoutKeyDependency(await programStack("dev")()));
            const [failFast] = await strandedBy(state, { name: "pulumi destroy" });
            assert.deepStrictEqual(failFast.stranded, ["logs <- logs-key", "uploads <- uploads-key"], describeRun(failFast.run));
        });

        it("the prod stack's protect still refuses every delete, whatever the component does", async () => {
            const state = withoutKeyRetention(withoutKeyDependency(await programStack("prod")()));
            for (const { stranded, run } of await strandedBy(state, { name: "pulumi destroy" })) {
                assert.deepStrictEqual(stranded, []);
                assert.deepStrictEqual(run.providerDeletes, []);
            }
        });
    });
});
