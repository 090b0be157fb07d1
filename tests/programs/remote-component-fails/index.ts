// The plugin (fakex 2.1.0, in the test's plugin cache) throws while it constructs this component.
import * as pulumi from "@pulumi/pulumi";

class Trail extends pulumi.ComponentResource {
    constructor(name: string, args: { failOnPurpose: boolean }, opts: pulumi.ComponentResourceOptions = {}) {
        super("fakex:cloudtrail:Trail", name, args, { version: "2.1.0", ...opts }, true);
    }
}

new Trail("broken", { failOnPurpose: true });
