// A newer SDK of the same awsx-style package asks for plugin fakex 3.0.0, which is not in the
// plugin cache (it holds 2.1.0), and a function of pulumi-std, whose plugin is not there either.
// A real preview would install both and judge the buckets the plugin creates; offline, nothing
// may pass what was never seen.
import * as pulumi from "@pulumi/pulumi";

class Trail extends pulumi.ComponentResource {
    public readonly bucketName!: pulumi.Output<string>;

    constructor(name: string, args: { sseAlgorithm?: string }, opts: pulumi.ComponentResourceOptions = {}) {
        super("fakex:cloudtrail:Trail", name, { ...args, bucketName: undefined }, { version: "3.0.0", ...opts }, true);
    }
}

const digest = pulumi.output(pulumi.runtime.invoke("std:index:filesha256", { input: "index.ts" }, { version: "2.2.0" }));

const trail = new Trail("audit", { sseAlgorithm: "AES256" });

export const bucketName = trail.bucketName;
export const programDigest = digest.apply((d) => d.result);
