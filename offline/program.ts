import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { captureStack } from "./capture";
import { CapturedStack } from "./captured";
import { targetFromConfig } from "./mocks";
import { loadProject, loadStackConfig as readStackConfig } from "./project";

export interface PulumiProgram {
    dir: string;
    project: string;
    /** The program's entry module. */
    main: string;
}

function readYaml(file: string): any {
    if (!fs.existsSync(file)) {
        throw new Error(`${file} not found`);
    }
    return parse(fs.readFileSync(file, "utf8")) ?? {};
}

export function loadProgram(dir: string): PulumiProgram {
    const project = readYaml(path.join(dir, "Pulumi.yaml"));
    if (typeof project.name !== "string") {
        throw new Error(`${path.join(dir, "Pulumi.yaml")}: no project name`);
    }
    return { dir: path.resolve(dir), project: project.name, main: path.resolve(dir, project.main ?? "index.ts") };
}

/** The stack's config as the CLI reads it (`offline/project.ts`), for an in-process run. */
export function loadStackConfig(program: PulumiProgram, stack: string): Record<string, unknown> {
    return readStackConfig(loadProject(program.dir), stack).values;
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
