import * as assert from "assert";
import { CapturedResource, CapturedStack } from "../offline/captured";
import { UNKNOWN } from "../offline/engine-resource";

/** Read-only queries over a captured stack, for assertions. */
export class StackView {
    constructor(readonly stack: CapturedStack) {}

    ofType(type: string): CapturedResource[] {
        return this.stack.resources.filter((r) => r.type === type);
    }

    /** The one resource of the type whose name is `name`. */
    one(type: string, name: string): CapturedResource {
        const found = this.ofType(type).filter((r) => r.name === name);
        assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
        return found[0];
    }

    byUrn(urn: string): CapturedResource | undefined {
        return this.stack.resources.find((r) => r.urn === urn);
    }

    childrenOf(parent: CapturedResource): CapturedResource[] {
        return this.stack.resources.filter((r) => r.parent === parent.urn);
    }

    /** A JSON policy property, parsed. */
    policyOf(type: string, name: string): { Version: string; Statement: Statement[] } {
        const policy = this.one(type, name).properties.policy;
        assert.strictEqual(typeof policy, "string", `${type} ${name}: policy is not a rendered string: ${JSON.stringify(policy)}`);
        assert.notStrictEqual(policy, UNKNOWN.string, `${type} ${name}: policy is unknown`);
        return JSON.parse(policy as string);
    }
}

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export function statementBySid(doc: { Statement: Statement[] }, sid: string): Statement {
    const s = doc.Statement.find((x) => x.Sid === sid);
    assert.ok(s, `no statement ${sid} in ${doc.Statement.map((x) => x.Sid).join(", ")}`);
    return s;
}

export const TYPES = {
    component: "encrypted-bucket:index:EncryptedBucket",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    bucket: "aws:s3/bucket:Bucket",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;
