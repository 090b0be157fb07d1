/**
 * Inventory of log configurations: every resource type of the installed @pulumi/aws and aws-native,
 * in the modules of the services issue 24 names (S3 server access logging, load balancers,
 * CloudFront, VPC flow logs, CloudTrail), that has a property pointing logs at an S3 bucket is in
 * the table of log services (policy-pack/src/model/log-services.ts), judged or listed there as not
 * judged yet. A provider release that adds such a type fails here.
 */
import * as assert from "assert";
import { LOG_CONFIG_KINDS } from "../../policy-pack/src/model/log-services";
import { AWS, AWS_NATIVE, Provider, modules, resourceClasses, stateProperties } from "./provider-types";

/** Properties that name where a service delivers logs into S3. */
const LOG_PROPERTIES = /^(accessLogs|logging|loggings|loggingConfig|loggingConfiguration|logDestination|s3BucketName|targetBucket|distributionConfig|loadBalancerAttributes)$/;

/** Types with such a property that deliver no logs, each with why. */
const NOT_LOGS: Record<string, string> = {
    "aws-native:ec2:CapacityManagerDataExport": "exports capacity data, not logs, to a bucket judged as its kind",
};

const PROVIDERS: Array<{ provider: Provider; modules: string[] }> = [
    { provider: AWS, modules: ["s3", "lb", "alb", "elb", "cloudfront", "ec2", "cloudtrail"] },
    { provider: AWS_NATIVE, modules: ["s3", "elasticloadbalancingv2", "cloudfront", "ec2", "cloudtrail"] },
];

function logTypes(p: Provider, mods: string[]): Array<{ token: string; properties: string[] }> {
    const present = modules(p, /.*/);
    return mods.filter((m) => present.includes(m)).flatMap((m) => resourceClasses(p, m))
        .map((c) => ({ token: c.token, properties: [...stateProperties(c).keys()] }))
        .filter((c) => c.properties.some((k) => LOG_PROPERTIES.test(k)));
}

describe("inventory: every log configuration of the named services is in the table of log services", () => {
    for (const { provider, modules: mods } of PROVIDERS) {
        const found = logTypes(provider, mods);

        it(`${provider.name}: finds log configurations in the installed provider`, () => {
            // A reader that found nothing would make the next check vacuous.
            assert.ok(found.length >= 5, found.map((t) => t.token).join(", "));
        });

        it(`${provider.name}: leaves none out of the table`, () => {
            const missing = found.map((t) => t.token).filter((t) => !LOG_CONFIG_KINDS.has(t) && !(t in NOT_LOGS));
            assert.deepStrictEqual(missing, [], "add them to LOG_CONFIG_KINDS in policy-pack/src/model/log-services.ts");
        });

        it(`${provider.name}: the table reads only properties the classes declare`, () => {
            for (const t of found.filter((x) => LOG_CONFIG_KINDS.has(x.token))) {
                const declared = new Set(t.properties);
                assert.deepStrictEqual(LOG_CONFIG_KINDS.get(t.token)!.fields.filter((f) => !declared.has(f)), [], t.token);
            }
        });
    }

    it("lists no type twice or stale", () => {
        const all = PROVIDERS.flatMap(({ provider, modules: mods }) => logTypes(provider, mods).map((t) => t.token));
        assert.deepStrictEqual([...LOG_CONFIG_KINDS.keys()].filter((t) => !all.includes(t)), [], "in the table, but no installed provider type with a log property");
        assert.deepStrictEqual(Object.keys(NOT_LOGS).filter((t) => !all.includes(t)), []);
    });
});
