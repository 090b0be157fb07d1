import { StackValidationPolicy } from "@pulumi/policy";
import { deliveryFacts } from "../checks/log-destinations";
import { Finding, finding } from "../findings/finding";
import { policyMetadata } from "../findings/metadata";
import { reportFindings } from "../findings/wording";
import { StackModel } from "../model/stack";

const NAME = "s3-log-deliveries-arrive";

export const s3LogDeliveriesArrive: StackValidationPolicy = {
    name: NAME,
    description: "Log configurations (S3 server access logging, VPC flow logs, CloudTrail, Application, Network and Classic Load Balancer access logs, CloudFront standard logging) "
        + "must deliver into a destination of the stack that takes their deliveries: the encryption the service supports, a key policy that lets it use the destination's key, "
        + "a bucket policy (CloudFront: ACLs) that grants it and denies none of its writes.",
    enforcementLevel: "mandatory",
    ...policyMetadata(NAME),
    validateStack: (args, reportViolation) => {
        const model = StackModel.of(args.resources);
        const findings: Finding[] = model.deliveries.flatMap((d) => {
            const service = d.kind.service;
            const subject = { label: `${service.label} configuration`, resource: d.config.name };
            const expected = { kind: "log-deliveries-arrive" as const, principal: service.principal, encryption: service.encryption, grantedBy: service.grantedBy ?? "bucket-policy", pages: service.pages };
            return deliveryFacts(d, model).map((facts) => finding(NAME, d.config.urn, subject, facts, expected, [d.destination!.resource.urn, ...(facts.code === "EB-LOG-004" ? [facts.key] : [])]));
        });
        reportFindings(findings, reportViolation);
    },
};
