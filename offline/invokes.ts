/**
 * How the offline runs answer a provider function (an invoke), one table of kinds:
 * - `computed`: a pure function of the arguments and the target (caller identity, partition,
 *   region, ARN parsing, IAM policy documents), answered as the provider would;
 * - `lookup`: needs AWS (keys, aliases, buckets, hosted zones, AMIs, ...). In preview every
 *   field it names is unknown; in update it is a placeholder string that is no ARN, id or name
 *   of anything, so no policy can take it for a key of the stack or an allowed key;
 * - anything else is answered like a lookup with no known fields: only an unknown (preview) or
 *   placeholder (update) `id`.
 * Every answer is recorded with its kind, for the report and the synthesized JSON.
 */
import { createHash } from "crypto";
import { UNKNOWN } from "./engine-resource";
import type { AwsTarget } from "./target";
import { renderPolicyDocument } from "./policy-document";

/**
 * `plugin`: answered by the package's own provider plugin (a package the offline engine does not
 * model); `unanswered`: that plugin is not available, so the run is incomplete (offline/captured.ts).
 */
export type InvokeAnswer = "computed" | "lookup" | "unrecognized" | "plugin" | "unanswered";

/** One invoke as the program made it, and how it was answered. */
export interface InvokeRecord {
    token: string;
    answer: InvokeAnswer;
    /** What the answer holds, in a phrase. */
    how: string;
}

type Args = Record<string, unknown>;

interface Computed {
    kind: "computed";
    how: string;
    compute: (args: Args, target: AwsTarget) => Args;
}

interface Lookup {
    kind: "lookup";
    /** The result fields the provider fills from AWS. */
    fields: string[];
}

const PLACEHOLDER_PREFIX = "offline-lookup-placeholder";

/** A value no policy can take for a real ARN, id or name. */
export function lookupPlaceholder(token: string, field: string, args: Args): string {
    const digest = createHash("sha256").update(JSON.stringify([token, args])).digest("hex").slice(0, 8);
    return `${PLACEHOLDER_PREFIX}:${token.split(":").pop()}:${field}:${digest}`;
}

function parseArn(arn: unknown): Args {
    const parts = typeof arn === "string" ? arn.split(":") : [];
    if (parts.length < 6 || parts[0] !== "arn") {
        throw new Error(`getArn: ${JSON.stringify(arn)} is not an ARN`);
    }
    return { arn, partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(":"), id: arn };
}

const INVOKES: Record<string, Computed | Lookup> = {
    "aws:index/getCallerIdentity:getCallerIdentity": {
        kind: "computed",
        how: "the target account (placeholder unless aws:allowedAccountIds names it)",
        compute: (_, t) => ({ accountId: t.accountId, arn: `arn:${t.partition}:iam::${t.accountId}:user/offline-preview`, userId: "AIDAOFFLINEPREVIEW", id: t.accountId }),
    },
    "aws:index/getPartition:getPartition": {
        kind: "computed",
        how: "the target partition",
        compute: (_, t) => ({ partition: t.partition, dnsSuffix: t.dnsSuffix, reverseDnsPrefix: t.dnsSuffix.split(".").reverse().join("."), id: t.partition }),
    },
    "aws:index/getRegion:getRegion": {
        kind: "computed",
        how: "the target region (aws:region)",
        compute: (args, t) => {
            const region = typeof args.region === "string" ? args.region : typeof args.name === "string" ? args.name : t.region;
            return { region, name: region, endpoint: `ec2.${region}.${t.dnsSuffix}`, description: region, id: region };
        },
    },
    "aws:index/getArn:getArn": { kind: "computed", how: "the ARN's parts", compute: (args) => parseArn(args.arn) },
    "aws:iam/getPolicyDocument:getPolicyDocument": {
        kind: "computed",
        how: "rendered as the AWS provider renders it",
        compute: (args) => ({ ...args, ...renderPolicyDocument(args) }),
    },
    "aws:index/getServicePrincipal:getServicePrincipal": {
        kind: "computed",
        how: "<service>.amazonaws.com in the target region",
        compute: (args, t) => {
            const region = typeof args.region === "string" ? args.region : t.region;
            const name = `${args.serviceName}.amazonaws.com`;
            return { ...args, region, name, suffix: "amazonaws.com", id: `${args.serviceName}.${region}` };
        },
    },
    "aws:kms/getAlias:getAlias": { kind: "lookup", fields: ["arn", "targetKeyArn", "targetKeyId", "id"] },
    "aws:kms/getKey:getKey": { kind: "lookup", fields: ["arn", "id", "keyManager", "keyState", "keySpec", "keyUsage", "origin"] },
    "aws:kms/getCipherText:getCipherText": { kind: "lookup", fields: ["ciphertextBlob", "id"] },
    "aws:s3/getBucket:getBucket": { kind: "lookup", fields: ["arn", "bucketDomainName", "bucketRegionalDomainName", "hostedZoneId", "region", "id"] },
    "aws:route53/getZone:getZone": { kind: "lookup", fields: ["arn", "zoneId", "nameServers", "id"] },
    "aws:ec2/getAmi:getAmi": { kind: "lookup", fields: ["arn", "imageId", "id"] },
    "aws:ec2/getVpc:getVpc": { kind: "lookup", fields: ["arn", "cidrBlock", "id"] },
    "aws:iam/getRole:getRole": { kind: "lookup", fields: ["arn", "uniqueId", "assumeRolePolicy", "id"] },
    "aws:ssm/getParameter:getParameter": { kind: "lookup", fields: ["arn", "value", "insecureValue", "id"] },
};

export interface Answered {
    result: Args;
    record: InvokeRecord;
}

/**
 * The answer to `token(args)`. Computed functions throw on bad arguments, as the provider fails
 * the invoke; the thrown message reaches the program.
 */
export function answerInvoke(token: string, args: Args, target: AwsTarget, preview: boolean): Answered {
    const entry = INVOKES[token];
    if (entry?.kind === "computed") {
        return { result: entry.compute(args, target), record: { token, answer: "computed", how: entry.how } };
    }
    const fields = entry?.fields ?? ["id"];
    const value = (field: string) => (preview ? UNKNOWN.string : lookupPlaceholder(token, field, args));
    const result = { ...args, ...Object.fromEntries(fields.map((f) => [f, value(f)])) };
    const how = `${preview ? "unknown" : "placeholder"} ${fields.join(", ")}: needs AWS`;
    return { result, record: { token, answer: entry ? "lookup" : "unrecognized", how: entry ? how : `${how}; other fields undefined` } };
}
