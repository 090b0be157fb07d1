/**
 * Targets from `pulumi stack output --json`. The program exports `buckets: { <logical>: {...} }`;
 * the parser also takes `pulumi stack output buckets --json` (the map alone) and a single bucket
 * object, since which of these a user pipes in depends only on the command they happened to type.
 */
import { InputError, Target, toTarget } from "./target";

const HOW = "pipe `pulumi stack output --json`, or pass --bucket and --key-arn";

export function targetsFromStackOutput(text: string, region?: string): Target[] {
    if (text.trim() === "") throw new InputError(`stdin is empty: ${HOW}`);
    let root: unknown;
    try {
        root = JSON.parse(text);
    } catch (err) {
        throw new InputError(`stdin is not JSON (${(err as Error).message}): ${HOW}`);
    }
    return bucketEntries(root).map(({ at, label, entry }) => {
        if (!isObject(entry)) throw new InputError(`${at}: expected an object with bucketName and keyArn`);
        return toTarget(
            {
                label,
                bucket: entry.bucketName,
                keyArn: entry.keyArn,
                enforcement: entry.enforcement,
                sseAlgorithm: entry.sseAlgorithm,
                bucketKeyEnabled: entry.bucketKeyEnabled,
            },
            {
                bucket: `${at}.bucketName`,
                keyArn: `${at}.keyArn`,
                enforcement: `${at}.enforcement`,
                sseAlgorithm: `${at}.sseAlgorithm`,
                bucketKeyEnabled: `${at}.bucketKeyEnabled`,
            },
            region,
        );
    });
}

interface Entry {
    /** Where the entry sits in the input, for error messages. */
    at: string;
    label?: string;
    entry: unknown;
}

function bucketEntries(root: unknown): Entry[] {
    if (!isObject(root)) throw new InputError(`stdin: expected a JSON object of stack outputs: ${HOW}`);
    if ("bucketName" in root) return [{ at: "stdin", entry: root }];
    const [path, buckets] = "buckets" in root ? ["buckets", root.buckets] : ["stdin", root];
    if (!isObject(buckets) && !Array.isArray(buckets)) {
        throw new InputError(`${path}: expected an object of buckets by logical name`);
    }
    const entries = Object.entries(buckets).map(([label, entry]) => ({ at: `${path}.${label}`, label, entry }));
    if (entries.length === 0) throw new InputError(`no buckets found in ${path}: ${HOW}`);
    if (path === "stdin" && !entries.every(({ entry }) => isObject(entry) && "bucketName" in entry)) {
        throw new InputError(`stdin has no \`buckets\` output (top-level keys: ${Object.keys(root).join(", ")})`);
    }
    return entries;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
