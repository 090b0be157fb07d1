/** Every section hands back a titled table; report.ts prints them all and writes the results file. */
export interface Table {
    title: string;
    headers: string[];
    rows: string[][];
    /** Lines printed under the table: what was measured, targets, anything unavailable. */
    notes: string[];
}

export function renderTable(t: Table): string {
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return [
        `### ${t.title}`,
        "",
        line(t.headers),
        line(t.headers.map(() => "---")),
        ...t.rows.map(line),
        "",
        ...t.notes.map((n) => `- ${n}`),
    ].join("\n");
}

/** "holds" / "does not hold" for a target line. */
export function verdict(ok: boolean | undefined): string {
    return ok === undefined ? "not measured" : ok ? "holds" : "DOES NOT HOLD";
}
