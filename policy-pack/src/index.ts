import { PolicyPack } from "@pulumi/policy";
import { installDecodeOnce } from "./decode-once";
import { packPolicies } from "./policies";

installDecodeOnce();

new PolicyPack("encrypted-buckets", { policies: packPolicies() });
