import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What the policies need to know about the account and region a provider deploys into. */
export interface AwsContext {
    accountId: string;
    partition: string;
    region: string;
    dnsSuffix: string;
}

/**
 * One lookup per provider and per deployment, however many buckets share the provider: each
 * lookup is a provider invoke that every preview pays. Keyed on the provider resource, or for the
 * default provider on the monitor connection, which is new for every deployment (and every mock
 * runtime in tests), so a cached answer never outlives the deployment it came from.
 */
const lookups = new WeakMap<object, pulumi.Output<AwsContext>>();
const noMonitor = {};

export function awsContextFor(child: pulumi.Resource): pulumi.Output<AwsContext> {
    const provider = child.getProvider("aws::getCallerIdentity");
    const cacheKey: object = provider ?? pulumi.runtime.getMonitor() ?? noMonitor;
    let context = lookups.get(cacheKey);
    if (!context) {
        const opts: pulumi.InvokeOutputOptions = { provider };
        const identity = aws.getCallerIdentityOutput({}, opts);
        const partition = aws.getPartitionOutput({}, opts);
        const region = aws.getRegionOutput({}, opts);
        context = pulumi.all([identity.accountId, partition.partition, partition.dnsSuffix, region.region]).apply(
            ([accountId, partitionName, dnsSuffix, regionName]) => ({ accountId, partition: partitionName, region: regionName, dnsSuffix }),
        );
        lookups.set(cacheKey, context);
    }
    return context;
}
