// Written the way awsx's generated SDK registers its components: the class is a shell marked
// remote, and the buckets exist only inside the provider plugin that constructs it (here the
// test plugin fakex, found in the plugin cache). Like awsx's examples/cloudtrail: three trails,
// with no encryption configuration, SSE-S3, and aws:kms without a key.
import * as pulumi from "@pulumi/pulumi";

const VERSION = { version: "2.1.0" };

interface TrailArgs {
    bucketPrefix?: pulumi.Input<string>;
    sseAlgorithm?: string;
}

class Trail extends pulumi.ComponentResource {
    public readonly bucketName!: pulumi.Output<string>;

    constructor(name: string, args: TrailArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("fakex:cloudtrail:Trail", name, { ...args, bucketName: undefined }, { ...VERSION, ...opts }, true);
    }
}

// A function of the same package, answered by its plugin.
const prefix = pulumi.output(pulumi.runtime.invoke("fakex:index:getPrefix", { team: "audit" }, VERSION)).apply((r) => r.prefix as string);

const plain = new Trail("plain", { bucketPrefix: prefix });
const sseS3 = new Trail("sse-s3", { bucketPrefix: prefix, sseAlgorithm: "AES256" });
const awsKms = new Trail("aws-kms", { bucketPrefix: prefix, sseAlgorithm: "aws:kms" });

export const buckets = [plain.bucketName, sseS3.bucketName, awsKms.bucketName];
