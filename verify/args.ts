/** Command-line flags to options; every mistake becomes an InputError that names the flag. */
import { parseArgs } from "util";
import { checkRegion, InputError, Target, toTarget } from "./target";

const DEFAULT_PREFIX = "encrypted-bucket-verify/";

export const USAGE = `Usage:
  npm run verify -- --bucket <name> --key-arn <kms key arn> [options]
  pulumi stack output --json --show-secrets | npm run --silent verify -- [options]

Uploads probe objects to a deployed encrypted bucket (no headers, AES256, aws/s3 key, the CMK),
reads back how S3 stored them and the bucket's settings, deletes every probe version, and exits
non-zero on any unexpected result. Uses the standard AWS credential chain.

Options:
  --bucket <name>           bucket to check (with --key-arn; otherwise stack outputs on stdin)
  --key-arn <arn>           the CMK's key ARN, arn:aws:kms:<region>:<account>:key/<id>
  --enforcement <mode>      strict (default) or default-encryption, as deployed (flags only)
  --sse-algorithm <alg>     aws:kms (default) or aws:kms:dsse, as deployed (flags only)
  --no-bucket-key           the bucket's default encryption has S3 Bucket Key off (flags only;
                            off is implied for aws:kms:dsse)
  --region <region>         defaults to the key ARN's region, which must be the bucket's
  --prefix <key prefix>     where probes go; a unique folder is added per run (default ${DEFAULT_PREFIX})
  --json                    print the results as JSON
  --help                    this text
`;

export interface Options {
    help: boolean;
    json: boolean;
    prefix: string;
    region?: string;
    /** Targets given by flags; undefined means "read stack outputs from stdin". */
    targets?: Target[];
}

export function parseCliArgs(argv: readonly string[]): Options {
    let values;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                bucket: { type: "string" },
                "key-arn": { type: "string" },
                enforcement: { type: "string" },
                "sse-algorithm": { type: "string" },
                "no-bucket-key": { type: "boolean" },
                region: { type: "string" },
                prefix: { type: "string", default: DEFAULT_PREFIX },
                json: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
        }));
    } catch (err) {
        throw new InputError((err as Error).message.split("\n")[0]);
    }
    const region = values.region === undefined ? undefined : checkRegion(values.region);
    if (values.prefix === "") throw new InputError("--prefix must not be empty");
    const options: Options = { help: values.help, json: values.json, prefix: values.prefix, region };
    const byFlags = values.bucket !== undefined || values["key-arn"] !== undefined;
    if (!byFlags) {
        const stray = (["enforcement", "sse-algorithm", "no-bucket-key"] as const).find((flag) => values[flag] !== undefined);
        if (stray) throw new InputError(`--${stray} needs --bucket and --key-arn (stack outputs carry their own)`);
        return options;
    }
    const target = toTarget(
        {
            bucket: values.bucket,
            keyArn: values["key-arn"],
            enforcement: values.enforcement,
            sseAlgorithm: values["sse-algorithm"],
            bucketKeyEnabled: values["no-bucket-key"] ? false : undefined,
        },
        { bucket: "--bucket", keyArn: "--key-arn", enforcement: "--enforcement", sseAlgorithm: "--sse-algorithm", bucketKeyEnabled: "--no-bucket-key" },
        region,
    );
    return { ...options, targets: [target] };
}
