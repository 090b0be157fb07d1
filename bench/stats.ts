/** Small numeric helpers: the machines are noisy, so everything is reported as a median of repetitions. */

export function median(xs: number[]): number {
    if (xs.length === 0) {
        return NaN;
    }
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** `a / b` as "1.07x"; a dash when either side is missing. */
export function ratio(a: number | undefined, b: number | undefined): string {
    return a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? "-" : `${(a / b).toFixed(2)}x`;
}

/** Pair-by-pair ratios as "1.07x, 1.10x". */
export function ratios(xs: number[]): string {
    return xs.map((x) => `${x.toFixed(2)}x`).join(", ");
}

/** Issue 25's rule: a target holds when at least four of five pairs meet it; undefined with fewer than five pairs. */
export function holdsFourOfFive(within: number, pairs: number): boolean | undefined {
    return pairs >= 5 ? within >= Math.ceil((pairs * 4) / 5) : undefined;
}

export function ms(x: number | undefined): string {
    return x === undefined || !Number.isFinite(x) ? "-" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

export function mb(bytes: number | undefined): string {
    return bytes === undefined || !Number.isFinite(bytes) ? "-" : `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

export function count(x: number): string {
    return Number.isInteger(x) ? x.toLocaleString("en-US") : x.toFixed(2);
}

/** Wall-clock milliseconds of `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
    const start = performance.now();
    const value = await fn();
    return { ms: performance.now() - start, value };
}
