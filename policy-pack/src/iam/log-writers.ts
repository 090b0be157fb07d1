/**
 * Bucket policies of log destinations, judged by what they do to writes: whether anyone but the
 * delivering service (or the service for a source outside the stack) can write into the bucket,
 * and whether the service's own deliveries are let through. Requests are described by the
 * condition keys AWS documents for them: `aws:PrincipalServiceName` is present when a service
 * principal makes the request, `aws:SourceAccount`/`aws:SourceArn` name the resource it acts for
 * (IAM "AWS global condition context keys"), and a service that sends no encryption headers has
 * none of the `s3:x-amz-server-side-encryption*` keys.
 */
import { ValueObject, asList, isObject } from "../known";
import { CompiledCondition, RequestValue, compileCondition, evaluateCompiled } from "./conditions";
import { UploadTarget, anyElement, coversAction, deniesAllUploads, everyPrincipal } from "./statement";
import { Tri, and, or } from "./tri";
import { wildcardMatch } from "./wildcard";

const SSE = "s3:x-amz-server-side-encryption";
const KEY_ID = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C = "s3:x-amz-server-side-encryption-customer-algorithm";
const SERVICE = "aws:principalservicename";
const SOURCE_ACCOUNT = "aws:sourceaccount";
const SOURCE_ARN = "aws:sourcearn";
const TLS = "aws:securetransport";

/** Who a foreign write comes from, as findings name it. */
export type ForeignWriter = "another-principal" | "another-service" | "service-for-another-source";

/** The delivering service, and the sources of this stack it delivers for. */
export interface Deliverer {
    principal: string;
    /** The one account the policy names for `aws:SourceAccount`, if it names exactly one. */
    account?: string;
    /** The source ARNs of this stack's deliveries into the bucket. */
    sourceArns: string[];
    /**
     * The service is confined by object key (`AWSLogs/<account>/`), not by `aws:SourceAccount` or
     * `aws:SourceArn`: no condition on those keys is assumed to hold for its requests, and the proof
     * that it writes for no other account is `confinedToOneAccount`'s.
     */
    confinedByKeyPath?: boolean;
}

/** Who sends a delivery request: the service principal, or an account of AWS's (no `aws:PrincipalServiceName`). */
export type DeliveringAs = "service" | "account";

interface WriteRequest {
    writer: ForeignWriter;
    values: Record<string, RequestValue>;
}

const ABSENT: RequestValue = { kind: "absent" };
const exact = (value: string): RequestValue => ({ kind: "exact", value });

/** Every encryption a writer may ask for, header by header: a deny that leaves one out proves nothing. */
const HEADER_VARIANTS: Array<Record<string, RequestValue>> = [
    { [SSE]: ABSENT, [KEY_ID]: ABSENT, [SSE_C]: ABSENT },
    { [SSE]: exact("AES256"), [KEY_ID]: ABSENT, [SSE_C]: ABSENT },
    { [SSE]: exact("aws:kms"), [KEY_ID]: ABSENT, [SSE_C]: ABSENT },
    { [SSE]: exact("aws:kms"), [KEY_ID]: { kind: "other-key" }, [SSE_C]: ABSENT },
    { [SSE]: exact("aws:kms:dsse"), [KEY_ID]: { kind: "other-key" }, [SSE_C]: ABSENT },
    { [SSE]: ABSENT, [KEY_ID]: ABSENT, [SSE_C]: exact("AES256") },
];

function foreignWrites(d: Deliverer, headerlessOnly: boolean): WriteRequest[] {
    const anything: RequestValue = { kind: "other-than", values: [] };
    const requests: WriteRequest[] = [];
    for (const secure of [true, false]) {
        const tls = { [TLS]: { kind: "bool", value: secure } as RequestValue };
        for (const headers of headerlessOnly ? HEADER_VARIANTS.slice(0, 1) : HEADER_VARIANTS) {
            requests.push({ writer: "another-principal", values: { ...headers, ...tls, [SERVICE]: ABSENT, [SOURCE_ACCOUNT]: ABSENT, [SOURCE_ARN]: ABSENT } });
            requests.push({
                writer: "another-service",
                values: { ...headers, ...tls, [SERVICE]: { kind: "other-than", values: [d.principal] }, [SOURCE_ACCOUNT]: anything, [SOURCE_ARN]: anything },
            });
        }
        if (d.confinedByKeyPath) {
            continue;
        }
        requests.push({
            writer: "service-for-another-source",
            values: {
                ...HEADER_VARIANTS[0], ...tls,
                [SERVICE]: exact(d.principal),
                [SOURCE_ACCOUNT]: { kind: "other-than", values: d.account ? [d.account] : [] },
                [SOURCE_ARN]: { kind: "other-than", values: d.sourceArns },
            },
        });
    }
    return requests;
}

function holds(condition: CompiledCondition, values: Record<string, RequestValue>): Tri {
    return evaluateCompiled(condition, { value: (key) => values[key], unknownIsCmk: false });
}

/**
 * The writers other than the service's deliveries for this stack that no deny provably refuses;
 * empty when only the service can write (with `headerlessOnly`, write without encryption headers).
 */
export function undeniedForeignWriters(statements: ValueObject[], target: UploadTarget, d: Deliverer, headerlessOnly = false): ForeignWriter[] {
    const denials = statements.filter((s) => deniesAllUploads(s, target) === true).map((s) => compileCondition(s.Condition));
    const undenied = new Set<ForeignWriter>();
    for (const r of foreignWrites(d, headerlessOnly)) {
        if (!denials.some((c) => holds(c, r.values) === true)) {
            undenied.add(r.writer);
        }
    }
    return [...undenied];
}

/** The one account a policy names for `aws:SourceAccount`, if exactly one. */
export function namedSourceAccount(statements: ValueObject[]): string | undefined {
    const accounts = new Set<string>();
    for (const s of statements) {
        for (const block of isObject(s.Condition) ? Object.values(s.Condition) : []) {
            for (const [key, values] of isObject(block) ? Object.entries(block) : []) {
                if (key.toLowerCase() === SOURCE_ACCOUNT) {
                    asList(values).forEach((v) => accounts.add(typeof v === "string" ? v : JSON.stringify(v)));
                }
            }
        }
    }
    return accounts.size === 1 ? [...accounts][0] : undefined;
}

/** The service's own delivery: no encryption headers (when it sends none), over TLS, for the stack's source. */
function delivery(d: Deliverer, sendsHeaders: boolean, as: DeliveringAs): Record<string, RequestValue> {
    const values: Record<string, RequestValue> = {
        [SERVICE]: as === "service" ? exact(d.principal) : ABSENT,
        [TLS]: { kind: "bool", value: true },
        ...(d.account !== undefined ? { [SOURCE_ACCOUNT]: exact(d.account) } : {}),
        ...(d.sourceArns.length === 1 ? { [SOURCE_ARN]: exact(d.sourceArns[0]) } : {}),
    };
    return sendsHeaders ? values : { ...values, ...HEADER_VARIANTS[0] };
}

/** Whether the statement names the writer: the service principal, or (an account of AWS's) any AWS principal it names. */
function namesWriter(s: ValueObject, principal: string, as: DeliveringAs): Tri {
    if (as === "service") {
        return namesService(s, principal);
    }
    if (s.NotPrincipal !== undefined) {
        return "maybe";
    }
    return isObject(s.Principal) && s.Principal.AWS !== undefined ? "maybe" : false;
}

function namesService(s: ValueObject, principal: string): Tri {
    if (s.NotPrincipal !== undefined) {
        return "maybe";
    }
    const p = s.Principal;
    return isObject(p) ? anyElement(p.Service, (v) => v === principal) : false;
}

function coversKey(s: ValueObject, objectArns: string[]): Tri {
    if (s.Resource === undefined) {
        return "maybe";
    }
    return or(...asList(s.Resource).map((r): Tri => (typeof r === "string" ? objectArns.some((a) => wildcardMatch(r, a)) : "maybe")));
}

const coversPutObject = (s: ValueObject): Tri => coversAction(s, "s3:PutObject");

export interface DeliveryVerdict {
    /** Sids (or positions) of deny statements that refuse the delivery for certain. */
    deniedBy: string[];
    /** No Allow statement can grant the service the delivery. */
    ungranted: boolean;
}

/**
 * What the statements do to the service's delivery of one log object, `objectArns` being the
 * ARNs such an object may have. A deny is reported only when it refuses the delivery for certain,
 * and a missing grant only when no Allow can apply: the logs would then never arrive.
 */
export function deliveryVerdict(statements: ValueObject[], target: UploadTarget, objectArns: string[], d: Deliverer, sendsHeaders: boolean, as: readonly DeliveringAs[]): DeliveryVerdict {
    const denials = as.map((writer) => {
        const values = delivery(d, sendsHeaders, writer);
        return new Set(statements.flatMap((s, i) => {
            const applies = s.Effect === "Deny" && and(or(everyPrincipal(s), namesWriter(s, d.principal, writer)), coversPutObject(s), or(deniesAllUploads(s, target), coversKey(s, objectArns))) === true;
            return applies && holds(compileCondition(s.Condition), values) === true ? [typeof s.Sid === "string" ? s.Sid : `statement ${i + 1}`] : [];
        }));
    });
    // Which writer delivers depends on the Region: a deny is certain only when it refuses them all.
    const deniedBy = [...denials[0]].filter((sid) => denials.every((set) => set.has(sid)));
    const ungranted = as.every((writer) => {
        const values = delivery(d, sendsHeaders, writer);
        return statements.every((s) => s.Effect !== "Allow"
            || and(or(everyPrincipal(s), namesWriter(s, d.principal, writer)), coversPutObject(s), coversKey(s, objectArns), holds(compileCondition(s.Condition), values)) === false);
    });
    return { deniedBy, ungranted };
}

const TRAIL_CONTEXT = "kms:encryptioncontext:aws:cloudtrail:arn";

/**
 * The KMS actions of `actions` (as AWS documents the grant: `kms:GenerateDataKey*` stands for the
 * calls it covers, judged as `kms:GenerateDataKey`) that no Allow of the key policy can grant the
 * delivering service: then it cannot encrypt the log objects, and they never arrive. The request
 * carries the source conditions the delivery does and, for a trail, its encryption context.
 */
export function ungrantedKeyActions(statements: ValueObject[], actions: readonly string[], d: Deliverer): string[] {
    const values: Record<string, RequestValue> = {
        [SERVICE]: exact(d.principal),
        [TLS]: { kind: "bool", value: true },
        ...(d.account !== undefined ? { [SOURCE_ACCOUNT]: exact(d.account) } : {}),
        ...(d.sourceArns.length === 1 ? { [SOURCE_ARN]: exact(d.sourceArns[0]), [TRAIL_CONTEXT]: exact(d.sourceArns[0]) } : {}),
    };
    return actions.filter((granted) => {
        const action = granted.replace(/\*$/, "");
        return statements.every((s) => s.Effect !== "Allow"
            || and(or(everyPrincipal(s), namesService(s, d.principal)), coversAction(s, action), holds(compileCondition(s.Condition), values)) === false);
    });
}

const AWS_LOGS_KEY = /\/AWSLogs\/(\d{12})\//;

/**
 * The one account whose `AWSLogs/<account>/` keys the Allow statements that may grant the service
 * name (any writer's, when `principal` is not given), if exactly one.
 */
export function keyPathAccount(statements: ValueObject[], principal?: string): string | undefined {
    const accounts = new Set(grantsOf(statements, principal).flatMap((s) => asList(s.Resource)).map((r) => (typeof r === "string" ? AWS_LOGS_KEY.exec(r)?.[1] : undefined)));
    return accounts.size === 1 ? [...accounts][0] : undefined;
}

function grantsOf(statements: ValueObject[], principal?: string): ValueObject[] {
    return statements.filter((s) => s.Effect === "Allow" && coversPutObject(s) !== false && (principal === undefined || or(everyPrincipal(s), namesService(s, principal)) !== false));
}

/**
 * For a service confined by object key: whether every Allow that may let it put objects names
 * only keys under `<bucket>/[<prefix>/]AWSLogs/<account>/` of one account and no wildcard before
 * that account. A service principal writes only what a bucket policy grants it, so its writes for
 * any other account then have no grant.
 */
export function confinedToOneAccount(statements: ValueObject[], principal: string, objectArnPrefixes: string[]): boolean {
    const account = keyPathAccount(statements, principal);
    return account !== undefined && grantsOf(statements, principal).every((s) => s.NotResource === undefined && s.Resource !== undefined
        && asList(s.Resource).every((r) => typeof r === "string" && objectArnPrefixes.some((p) => {
            const rest = r.startsWith(p) ? r.slice(p.length) : undefined;
            const at = rest?.indexOf(`AWSLogs/${account}/`) ?? -1;
            return rest !== undefined && at >= 0 && (at === 0 || rest[at - 1] === "/") && !/[*?]/.test(rest.slice(0, at + `AWSLogs/${account}/`.length));
        })));
}
