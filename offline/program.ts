import * as path from "path";
import { captureStack } from "./capture";
import { CapturedStack } from "./captured";
import { targetFromConfig } from "./target";
import { PulumiProject, loadProject, loadStackConfig as readStackConfig } from "./project";

/** A project as the CLI reads it (offline/project.ts), and the module its language host would load. */
export interface PulumiProgram extends PulumiProject {
    main: string;
}

export function loadProgram(dir: string): PulumiProgram {
    const project = loadProject(dir);
    return { ...project, main: require.resolve(path.resolve(project.pwd, project.entryPoint)) };
}

/** The stack's config as the CLI reads it, for an in-process run. */
export function loadStackConfig(program: PulumiProgram, stack: string): Record<string, unknown> {
    return readStackConfig(program, stack).values;
}

/** Runs a Pulumi TypeScript program with one of its stacks' config (or the one given), as preview or as update. */
export async function captureProgram(
    program: PulumiProgram,
    stack: string,
    preview: boolean,
    config: Record<string, unknown> = loadStackConfig(program, stack),
): Promise<CapturedStack> {
    return captureStack(() => {
        // A program is its module's top level: load it afresh for every run.
        delete require.cache[require.resolve(program.main)];
        return require(program.main);
    }, { project: program.project, stack, preview, config, target: targetFromConfig(config) });
}
