/**
 * GitHub's own workflow parser and expression evaluator. Both ship as ES modules only (their
 * package exports have no `require` condition), so they are loaded with a real dynamic import,
 * which TypeScript's CommonJS output would otherwise rewrite into `require`.
 */
import { register } from "module";
import { pathToFileURL } from "url";
import * as path from "path";

type WorkflowParser = typeof import("@actions/workflow-parser");
type Expressions = typeof import("@actions/expressions");

const dynamicImport = new Function("specifier", "return import(specifier)") as <T>(specifier: string) => Promise<T>;

let hookRegistered = false;

export async function loadWorkflowParser(): Promise<WorkflowParser> {
    if (!hookRegistered) {
        register(pathToFileURL(path.join(__dirname, "json-import-hook.mjs")));
        hookRegistered = true;
    }
    return dynamicImport<WorkflowParser>("@actions/workflow-parser");
}

export function loadExpressions(): Promise<Expressions> {
    return dynamicImport<Expressions>("@actions/expressions");
}
