/**
 * Stack coverage: every Pulumi.<stack>.yaml is previewed offline and in the cloud on a pull
 * request and deployed (then verified) on a push to main, and nothing runs for a stack that has
 * no file. Adding a stack file without its pipeline is a finding here.
 */
import { Render } from "./expressions";
import { Operation, OperationKind } from "./operations";
import { renderSteps } from "./runs";
import { commandsIn, flagValue, npmInvocation } from "./shell";
import { shortStack } from "./operations";

/** Which event each operation belongs to. */
export const ROLE_EVENTS: Record<OperationKind, string> = {
    "offline-preview": "pull_request",
    preview: "pull_request",
    up: "push",
};

export function checkStackCoverage(operations: Operation[], stacks: readonly string[]): string[] {
    const findings: string[] = [];
    for (const op of operations) {
        if (op.stack === undefined) findings.push(`${op.run.label}: ${op.kind} step ${op.step.step.index} names no stack`);
        const event = ROLE_EVENTS[op.kind];
        if (!op.run.trigger.events.includes(event)) {
            findings.push(`${op.run.label}: ${op.kind} runs on ${op.run.trigger.events.join(", ")}, expected ${event}`);
        }
    }
    for (const kind of Object.keys(ROLE_EVENTS) as OperationKind[]) {
        const covered = new Set(operations.filter((op) => op.kind === kind && op.run.trigger.events.includes(ROLE_EVENTS[kind])).flatMap((op) => op.stack ?? []));
        for (const stack of stacks) {
            if (!covered.has(stack)) findings.push(`stack ${stack} (Pulumi.${stack}.yaml) has no ${kind} on ${ROLE_EVENTS[kind]}`);
        }
        for (const stack of covered) {
            if (!stacks.includes(stack)) findings.push(`${kind} of stack ${stack}, which has no Pulumi.${stack}.yaml`);
        }
    }
    return findings;
}

/** After `pulumi up` of a stack, the same job pipes that stack's outputs into `npm run verify`. */
export function checkVerifyAfterUp(operations: Operation[], render: Render): string[] {
    return operations.filter((op) => op.kind === "up").flatMap((op) => {
        const later = renderSteps(op.run, render).filter((s) => s.step.index > op.step.step.index);
        const verified = later.some((s) => s.run !== undefined && commandsIn(s.run, s.env).some((command) => {
            const npm = npmInvocation(command.argv);
            const source = command.pipedFrom?.argv ?? [];
            return npm?.kind === "script" && npm.name === "verify"
                && source.slice(0, 3).join(" ") === "pulumi stack output"
                && shortStack(flagValue(source, "--stack")) === op.stack
                && source.includes("--json") && source.includes("--show-secrets");
        }));
        return verified ? [] : [`${op.run.label}: pulumi up of ${op.stack} is not followed by \`pulumi stack output --stack ${op.stack} --json --show-secrets | npm run verify\``];
    });
}
