/**
 * The matrix of issue 4: every request, the render it runs against and the outcome AWS should give.
 * Cases are templates: their ARNs come from the render at run time, their expectations are written
 * out here per enforcement mode and algorithm (never derived from the policy under test).
 *
 * Multipart uploads and UploadPart: what is known, and how it is modelled
 * -----------------------------------------------------------------------
 * - S3 authorises CreateMultipartUpload, UploadPart, UploadPartCopy and CompleteMultipartUpload
 *   all as `s3:PutObject` (S3 User Guide, "Multipart upload API and permissions"). The component's
 *   denies are on `s3:PutObject`, so they apply to every one of those requests.
 * - The encryption headers (`x-amz-server-side-encryption`, `...-aws-kms-key-id`) belong to
 *   CreateMultipartUpload only. The UploadPart API defines SSE-C headers alone (to be repeated on
 *   every part of an SSE-C upload); S3 answers 400 InvalidArgument "x-amz-server-side-encryption
 *   header is not supported for this operation" when a client adds them to a part (reported in
 *   aws/aws-sdk-java#1876, irods/irods_resource_plugin_s3#1838, aws/aws-sdk-js#819).
 * - Whether S3 then evaluates a part's bucket-policy conditions on the part's own headers or on the
 *   encryption recorded when the upload was created is not documented. boto/botocore#471 (2015):
 *   a `StringNotEquals s3:x-amz-server-side-encryption` deny refused UploadPart of an SSE-KMS
 *   upload, i.e. the key was absent from the part's request context; aws/aws-cli#1674 and
 *   boto/boto3#2525 show the same for `x-amz-acl` / `x-amz-grant-full-control` conditions. On the
 *   other side, S3-compatible servers that mirror AWS (seaweedfs/seaweedfs#8806, 2026) inject the
 *   upload's encryption into UploadPart's context so that `Null ... true` denies do not block parts.
 * - Multipart SSE-KMS uploads also need `kms:Decrypt` (UploadPart/UploadPartCopy) besides
 *   `kms:GenerateDataKey` (CreateMultipartUpload) (AWS Knowledge Center, s3-large-file-encryption-
 *   kms-key): covered by the key-policy cases.
 * So UploadPart is evaluated under BOTH request contexts and both outcomes are asserted and
 * reported: "as sent" (only headers a part can carry) and "as initiated" (the upload's encryption
 * carried over). They differ in strict mode only; see the report's note and the README section.
 */
import { BUCKET_POLICY_SIDS as B, EnforcementMode, KEY_POLICY_SIDS as K, SseAlgorithm } from "../../components";
import {
    ADMIN, NO_POLICIES, OPERATOR, OTHER_KEY_ARN, PARTNER_READER, PARTNER_READ_SID, STRANGER, S3_VIA_SERVICE, WRITER,
    broadKmsWriterPolicy, operatorPolicy, readerPolicy, writerPolicy,
} from "./fixtures";
import { PolicyDocument } from "./policy";
import { ALGORITHMS, MODES, Render, variantName } from "./render";
import { Call, Decision } from "./simulate";

export interface Expected {
    decision: Decision;
    /** Exactly the Sids that must deny it (explicit denies only); empty unless ExplicitlyDenied. */
    deniedBy: string[];
    /** Allow statements the outcome depends on: removing one must turn Allowed into a denial. */
    reliesOn?: string[];
}

export type Section =
    | "PutObject"
    | "CreateMultipartUpload"
    | "UploadPart (as sent)"
    | "UploadPart (as initiated)"
    | "CopyObject"
    | "KMS key policy"
    | "Cross-account";

export interface Case {
    section: Section;
    render: string;
    name: string;
    /** Which of the render's documents the case evaluates (and the mutation proofs mutate). */
    document: "bucket" | "key";
    expected: Expected;
    build(render: Render, document: PolicyDocument): Call;
}

export const allow = (...reliesOn: string[]): Expected => ({ decision: "Allowed", deniedBy: [], ...(reliesOn.length ? { reliesOn } : {}) });
export const deny = (...sids: string[]): Expected => ({ decision: "ExplicitlyDenied", deniedBy: [...sids].sort() });
export const implicit = (): Expected => ({ decision: "ImplicitlyDenied", deniedBy: [] });

const SSE = "s3:x-amz-server-side-encryption";
const KEY_ID = "s3:x-amz-server-side-encryption-aws-kms-key-id";
const SSE_C = "s3:x-amz-server-side-encryption-customer-algorithm";

interface Transport {
    secureTransport: boolean;
    tlsVersion?: string;
}
const TLS12: Transport = { secureTransport: true, tlsVersion: "1.2" };
const TLS13: Transport = { secureTransport: true, tlsVersion: "1.3" };
const TLS11: Transport = { secureTransport: true, tlsVersion: "1.1" };
const HTTP: Transport = { secureTransport: false };

/** One upload's headers, and what the bucket policy must do with them. */
interface Upload {
    name: string;
    headers(r: Render): Record<string, string>;
    transport: Transport;
    expected: Expected;
}

function uploads(mode: EnforcementMode, alg: SseAlgorithm): Upload[] {
    const strict = mode === EnforcementMode.Strict;
    const other = alg === SseAlgorithm.Kms ? SseAlgorithm.KmsDsse : SseAlgorithm.Kms;
    const cmk = (r: Render) => ({ [SSE]: alg, [KEY_ID]: r.keyArn });
    const noKeyId = (a: SseAlgorithm) => (a === alg ? deny(B.missingKeyId) : deny(B.wrongAlgorithm, B.missingKeyId));
    return [
        { name: "no SSE header", headers: () => ({}), transport: TLS12, expected: strict ? deny(B.missingEncryptionHeader) : allow() },
        { name: "AES256", headers: () => ({ [SSE]: "AES256" }), transport: TLS12, expected: deny(B.wrongAlgorithm, B.missingKeyId) },
        { name: "aws:kms without key id (would use aws/s3)", headers: () => ({ [SSE]: "aws:kms" }), transport: TLS12, expected: noKeyId(SseAlgorithm.Kms) },
        { name: "aws:kms:dsse without key id", headers: () => ({ [SSE]: "aws:kms:dsse" }), transport: TLS12, expected: noKeyId(SseAlgorithm.KmsDsse) },
        { name: `${alg} with another key's ARN`, headers: () => ({ [SSE]: alg, [KEY_ID]: OTHER_KEY_ARN }), transport: TLS12, expected: deny(B.wrongKey) },
        { name: `${alg} with the CMK's key id instead of its ARN`, headers: (r) => ({ [SSE]: alg, [KEY_ID]: r.keyId }), transport: TLS12, expected: deny(B.wrongKey) },
        { name: `${alg} with the CMK's ARN`, headers: cmk, transport: TLS12, expected: allow() },
        { name: `${other} (not the bucket's algorithm) with the CMK's ARN`, headers: (r) => ({ [SSE]: other, [KEY_ID]: r.keyArn }), transport: TLS12, expected: deny(B.wrongAlgorithm) },
        {
            name: "SSE-C headers",
            headers: () => ({ [SSE_C]: "AES256" }),
            transport: TLS12,
            expected: strict ? deny(B.missingEncryptionHeader, B.customerKey) : deny(B.customerKey),
        },
        { name: "the CMK over plain HTTP", headers: cmk, transport: HTTP, expected: deny(B.insecureTransport) },
        { name: "the CMK over TLS 1.1", headers: cmk, transport: TLS11, expected: deny(B.outdatedTls) },
        { name: "the CMK over TLS 1.3", headers: cmk, transport: TLS13, expected: allow() },
    ];
}

const objectArn = (r: Render, key = "reports/2026.csv") => `${r.bucketArn}/${key}`;
const bucketName = (r: Render) => r.bucketArn.split(":::")[1];

function putObject(r: Render, doc: PolicyDocument, transport: Transport, context: Record<string, string>): Call {
    return {
        principal: WRITER,
        action: "s3:PutObject",
        resource: objectArn(r),
        ...transport,
        context,
        identityPolicies: [writerPolicy(r.objectsArn, [r.keyArn, OTHER_KEY_ARN])],
        resourcePolicy: doc,
    };
}

function transportName(t: Transport): string {
    return t.secureTransport ? `TLS ${t.tlsVersion}` : "plain HTTP";
}

/** PutObject, multipart and CopyObject cases against one render's bucket policy. */
export function bucketCases(mode: EnforcementMode, alg: SseAlgorithm, existingKey: boolean): Case[] {
    const render = variantName(mode, alg, existingKey);
    const cases: Case[] = [];
    const list = uploads(mode, alg);
    for (const u of list) {
        for (const section of ["PutObject", "CreateMultipartUpload"] as const) {
            cases.push({
                section,
                render,
                name: u.name,
                document: "bucket",
                expected: u.expected,
                build: (r, doc) => putObject(r, doc, u.transport, u.headers(r)),
            });
        }
    }

    // UploadPart: only uploads that could be created at all, each part sent over three transports.
    const strict = mode === EnforcementMode.Strict;
    const created = list.filter((u) => u.expected.decision === "Allowed" && u.transport === TLS12);
    for (const u of created) {
        for (const t of [TLS12, HTTP, TLS11]) {
            const transportDeny = t === HTTP ? [B.insecureTransport] : t === TLS11 ? [B.outdatedTls] : [];
            const asInitiated = transportDeny.length ? deny(...transportDeny) : allow();
            // A part carries no SSE header: strict mode's missing-header deny matches it.
            const asSentSids = [...transportDeny, ...(strict ? [B.missingEncryptionHeader] : [])];
            const asSent = asSentSids.length ? deny(...asSentSids) : allow();
            const name = `part of an upload created with ${u.name}, part over ${transportName(t)}`;
            cases.push({ section: "UploadPart (as sent)", render, name, document: "bucket", expected: asSent, build: (r, doc) => putObject(r, doc, t, {}) });
            cases.push({ section: "UploadPart (as initiated)", render, name, document: "bucket", expected: asInitiated, build: (r, doc) => putObject(r, doc, t, u.headers(r)) });
        }
    }

    // CopyObject into the bucket: the destination is authorised as s3:PutObject with the copy's
    // encryption headers and `x-amz-copy-source`; the source (here in the same bucket) as s3:GetObject.
    const copyOf = (r: Render) => ({ "s3:x-amz-copy-source": `${bucketName(r)}/incoming/source.csv` });
    for (const u of list.filter((x) => ["no SSE header", "AES256", `${alg} with another key's ARN`, `${alg} with the CMK's ARN`, "the CMK over plain HTTP"].includes(x.name))) {
        cases.push({
            section: "CopyObject",
            render,
            name: `destination, ${u.name}`,
            document: "bucket",
            expected: u.expected,
            build: (r, doc) => putObject(r, doc, u.transport, { ...u.headers(r), ...copyOf(r) }),
        });
    }
    for (const t of [TLS12, HTTP]) {
        cases.push({
            section: "CopyObject",
            render,
            name: `source read (s3:GetObject) over ${transportName(t)}`,
            document: "bucket",
            expected: t === HTTP ? deny(B.insecureTransport) : allow(),
            build: (r, doc) => ({ ...putObject(r, doc, t, {}), action: "s3:GetObject", resource: objectArn(r, "incoming/source.csv") }),
        });
    }
    return cases;
}

function kmsCall(r: Render, doc: PolicyDocument, principal: string, action: string, identityPolicies: PolicyDocument[], viaService?: string): Call {
    return {
        principal,
        action,
        resource: r.keyArn,
        secureTransport: true,
        context: viaService ? { "kms:ViaService": viaService } : {},
        identityPolicies,
        resourcePolicy: doc,
    };
}

/** The key policy of a created key; the render with administrators and key users. */
export function keyCases(render: string): Case[] {
    const c = (name: string, expected: Expected, build: Case["build"]): Case => ({ section: "KMS key policy", render, name, document: "key", expected, build });
    const writerIam = (r: Render) => [writerPolicy(r.objectsArn, [r.keyArn])];
    const cases: Case[] = [];
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        cases.push(
            // With its IAM policy too, either the users statement or the root statement suffices.
            c(`key user ${action} through S3`, allow(), (r, d) => kmsCall(r, d, WRITER, action, writerIam(r), S3_VIA_SERVICE)),
            c(`key user ${action} through S3, no IAM policy of its own`, allow(K.users), (r, d) => kmsCall(r, d, WRITER, action, NO_POLICIES, S3_VIA_SERVICE)),
            c(`key user ${action} directly (no kms:ViaService)`, deny(K.usersOutsideS3), (r, d) => kmsCall(r, d, WRITER, action, writerIam(r))),
            c(`key user ${action} through another service (EC2)`, deny(K.usersOutsideS3), (r, d) => kmsCall(r, d, WRITER, action, writerIam(r), "ec2.us-east-1.amazonaws.com")),
        );
    }
    cases.push(
        // The root statement delegates to IAM, so an IAM policy granting KMS use without
        // kms:ViaService would be honoured but for the key users' deny outside S3.
        c("key user Decrypt directly, its IAM policy granting KMS use without kms:ViaService", deny(K.usersOutsideS3), (r, d) =>
            kmsCall(r, d, WRITER, "kms:Decrypt", [broadKmsWriterPolicy(r.keyArn)])),
    );
    for (const action of ["kms:DescribeKey", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation"]) {
        cases.push(c(`administrator ${action}`, allow(K.administrators), (r, d) => kmsCall(r, d, ADMIN, action, NO_POLICIES)));
    }
    for (const [action, via] of [["kms:Decrypt", undefined], ["kms:Decrypt", S3_VIA_SERVICE], ["kms:GenerateDataKey", S3_VIA_SERVICE], ["kms:Encrypt", undefined], ["kms:ReEncryptFrom", undefined], ["kms:CreateGrant", undefined], ["kms:PutKeyPolicy", undefined]] as const) {
        cases.push(c(`administrator ${action}${via ? " through S3" : ""}`, implicit(), (r, d) => kmsCall(r, d, ADMIN, action, NO_POLICIES, via)));
    }
    cases.push(
        c("account principal with an IAM kms:* policy, ScheduleKeyDeletion (root statement: no lock-out)", allow(K.accountRoot), (r, d) =>
            kmsCall(r, d, OPERATOR, "kms:ScheduleKeyDeletion", [operatorPolicy()])),
        c("account principal with an IAM kms:* policy, PutKeyPolicy", allow(K.accountRoot), (r, d) => kmsCall(r, d, OPERATOR, "kms:PutKeyPolicy", [operatorPolicy()])),
        c("account principal without any IAM policy, DescribeKey", implicit(), (r, d) => kmsCall(r, d, OPERATOR, "kms:DescribeKey", NO_POLICIES)),
        c("granted partner key user Decrypt through S3 (its IAM policy allows)", allow(K.users), (r, d) =>
            kmsCall(r, d, PARTNER_READER, "kms:Decrypt", [readerPolicy(r.objectsArn, r.keyArn)], S3_VIA_SERVICE)),
        c("granted partner key user Decrypt through S3, no IAM policy of its own", implicit(), (r, d) => kmsCall(r, d, PARTNER_READER, "kms:Decrypt", NO_POLICIES, S3_VIA_SERVICE)),
        c("granted partner key user Decrypt directly", deny(K.usersOutsideS3), (r, d) => kmsCall(r, d, PARTNER_READER, "kms:Decrypt", [broadKmsWriterPolicy(r.keyArn)])),
        c("ungranted principal of the partner account Decrypt through S3 (its IAM policy allows)", implicit(), (r, d) =>
            kmsCall(r, d, STRANGER, "kms:Decrypt", [readerPolicy(r.objectsArn, r.keyArn)], S3_VIA_SERVICE)),
    );
    return cases;
}

/** Renders that take part in the cross-account proofs, and whether each side grants the partner. */
export const CROSS_ACCOUNT_RENDERS = [
    { render: variantName(EnforcementMode.Strict, SseAlgorithm.Kms), bucketGrant: true, keyGrant: true },
    { render: "bare", bucketGrant: false, keyGrant: false },
    { render: "bucket-grant-only", bucketGrant: true, keyGrant: false },
    { render: "key-grant-only", bucketGrant: false, keyGrant: true },
] as const;

export function crossAccountCases(render: string, bucketGrant: boolean, keyGrant: boolean): Case[] {
    const c = (name: string, document: "bucket" | "key", expected: Expected, build: Case["build"]): Case => ({ section: "Cross-account", render, name, document, expected, build });
    const read = (r: Render, doc: PolicyDocument, principal: string, transport: Transport, iam: PolicyDocument[]): Call => ({
        principal,
        action: "s3:GetObject",
        resource: objectArn(r),
        ...transport,
        identityPolicies: iam,
        resourcePolicy: doc,
    });
    const readerIam = (r: Render) => [readerPolicy(r.objectsArn, r.keyArn)];
    const cases = [
        c("partner reader GetObject over TLS 1.2", "bucket", bucketGrant ? allow(PARTNER_READ_SID) : implicit(), (r, d) => read(r, d, PARTNER_READER, TLS12, readerIam(r))),
        c("partner reader kms:Decrypt through S3 (S3 decrypting the object for it)", "key", keyGrant ? allow(K.users) : implicit(), (r, d) =>
            kmsCall(r, d, PARTNER_READER, "kms:Decrypt", readerIam(r), S3_VIA_SERVICE)),
    ];
    if (bucketGrant) {
        cases.push(
            c("partner reader GetObject over plain HTTP", "bucket", deny(B.insecureTransport), (r, d) => read(r, d, PARTNER_READER, HTTP, readerIam(r))),
            c("partner reader GetObject over TLS 1.1", "bucket", deny(B.outdatedTls), (r, d) => read(r, d, PARTNER_READER, TLS11, readerIam(r))),
            c("partner reader GetObject without an IAM policy of its own", "bucket", implicit(), (r, d) => read(r, d, PARTNER_READER, TLS12, NO_POLICIES)),
            c("partner reader PutObject with the CMK (the grant is read-only)", "bucket", implicit(), (r, d) => ({
                ...read(r, d, PARTNER_READER, TLS12, [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: r.objectsArn }] }]),
                action: "s3:PutObject",
                context: { [SSE]: SseAlgorithm.Kms, [KEY_ID]: r.keyArn },
            })),
            c("ungranted principal of the partner account GetObject", "bucket", implicit(), (r, d) => read(r, d, STRANGER, TLS12, readerIam(r))),
        );
    }
    return cases;
}

/** Every case of the matrix, grouped by render. */
export function allCases(): Case[] {
    const cases: Case[] = [];
    for (const mode of MODES) {
        for (const alg of ALGORITHMS) {
            cases.push(...bucketCases(mode, alg, false), ...bucketCases(mode, alg, true));
        }
    }
    cases.push(...keyCases(variantName(EnforcementMode.Strict, SseAlgorithm.Kms)));
    for (const x of CROSS_ACCOUNT_RENDERS) {
        cases.push(...crossAccountCases(x.render, x.bucketGrant, x.keyGrant));
    }
    return cases;
}
