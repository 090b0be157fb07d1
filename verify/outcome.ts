/**
 * One S3 call's result and the table row it becomes. Calls never throw past `attempt`: every
 * failure turns into a row, so one broken check cannot stop the others or the probe clean-up.
 */

export type Failure = { kind: "denied"; message: string } | { kind: "error"; summary: string; message: string };
export type Outcome<T> = { kind: "ok"; value: T } | Failure;

export interface CheckRow {
    check: string;
    expected: string;
    got: string;
    pass: boolean;
    /** The service's own message, kept out of the table to keep it readable. */
    detail?: string;
}

export const DENIED = "denied (AccessDenied)";

export async function attempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    try {
        return { kind: "ok", value: await call() };
    } catch (err) {
        return classify(err);
    }
}

/**
 * Only a 403 AccessDenied is S3's authorization verdict. Other 403s (InvalidAccessKeyId,
 * SignatureDoesNotMatch, ExpiredToken) and everything else say nothing about the bucket policy, so
 * counting them as "denied" would let a broken run pass the deny checks.
 */
export function classify(err: unknown): Failure {
    const { name, code, message, $metadata } = err as {
        name?: string;
        code?: string;
        message?: string;
        $metadata?: { httpStatusCode?: number };
    };
    const status = $metadata?.httpStatusCode;
    const text = message ?? String(err);
    if (name === "AccessDenied" && status === 403) return { kind: "denied", message: text };
    // Network failures are plain Errors whose code (ECONNREFUSED, ENOTFOUND) is the useful name.
    const label = name === undefined || name === "Error" ? (code ?? "Error") : name;
    return { kind: "error", summary: `error: ${label}${status ? ` (${status})` : ""}`, message: text };
}

export function describeFailure(failure: Failure): string {
    return failure.kind === "denied" ? DENIED : failure.summary;
}

/** A row for a call expected to succeed: `judge` reads the response, any failure fails the row. */
export function judgedRow<T>(
    check: string,
    expected: string,
    outcome: Outcome<T>,
    judge: (value: T) => { got: string; pass: boolean },
): CheckRow {
    if (outcome.kind === "ok") return { check, expected, ...judge(outcome.value) };
    return { check, expected, got: describeFailure(outcome), pass: false, detail: outcome.message };
}
