// Node.js module hook: GitHub's @actions/workflow-parser (0.3.x) imports its schema JSON without
// `with { type: "json" }`, which plain Node.js refuses (it is built for bundlers; open upstream as
// actions/languageservices#387). Supplying the attribute for that package's own JSON, and nothing
// else, lets the real parser run unmodified.
export async function load(url, context, nextLoad) {
    if (url.endsWith(".json") && url.includes("/node_modules/@actions/workflow-parser/") && context.importAttributes?.type === undefined) {
        return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
    }
    return nextLoad(url, context);
}
