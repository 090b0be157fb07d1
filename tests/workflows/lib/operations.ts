/**
 * The stack operations a job run performs, whichever way a workflow spells them: the pulumi/actions
 * step, the Pulumi CLI in a `run:` script, or `npm start` (the offline preview). One table, so the
 * stack-coverage and policy-pack checks read the same thing.
 */
import { Render } from "./expressions";
import { JobRun, RenderedStep, renderSteps } from "./runs";
import { Command, commandsIn, flagValue, npmInvocation } from "./shell";

export type OperationKind = "offline-preview" | "preview" | "up";

export interface Operation {
    kind: OperationKind;
    /** The stack's short name (`acme/dev` and `acme/encrypted-bucket/dev` are `dev`); undefined if none is given. */
    stack?: string;
    /** Policy pack folders passed, normalised (no `./`, no trailing `/`). */
    policyPacks: string[];
    run: JobRun;
    step: RenderedStep;
}

export const PULUMI_ACTION = "pulumi/actions";

export function actionName(uses: string | undefined): string | undefined {
    return uses?.split("@")[0];
}

export function operationsOf(run: JobRun, render: Render): Operation[] {
    return renderSteps(run, render).flatMap((step) => operationsOfStep(run, step));
}

function operationsOfStep(run: JobRun, step: RenderedStep): Operation[] {
    if (actionName(step.uses) === PULUMI_ACTION) {
        const kind = actionKind(step.with.command);
        return kind ? [{ kind, stack: shortStack(step.with["stack-name"]), policyPacks: listInput(step.with.policyPacks), run, step }] : [];
    }
    if (step.run === undefined) return [];
    return commandsIn(step.run, step.env).flatMap((command) => {
        const op = commandOperation(command);
        return op ? [{ ...op, run, step }] : [];
    });
}

function commandOperation(command: Command): Omit<Operation, "run" | "step"> | undefined {
    const npm = npmInvocation(command.argv);
    if (npm?.kind === "script" && npm.name === "start") {
        return { kind: "offline-preview", stack: flagValue(npm.scriptArgs, "--stack"), policyPacks: [] };
    }
    const [program, sub] = command.argv;
    const kind = program === "pulumi" ? actionKind(sub) : undefined;
    if (!kind) return undefined;
    const args = command.argv.slice(2);
    const packs = args.flatMap((arg, i) => (arg === "--policy-pack" ? [args[i + 1] ?? ""] : arg.startsWith("--policy-pack=") ? [arg.slice(14)] : []));
    return { kind, stack: shortStack(flagValue(args, "--stack") ?? flagValue(args, "-s")), policyPacks: packs.map(normaliseFolder) };
}

function actionKind(command: string | undefined): OperationKind | undefined {
    if (command === "preview") return "preview";
    if (command === "up" || command === "update") return "up";
    return undefined;
}

export function shortStack(name: string | undefined): string | undefined {
    const short = name?.split("/").pop()?.trim();
    return short ? short : undefined;
}

/** pulumi/actions list inputs: one value per line, or comma-separated. */
function listInput(value: string | undefined): string[] {
    return (value ?? "").split(/[\n,]/).map((v) => v.trim()).filter(Boolean).map(normaliseFolder);
}

function normaliseFolder(folder: string): string {
    return folder.replace(/^\.\//, "").replace(/\/+$/, "");
}
