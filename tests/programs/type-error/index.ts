import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
// A number where a string belongs: tsc refuses it, so pulumi (which type-checks) does too.
const retentionDays: string = config.getNumber("retentionDays") ?? 30;
export const retention = retentionDays;
