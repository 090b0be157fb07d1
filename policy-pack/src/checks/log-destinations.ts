/**
 * Log destinations (see model/log-services.ts): which SSE-S3 buckets of the stack are accepted as
 * the destination of a service that delivers only into SSE-S3, and what a destination does to the
 * deliveries a log configuration of the stack sets up.
 */
import { Facts } from "../findings/finding";
import { Value, ValueObject, isUnknown } from "../known";
import { readDocument } from "../iam/document";
import { Deliverer, confinedToOneAccount, deliveryVerdict, keyPathAccount, namedSourceAccount, undeniedForeignWriters, ungrantedKeyActions } from "../iam/log-writers";
import { bucketKey } from "./bucket-key";
import { sameKey } from "../model/keys";
import { UploadTarget } from "../iam/statement";
import { LOG_SERVICES, LogService } from "../model/log-services";
import { ACLS_DISABLED } from "../model/object-ownership";
import { depsOf } from "../model/resource";
import { LogDelivery, StackModel, Storage } from "../model/stack";

const SSE_S3 = "AES256";

/** The statements of all the bucket's policies, or `undefined` when any is not known statements. */
function knownStatements(bucket: Storage): ValueObject[] | undefined {
    const docs = bucket.policies.map((p) => readDocument(p.document));
    if (docs.length === 0 || docs.some((d) => d.kind !== "statements")) {
        return undefined;
    }
    return docs.flatMap((d) => (d.kind === "statements" ? d.statements : []));
}

function target(bucket: Storage): UploadTarget {
    return { objectArnPrefixes: bucket.arns.map((a) => `${a}/`), unknownResourceIsBucket: false };
}

function deliverer(service: LogService, statements: ValueObject[], deliveries: LogDelivery[]): Deliverer {
    if (service.confinedByKeyPath) {
        return { principal: service.principal, sourceArns: [], confinedByKeyPath: true };
    }
    return { principal: service.principal, account: namedSourceAccount(statements), sourceArns: [...new Set(deliveries.flatMap((d) => d.sourceArns))] };
}

/** Whether the statements prove that only `service` writes, for one account or the stack's sources. */
function onlyServiceWrites(service: LogService, statements: ValueObject[], target: UploadTarget, deliveries: LogDelivery[]): boolean {
    return undeniedForeignWriters(statements, target, deliverer(service, statements, deliveries)).length === 0
        && (!service.confinedByKeyPath || confinedToOneAccount(statements, service.principal, target.objectArnPrefixes));
}

/** A service whose SSE-S3 destination can be accepted: it supports only SSE-S3 and a bucket policy grants it. */
function acceptable(service: LogService): boolean {
    return service.judged && service.encryption === "sse-s3-only" && service.grantedBy !== "bucket-acl";
}

/** Whether the bucket's default encryption is SSE-S3 and nothing else: declared AES256 rules only, or none. */
function onlySseS3(bucket: Storage): boolean {
    return bucket.encryption.every((s) => s.problems.length === 0 && s.rules.every((r) => r.sseAlgorithm === SSE_S3));
}

/** Whether a `bucket` reference may name `bucket`: by value, or when unknown, computed from it. */
function mayName(ref: Value, deps: string[], bucket: Storage): boolean {
    if (isUnknown(ref)) {
        return deps.includes(bucket.resource.urn) || deps.length === 0;
    }
    return typeof ref === "string" && [bucket.name, ...bucket.arns].includes(ref);
}

/**
 * The service whose SSE-S3 destination `bucket` is accepted as, if it is one: every delivery into
 * it comes from log configurations of the stack for one judged service that supports only SSE-S3;
 * its default encryption is SSE-S3; no object of the stack is written into it; and its bucket
 * policy, known, provably refuses every write but that service's deliveries for the stack's
 * sources (or its one named account).
 */
export function acceptedLogDestination(bucket: Storage, model: StackModel): LogService | undefined {
    const into = model.deliveries.filter((d) => d.destination === bucket);
    const service = into[0]?.kind.service;
    if (!service || !acceptable(service) || into.some((d) => d.kind.service !== service)) {
        return undefined;
    }
    if (!onlySseS3(bucket) || model.objects.some((o) => mayName(o.props.bucket, depsOf(o, "bucket"), bucket))) {
        return undefined;
    }
    const statements = knownStatements(bucket);
    if (!statements) {
        return undefined;
    }
    return onlyServiceWrites(service, statements, target(bucket), into) ? service : undefined;
}

/**
 * For a service that writes through an ACL grant: how the destination's ACLs are disabled, if they
 * certainly are. `declared` when an Object Ownership of BucketOwnerEnforced is declared; `default`
 * when none is declared for it (S3's default for new buckets), and none of the stack could be its.
 */
function aclsDisabled(bucket: Storage, model: StackModel): "declared" | "default" | undefined {
    if (bucket.ownership.includes(ACLS_DISABLED)) {
        return "declared";
    }
    return bucket.ownership.length === 0 && !model.ownershipUnlinked ? "default" : undefined;
}

const ACCOUNT_OF_ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/**
 * The account the delivery is made for, where an ARN of the stack shows it: the source's (a
 * trail's), else the destination key's, else the one account the destination's policy names.
 */
function stackAccount(d: LogDelivery, bucket: Storage): string | undefined {
    const key = bucketKey(bucket);
    const arns = [...d.sourceArns, ...(key?.kind === "stack" && key.arn ? [key.arn] : key?.kind === "external" ? [key.arn] : [])];
    const shown = arns.map((a) => ACCOUNT_OF_ARN.exec(a)?.[1]).find((a) => a !== undefined);
    const statements = knownStatements(bucket);
    return shown ?? (statements ? namedSourceAccount(statements) : undefined);
}

/**
 * The ARNs a log object of the delivery may have; none when its account folder is not known. A
 * service confined by key path writes under `AWSLogs/<account>/` of an account the stack does not
 * hold: the one the grants name (any writer's: the Region's account may be granted instead of the
 * service principal) stands for it.
 */
function logObjectArns(d: LogDelivery, bucket: Storage, statements: ValueObject[]): string[] {
    const service = d.kind.service;
    if (service.confinedByKeyPath) {
        const dir = d.prefix ? `${d.prefix.replace(/\/+$/, "")}/` : "";
        return bucket.arns.map((a) => `${a}/${dir}AWSLogs/${keyPathAccount(statements) ?? "000000000000"}/elasticloadbalancing/log-object`);
    }
    const account = stackAccount(d, bucket);
    if (service.underAccountFolder && account === undefined) {
        return [];
    }
    const folder = service.underAccountFolder ? `AWSLogs/${account}/` : "";
    return bucket.arns.map((a) => `${a}/${d.prefix ?? ""}${folder}log-object`);
}

/**
 * For a service that encrypts with a customer-managed key: the key it encrypts with (the trail's
 * own, else the destination's default) and what stops it using it. A trail must name the
 * destination's key, so that whatever headers it sends name the key the bucket policy requires.
 */
function keyFacts(d: LogDelivery, bucket: Storage, model: StackModel): Facts[] {
    const service = d.kind.service;
    const destination = bucket.resource.urn;
    const destinationKey = bucketKey(bucket);
    if (service.keyOfTrail && destinationKey !== undefined && (d.key === undefined || !sameKey(d.key, destinationKey))) {
        return [{ code: "EB-LOG-005", service: service.label, destination }];
    }
    const key = destinationKey?.kind === "stack" && destinationKey.urns.length === 1 ? destinationKey.urns[0] : undefined;
    const doc = key === undefined ? undefined : readDocument(model.keys.policyOf(key));
    if (key === undefined || doc?.kind !== "statements") {
        return [];
    }
    const ungranted = ungrantedKeyActions(doc.statements, service.keyGrant ?? [], { principal: service.principal, account: stackAccount(d, bucket), sourceArns: d.sourceArns });
    return ungranted.length > 0 ? [{ code: "EB-LOG-004", service: service.label, principal: service.principal, destination, key, actions: ungranted }] : [];
}

/** What the destination does to one delivery of a judged service: one entry per finding. */
export function deliveryFacts(d: LogDelivery, model: StackModel): Facts[] {
    const bucket = d.destination;
    const service = d.kind.service;
    if (!bucket || !service.judged) {
        return [];
    }
    const destination = bucket.resource.urn;
    const facts: Facts[] = service.encryption === "cmk" ? keyFacts(d, bucket, model) : [];
    const kms = bucket.encryption.flatMap((s) => s.rules).map((r) => r.sseAlgorithm).find((a) => a === "aws:kms" || a === "aws:kms:dsse");
    if (service.encryption === "sse-s3-only" && typeof kms === "string") {
        facts.push({ code: "EB-LOG-001", service: service.label, destination, algorithm: kms });
    }
    const acls = service.grantedBy === "bucket-acl" ? aclsDisabled(bucket, model) : undefined;
    if (acls) {
        facts.push({ code: "EB-LOG-007", service: service.label, destination, ownership: acls });
    }
    const statements = knownStatements(bucket);
    if (statements) {
        const objectArns = logObjectArns(d, bucket, statements);
        const verdict = deliveryVerdict(statements, target(bucket), objectArns, deliverer(service, statements, [d]), service.sendsEncryptionHeaders, service.deliversAs ?? ["service"]);
        // A grant made with an ACL is not modelled: its absence proves nothing.
        if (verdict.ungranted && objectArns.length > 0 && service.grantedBy !== "bucket-acl") {
            facts.push({ code: "EB-LOG-002", service: service.label, principal: service.principal, destination });
        }
        if (verdict.deniedBy.length > 0) {
            facts.push({ code: "EB-LOG-003", service: service.label, principal: service.principal, destination, statements: verdict.deniedBy });
        }
    }
    return facts;
}

/**
 * Judged alone (a bucket policy before the update applies it): whether the statements let only a
 * judged service that delivers into SSE-S3 write. The stack check then decides whether the bucket
 * is that service's destination, and refuses it otherwise.
 */
export function onlyLogServiceWrites(statements: ValueObject[], objectArnPrefixes: string[]): boolean {
    const services: LogService[] = Object.values(LOG_SERVICES).filter(acceptable);
    return services.some((s) => onlyServiceWrites(s, statements, { objectArnPrefixes, unknownResourceIsBucket: false }, []));
}

/** Services whose deliveries land under the destination's customer-managed key, sending no headers. */
const HEADERLESS_CMK_SERVICES: LogService[] = Object.values(LOG_SERVICES).filter((s) => s.judged && s.encryption === "cmk" && !s.sendsEncryptionHeaders);

/**
 * Whether the uploads without encryption headers that the statements let through are only the
 * deliveries of the stack's log services into `bucket`: every delivery into it comes from such a
 * service (all of one principal), its default encryption is one customer-managed key (under which
 * a header-less delivery lands), and the statements provably deny header-less writes to any other
 * principal, any other service, and the service acting for another account or source.
 */
export function headerlessOnlyFromLogService(statements: ValueObject[], bucket: Storage, model: StackModel): boolean {
    const into = model.deliveries.filter((d) => d.destination === bucket);
    const principal = into[0]?.kind.service.principal;
    if (!principal || !into.every((d) => HEADERLESS_CMK_SERVICES.includes(d.kind.service) && d.kind.service.principal === principal) || !bucketKey(bucket)) {
        return false;
    }
    return undeniedForeignWriters(statements, target(bucket), deliverer(into[0].kind.service, statements, into), true).length === 0;
}

/** Judged alone (a bucket policy before the update applies it): the same proof for some such service, its sources not yet known. */
export function headerlessOnlyFromSomeLogService(statements: ValueObject[], objectArnPrefixes: string[]): boolean {
    const account = namedSourceAccount(statements);
    return HEADERLESS_CMK_SERVICES.some((s) => undeniedForeignWriters(statements, { objectArnPrefixes, unknownResourceIsBucket: false }, { principal: s.principal, account, sourceArns: [] }, true).length === 0);
}
