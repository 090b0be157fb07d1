/**
 * A policy with its owner's exceptions applied: the same checks, the same findings, but a finding
 * an exception covers is reported as advisory, naming the exception's reason, approver and expiry.
 * `@pulumi/policy` has one enforcement level per policy, but each diagnostic carries its own and
 * the engine blocks on that one (pulumi/pulumi pkg/resource/deploy/step_generator.go: a diagnostic
 * counts as an error only when its own level is mandatory), so one policy can report both.
 * Exceptions that do not apply are reported once per stack analysis, as advisories about the
 * stack: a resource-only policy gains a stack check that does just that.
 */
import { Policy, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Code } from "../findings/codes";
import { ViolationObject, message, reportFindings, reportObject } from "../findings/wording";
import { PolicyException, coverOf, exceptionsSchema, readExceptions } from "./exception";

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

/** `policy`, which reports `codes`, with the exceptions of its config applied as of `today()`. */
export function withExceptions(policy: Policy, codes: readonly Code[], today: () => string): Policy {
    const judged = (config: Record<string, unknown>) => readExceptions(policy.name, config.exceptions, codes, today());
    const checks = policy as Partial<ResourceValidationPolicy & StackValidationPolicy>;
    const wrapped: Partial<ResourceValidationPolicy & StackValidationPolicy> = {
        ...policy,
        configSchema: {
            ...policy.configSchema,
            properties: { ...policy.configSchema?.properties, exceptions: exceptionsSchema(codes) },
        },
        validateStack: (args, reportViolation) => {
            const { valid, problems } = judged(args.getConfig());
            reportFindings(problems, reportViolation, "advisory");
            return checks.validateStack?.(args, excepting(valid, reportViolation));
        },
    };
    if (checks.validateResource) {
        const validations: ResourceValidation[] = [checks.validateResource].flat();
        wrapped.validateResource = validations.map((validate): ResourceValidation =>
            (args, reportViolation) => validate(args, excepting(judged(args.getConfig()).valid, reportViolation)));
    }
    return wrapped as Policy;
}
