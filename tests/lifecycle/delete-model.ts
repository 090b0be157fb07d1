/**
 * A small model of how the Pulumi engine deletes resources, to check what survives a delete that
 * fails. It is a model, not the engine: it follows these functions of pulumi/pulumi (read in
 * pkg/resource/ at the versions named in docs/key-lifecycle.md) and nothing else.
 *
 * - Which resources are condemned: every resource of the old state that the new program does not
 *   register (`stepGenerator.GenerateDeletes`, deploy/step_generator.go); `pulumi destroy`
 *   condemns them all.
 * - Order: `stepGenerator.ScheduleDeletes` (deploy/step_generator.go) splits the condemned set
 *   into antichains (sets of resources none of which depends on another), taking first every
 *   resource none of whose dependencies is condemned, then reverses the list: a resource is
 *   deleted only after everything condemned that depends on it. "Depends on" is
 *   `DependencyGraph.DependenciesOf` (graph/dependency_graph.go): `dependencies`,
 *   `propertyDependencies`, the provider, the parent, and, for a dependency on a component, the
 *   component's descendants registered before the resource.
 * - Execution: `deploymentExecutor.performDeletes` (deploy/deployment_executor.go) runs the
 *   antichains one after another, the steps of one antichain in parallel
 *   (`stepExecutor.ExecuteParallel`). Before each antichain it drops every resource that an
 *   errored step transitively depends on (`DependencyGraph.TransitiveDependenciesOf`).
 * - Failure: `stepExecutor.cancelDueToError` (deploy/step_executor.go) cancels the deployment at
 *   the first failed step, so no later antichain starts; with `--continue-on-error` it records the
 *   step as errored instead. A protected resource's refusal always counts as the latter.
 * - One delete step: `DeleteStep.Apply` (deploy/step.go) refuses a protected resource, removes a
 *   `retainOnDelete` one from the state without calling the provider, does nothing in the cloud
 *   for a component, and otherwise calls the provider's Delete (for a KMS key: ScheduleKeyDeletion).
 *
 * What it leaves out, each making it no less strict for the question asked here (did the provider
 * Delete of a key start?): every step of an antichain is taken to start, as with unbounded
 * `--parallel`, even when an earlier step of the same antichain already failed (the engine may
 * cancel some before they start); a started delete counts as done, though a key scheduled for
 * deletion can be cancelled during its waiting period. It also leaves out creates and updates
 * (they run before the deletes; their failure stops the run before any delete), `--target`,
 * `--exclude`, aliases, `deletedWith`, pending replacements and refresh.
 */

/** A resource as the engine's state records it: the fields the model reads. */
export interface StateResource {
    urn: string;
    type: string;
    custom: boolean;
    parent?: string;
    /** `urn::id` of the provider resource. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect?: boolean;
    retainOnDelete?: boolean;
}

export type StepOutcome =
    /** The provider's Delete ran and succeeded (components: removed from the state). */
    | "deleted"
    /** The provider's Delete ran and failed. */
    | "failed"
    /** `retainOnDelete`: removed from the state, left in the cloud. */
    | "retained"
    /** `protect`: the engine refused the delete. */
    | "refused"
    /** Skipped because an errored step depends on it (`--continue-on-error`, or after a refusal). */
    | "skipped"
    /** Never started: the deployment was cancelled by an earlier failure. */
    | "not-run";

export interface DeleteRun {
    /** The antichains in execution order, as URNs. */
    antichains: string[][];
    outcomes: Map<string, StepOutcome>;
    /** URNs whose provider Delete was called, in order. */
    providerDeletes: string[];
}

export interface RunOptions {
    /** Whose provider Delete fails (a bucket that still holds objects). */
    fails: (r: StateResource) => boolean;
    /** `pulumi up --continue-on-error` / `pulumi destroy --continue-on-error`. */
    continueOnError?: boolean;
}

/** The provider URN of an `urn::id` provider reference (a URN itself contains `::`). */
function providerUrn(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

function directDependencyUrns(r: StateResource): Set<string> {
    const urns = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
    if (r.provider) {
        urns.add(providerUrn(r.provider));
    }
    return urns;
}

export class StateGraph {
    private readonly index = new Map<string, number>();
    private readonly byUrn = new Map<string, StateResource>();

    /** `resources` in the state's order: topological, parents before children. */
    constructor(readonly resources: StateResource[]) {
        resources.forEach((r, i) => {
            this.index.set(r.urn, i);
            this.byUrn.set(r.urn, r);
        });
    }

    get(urn: string): StateResource {
        const r = this.byUrn.get(urn);
        if (!r) {
            throw new Error(`no resource ${urn} in the state`);
        }
        return r;
    }

    private isDescendant(urn: string, ancestor: string): boolean {
        for (let p = this.byUrn.get(urn)?.parent; p !== undefined; p = this.byUrn.get(p)?.parent) {
            if (p === ancestor) {
                return true;
            }
        }
        return false;
    }

    /** `DependencyGraph.DependenciesOf`. */
    dependenciesOf(r: StateResource): Set<string> {
        const direct = directDependencyUrns(r);
        const at = this.index.get(r.urn)!;
        const result = new Set<string>();
        for (let i = at - 1; i >= 0; i--) {
            const candidate = this.resources[i];
            if (direct.has(candidate.urn)) {
                result.add(candidate.urn);
                if (!candidate.custom) {
                    this.resources.slice(0, at).filter((c) => this.isDescendant(c.urn, candidate.urn)).forEach((c) => result.add(c.urn));
                }
            }
            if (candidate.urn === r.parent) {
                result.add(candidate.urn);
            }
        }
        return result;
    }

    /** `DependencyGraph.TransitiveDependenciesOf`: dependencies, providers and parents, all the way up. */
    transitiveDependenciesOf(r: StateResource): Set<string> {
        const seen = new Set<string>();
        const visit = (x: StateResource) => {
            const next = [...directDependencyUrns(x), ...(x.parent ? [x.parent] : [])];
            for (const urn of next.filter((u) => !seen.has(u) && this.byUrn.has(u))) {
                seen.add(urn);
                visit(this.get(urn));
            }
        };
        visit(r);
        seen.delete(r.urn);
        return seen;
    }

    /** `stepGenerator.ScheduleDeletes`: antichains, in the order they run. */
    scheduleDeletes(condemned: Iterable<string>): string[][] {
        const left = new Set(condemned);
        const antichains: string[][] = [];
        while (left.size > 0) {
            // Never empty: dependencies point only to earlier resources of the state, so no cycle.
            const ready = [...left].filter((urn) => ![...this.dependenciesOf(this.get(urn))].some((d) => left.has(d)));
            ready.forEach((urn) => left.delete(urn));
            antichains.push(ready);
        }
        return antichains.reverse();
    }

    /** `deploymentExecutor.performDeletes` over `DeleteStep.Apply`. */
    runDeletes(condemned: Iterable<string>, opts: RunOptions): DeleteRun {
        const antichains = this.scheduleDeletes(condemned);
        const outcomes = new Map<string, StepOutcome>();
        const providerDeletes: string[] = [];
        const errored: string[] = [];
        const erroredDeps = new Set<string>();
        let cancelled = false;
        for (const antichain of antichains) {
            if (cancelled) {
                antichain.forEach((urn) => outcomes.set(urn, "not-run"));
                continue;
            }
            errored.splice(0).forEach((urn) => this.transitiveDependenciesOf(this.get(urn)).forEach((d) => erroredDeps.add(d)));
            for (const urn of antichain) {
                const r = this.get(urn);
                if (erroredDeps.has(urn)) {
                    outcomes.set(urn, "skipped");
                } else if (r.protect) {
                    outcomes.set(urn, "refused");
                    errored.push(urn);
                } else if (r.retainOnDelete) {
                    outcomes.set(urn, "retained");
                } else if (!r.custom) {
                    outcomes.set(urn, "deleted");
                } else {
                    providerDeletes.push(urn);
                    const failed = opts.fails(r);
                    outcomes.set(urn, failed ? "failed" : "deleted");
                    if (failed && opts.continueOnError) {
                        errored.push(urn);
                    } else if (failed) {
                        cancelled = true;
                    }
                }
            }
        }
        return { antichains, outcomes, providerDeletes };
    }
}
