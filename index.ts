import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket } from "./components";
import { DEFAULT_ENFORCEMENT, DEFAULT_SSE_ALGORITHM } from "./components/settings";
import { parseStackConfig } from "./program/stack-config";

// The per-environment program: one EncryptedBucket per name in the stack's `buckets` config.
const config = new pulumi.Config();
const stack = parseStackConfig(config.name, (key) => config.get(key));

export const buckets = Object.fromEntries(stack.buckets.map(({ name, args }) => {
    const bucket = new EncryptedBucket(name, args, { protect: stack.protect, retainOnDelete: stack.retainOnDelete });
    return [name, {
        bucketName: bucket.bucketName,
        bucketArn: bucket.bucketArn,
        keyArn: bucket.keyArn,
        keyId: bucket.keyId,
        aliasName: bucket.aliasName,
        bucketPolicy: bucket.bucketPolicy,
        bucketKeyEnabled: bucket.bucketKeyEnabled,
        enforcement: args.enforcement ?? DEFAULT_ENFORCEMENT,
        sseAlgorithm: args.sseAlgorithm ?? DEFAULT_SSE_ALGORITHM,
    }];
}));
