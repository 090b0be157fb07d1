/**
 * A policy with its owner's exceptions applied: the same checks, the same findings, but a finding
 * an exception covers is reported as advisory, naming the exception's reason, approver and expiry.
 * `@pulumi/policy` has one enforcement level per policy, but each diagnostic carries its own and
 * the engine blocks on that one (pulumi/pulumi pkg/resource/deploy/step_generator.go: a diagnostic
 * counts as an error only when its own level is mandatory), so one policy can report both.
 * Exceptions that do not apply are reported as advisories (see `withExceptions` for where).
 */
import { Policy, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Code } from "../findings/codes";
import { ViolationObject, message, reportFindings, reportObject } from "../findings/wording";
import { PolicyException, coverOf, exceptionsSchema, meantResource, readExceptions } from "./exception";

/** Today's date in UTC, YYYY-MM-DD: the day the analysis judges expiry on. */
export function utcToday(): string {
    return new Date().toISOString().slice(0, 10);
}

/** `reportViolation` with covered findings turned advisory; anything reported without a finding passes as it is. */
function excepting(exceptions: readonly PolicyException[], reportViolation: ReportViolation): ReportViolation {
    if (exceptions.length === 0) {
        return reportViolation;
    }
    const report = (violation: ViolationObject | string, urn?: string) => {
        const f = typeof violation === "object" ? violation.finding : undefined;
        const cover = f ? coverOf(exceptions, f) : undefined;
        if (f && cover) {
            reportObject(reportViolation, { message: message(f, cover), urn: f.urn, enforcementLevel: "advisory" });
        } else {
            (reportViolation as (v: ViolationObject | string, urn?: string) => void)(violation, urn);
        }
    };
    return report as ReportViolation;
}

/**
 * `policy`, which reports `codes`, with the exceptions of its config applied as of `today()`.
 * A policy with a stack check reports the exceptions that do not apply once per stack analysis,
 * about the stack. A resource-only policy is given no stack check for that (each stack policy costs
 * `@pulumi/policy` a pass over the whole stack): it reports them in the analysis of the resource
 * their `urn` names, so one whose `urn` cannot be read is not reported there (the engine's schema
 * check refuses it before any analysis).
 */
export function withExceptions(policy: Policy, codes: readonly Code[], today: () => string): Policy {
    // Every resource analysis asks: the exceptions are read once per config (`@pulumi/policy` hands
    // the same `exceptions` list to every call until the pack is configured again) and day.
    let read: { raw: unknown; day: string; judged: ReturnType<typeof readExceptions> } | undefined;
    const judged = (config: Record<string, unknown>) => {
        const day = today();
        if (read === undefined || read.raw !== config.exceptions || read.day !== day) {
            read = { raw: config.exceptions, day, judged: readExceptions(policy.name, config.exceptions, codes, day) };
        }
        return read.judged;
    };
    const checks = policy as Partial<ResourceValidationPolicy & StackValidationPolicy>;
    const wrapped: Partial<ResourceValidationPolicy & StackValidationPolicy> = {
        ...policy,
        configSchema: {
            ...policy.configSchema,
            properties: { ...policy.configSchema?.properties, exceptions: exceptionsSchema(codes) },
        },
    };
    const validateStack = checks.validateStack;
    if (validateStack) {
        wrapped.validateStack = (args, reportViolation) => {
            const { valid, problems } = judged(args.getConfig());
            reportFindings(problems, reportViolation, "advisory");
            return validateStack(args, excepting(valid, reportViolation));
        };
    }
    if (checks.validateResource) {
        const validations: ResourceValidation[] = [checks.validateResource].flat();
        wrapped.validateResource = validations.map((validate): ResourceValidation => (args, reportViolation) => {
            const { valid, problems } = judged(args.getConfig());
            if (!validateStack) {
                // An exception's finding names the exception by its `urn` (exception.ts `problemFinding`).
                const mine = problems.filter((p) => meantResource(p.subject.name, args.urn)).map((p) => ({ ...p, urn: args.urn }));
                reportFindings(mine, reportViolation, "advisory");
            }
            return validate(args, excepting(valid, reportViolation));
        });
    }
    return wrapped as Policy;
}
