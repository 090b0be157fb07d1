/** GitHub's own workflow parser (actions/languageservices): schema, expressions, job references. */
import { loadWorkflowParser } from "./github-packages";

export async function workflowErrors(file: string, text: string): Promise<string[]> {
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await loadWorkflowParser();
    const parsed = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
    const errors = parsed.context.errors.getErrors().map((e) => e.message);
    if (errors.length > 0 || parsed.value === undefined) return errors.length > 0 ? errors : [`${file}: empty workflow`];
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    return (template.errors ?? []).map((e) => e.Message);
}
