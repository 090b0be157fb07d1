/**
 * 4. The component's own cost per bucket under the SDK mock runtime: wall time of the program,
 * resources registered and provider invokes. Invokes (account, partition, region) must stay
 * constant as buckets are added: one lookup per provider, not per bucket.
 */
import { EncryptedBucket } from "../components";
import { captureStack } from "../offline/capture";
import { count, ms, timed } from "./stats";
import { Table, verdict } from "./table";

export async function componentBench(bucketCounts: number[]): Promise<{ table: Table; invokesConstant: boolean }> {
    const rows: string[][] = [];
    const invokeTotals: number[] = [];
    for (const n of bucketCounts) {
        const { ms: elapsed, value: stack } = await timed(() =>
            captureStack(() => {
                for (let i = 0; i < n; i++) {
                    new EncryptedBucket(`bench${i}`, {});
                }
            }, { project: "bench", stack: "bench", preview: true }),
        );
        // Everything but the root stack resource.
        const registered = stack.resources.length - 1;
        invokeTotals.push(stack.invokes.length);
        rows.push([count(n), ms(elapsed), ms(elapsed / n), (registered / n).toFixed(2), count(stack.invokes.length), (stack.invokes.length / n).toFixed(3)]);
    }
    const invokesConstant = invokeTotals.every((x) => x === invokeTotals[0]);
    return {
        table: {
            title: "EncryptedBucket under the mock runtime (preview)",
            headers: ["buckets", "wall", "wall per bucket", "resources per bucket", "invokes (total)", "invokes per bucket"],
            rows,
            notes: [
                `invokes constant in the number of buckets (${[...new Set(invokeTotals)].join(", ")}): ${verdict(invokesConstant)}`,
                "wall covers running the program and the mock monitor's bookkeeping, after the modules are loaded; resources per bucket counts the component and its children.",
            ],
        },
        invokesConstant,
    };
}
