/**
 * The delete model against the engine behaviour it claims to follow (delete-model.ts names the
 * functions), on small hand-made states.
 */
import * as assert from "assert";
import { StateGraph, StateResource } from "./delete-model";

const urn = (name: string, parentType = "") => `urn:pulumi:s::p::${parentType}test:index:Thing::${name}`;

function r(name: string, deps: string[] = [], extra: Partial<StateResource> = {}): StateResource {
    return { urn: urn(name), type: "test:index:Thing", custom: true, dependencies: deps.map((d) => urn(d)), propertyDependencies: {}, ...extra };
}

const names = (urns: string[]) => urns.map((u) => u.split("::").pop()!).sort();
const never = () => false;
const failing = (...which: string[]) => (x: StateResource) => which.map((w) => urn(w)).includes(x.urn);

describe("delete model: what the engine's delete phase does", () => {
    it("deletes dependents before what they depend on, independent resources in the same antichain", () => {
        const g = new StateGraph([r("key"), r("bucket", ["key"]), r("config", ["bucket", "key"]), r("other")]);
        const antichains = g.scheduleDeletes(g.resources.map((x) => x.urn)).map(names);
        assert.deepStrictEqual(antichains, [["config"], ["bucket"], ["key", "other"]]);
    });

    it("counts property dependencies, the parent and a component's earlier descendants as dependencies", () => {
        const component = { ...r("component"), custom: false };
        const inside = r("inside", [], { parent: component.urn });
        const viaProperty = r("via-property", [], { propertyDependencies: { x: [urn("inside")] } });
        const viaComponent = r("via-component", ["component"]);
        const child = r("child", [], { parent: urn("via-property") });
        const g = new StateGraph([component, inside, viaProperty, viaComponent, child]);
        assert.deepStrictEqual(names([...g.dependenciesOf(viaProperty)]), ["inside"]);
        assert.deepStrictEqual(names([...g.dependenciesOf(viaComponent)]), ["component", "inside"]);
        assert.deepStrictEqual(names([...g.dependenciesOf(child)]), ["via-property"]);
    });

    it("schedules only the condemned resources, ordered by dependencies among them", () => {
        // bucket -> survivor -> key: with the survivor not condemned, nothing orders bucket and key.
        const g = new StateGraph([r("key"), r("survivor", ["key"]), r("bucket", ["survivor"])]);
        assert.deepStrictEqual(g.scheduleDeletes([urn("key"), urn("bucket")]).map(names), [["bucket", "key"]]);
    });

    it("stops after the first failed step: no later antichain starts, the rest of its own antichain does", () => {
        const g = new StateGraph([r("key"), r("bucket", ["key"]), r("other-key"), r("other-bucket", ["other-key"]), r("config", ["bucket"])]);
        const run = g.runDeletes(g.resources.map((x) => x.urn), { fails: failing("bucket") });
        assert.deepStrictEqual(run.antichains.map(names), [["config"], ["bucket", "other-bucket"], ["key", "other-key"]]);
        assert.strictEqual(run.outcomes.get(urn("bucket")), "failed");
        assert.strictEqual(run.outcomes.get(urn("other-bucket")), "deleted");
        assert.strictEqual(run.outcomes.get(urn("key")), "not-run");
        assert.strictEqual(run.outcomes.get(urn("other-key")), "not-run");
        assert.deepStrictEqual(names(run.providerDeletes), ["bucket", "config", "other-bucket"]);
    });

    it("with --continue-on-error, goes on but skips what a failed step depends on", () => {
        const g = new StateGraph([r("key"), r("bucket", ["key"]), r("lone")]);
        const run = g.runDeletes(g.resources.map((x) => x.urn), { fails: failing("bucket"), continueOnError: true });
        assert.deepStrictEqual([run.outcomes.get(urn("bucket")), run.outcomes.get(urn("key")), run.outcomes.get(urn("lone"))], ["failed", "skipped", "deleted"]);
    });

    it("refuses a protected resource, goes on, and skips what it depends on", () => {
        const g = new StateGraph([r("key"), r("bucket", ["key"], { protect: true }), r("lone")]);
        const run = g.runDeletes(g.resources.map((x) => x.urn), { fails: never });
        assert.deepStrictEqual([run.outcomes.get(urn("bucket")), run.outcomes.get(urn("key")), run.outcomes.get(urn("lone"))], ["refused", "skipped", "deleted"]);
    });

    it("deletes a key beside a protected bucket that does not depend on it: protect on the bucket does not save the key", () => {
        const g = new StateGraph([r("key"), r("bucket", [], { protect: true })]);
        const run = g.runDeletes(g.resources.map((x) => x.urn), { fails: never });
        assert.deepStrictEqual([run.outcomes.get(urn("bucket")), run.outcomes.get(urn("key"))], ["refused", "deleted"]);
    });

    it("leaves a retainOnDelete resource in the cloud, and a component has nothing to delete there", () => {
        const g = new StateGraph([{ ...r("component"), custom: false }, r("key", [], { retainOnDelete: true, parent: urn("component") })]);
        const run = g.runDeletes(g.resources.map((x) => x.urn), { fails: never });
        assert.deepStrictEqual([run.outcomes.get(urn("key")), run.outcomes.get(urn("component"))], ["retained", "deleted"]);
        assert.deepStrictEqual(run.providerDeletes, []);
    });
});
