import { PolicyPack } from "@pulumi/policy";
import { installDecodeOnce } from "./decode-once";
import { POLICIES } from "./policies";

installDecodeOnce();

new PolicyPack("encrypted-buckets", { policies: POLICIES });
