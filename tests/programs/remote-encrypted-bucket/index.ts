// What a generated SDK of encrypted-bucket registers, in whatever language (`pulumi package add`):
// a component marked remote, with the package's version. The engine then asks the package's
// plugin (this repository, PulumiPlugin.yaml) to construct it; the program never runs its code.
import * as pulumi from "@pulumi/pulumi";

class EncryptedBucket extends pulumi.ComponentResource {
    public readonly bucketName!: pulumi.Output<string>;
    public readonly keyArn!: pulumi.Output<string>;

    constructor(name: string, args: { enforcement?: string; tags?: Record<string, string> }, opts: pulumi.ComponentResourceOptions = {}) {
        super("encrypted-bucket:index:EncryptedBucket", name, { ...args, bucketName: undefined, keyArn: undefined }, { version: "0.1.0", ...opts }, true);
    }
}

const uploads = new EncryptedBucket("uploads", { enforcement: "strict", tags: { team: "data" } });
export const bucketName = uploads.bucketName;
export const keyArn = uploads.keyArn;
