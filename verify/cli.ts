/**
 * `npm run verify`: checks deployed encrypted buckets the way the console lab did, by hand-made
 * uploads, and reports a pass/fail table. Exit codes: 0 all passed, 1 a check failed, 2 bad input.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { Options, parseCliArgs, USAGE } from "./args";
import { renderJson, renderText } from "./report";
import { newProbePrefix } from "./probes";
import { BucketReport, passed, verifyBucket } from "./run";
import { targetsFromStackOutput } from "./stack-outputs";
import { InputError, Target } from "./target";

export interface Io {
    out(text: string): void;
    err(text: string): void;
    /** Everything piped in, or undefined when stdin is a terminal (nothing piped). */
    readStdin(): Promise<string | undefined>;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
    let targets: Target[];
    let options: Options;
    try {
        options = parseCliArgs(argv);
        if (options.help) {
            io.out(USAGE);
            return 0;
        }
        targets = options.targets ?? (await targetsFromStdin(io, options.region));
    } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.err(`verify: ${err.message}\n(npm run verify -- --help shows the usage)\n`);
        return 2;
    }
    const probePrefix = newProbePrefix(options.prefix);
    const reports: BucketReport[] = [];
    for (const target of targets) {
        const s3 = new S3Client({ region: target.region });
        try {
            reports.push(await verifyBucket(s3, target, probePrefix));
        } finally {
            s3.destroy();
        }
    }
    io.out(options.json ? renderJson(reports) : renderText(reports));
    return reports.every(passed) ? 0 : 1;
}

async function targetsFromStdin(io: Io, region: string | undefined): Promise<Target[]> {
    const text = await io.readStdin();
    if (text === undefined) {
        throw new InputError("give --bucket and --key-arn, or pipe `pulumi stack output --json` into stdin");
    }
    return targetsFromStackOutput(text, region);
}

const processIo: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    async readStdin() {
        if (process.stdin.isTTY) return undefined;
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString("utf8");
    },
};

if (require.main === module) {
    main(process.argv.slice(2), processIo).then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            process.stderr.write(`verify: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
            process.exitCode = 2;
        },
    );
}
