/**
 * gRPC and protobuf as `@pulumi/pulumi`'s generated stubs need them. The stubs check `instanceof`
 * against the protobuf classes they were generated with: everything loads from @pulumi/pulumi's own
 * folder, never a copy hoisted elsewhere. One module, so that every client and server of the
 * offline engine (policy pack, resource monitor, provider plugins) shares the same classes.
 */
import * as path from "path";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));

export const grpc = fromPulumi("@grpc/grpc-js");
export const structpb = fromPulumi("google-protobuf/google/protobuf/struct_pb");
export const emptypb = fromPulumi("google-protobuf/google/protobuf/empty_pb");

/** One of the SDK's generated modules, e.g. `proto("provider_grpc_pb")`. */
export function proto(name: string): any {
    return require(path.join(pulumiDir, "proto", `${name}.js`));
}

/** A file of the SDK this process runs on, e.g. `sdkFile("cmd", "run-policy-pack")`. */
export function sdkFile(...parts: string[]): string {
    return path.join(pulumiDir, ...parts);
}

/** Requests and responses up to 400 MB: AnalyzeStack for large stacks, as the engine allows. */
export const MAX_MESSAGE = 400 * 1024 * 1024;
export const MESSAGE_LIMITS = { "grpc.max_receive_message_length": MAX_MESSAGE, "grpc.max_send_message_length": MAX_MESSAGE };

/**
 * A `google.protobuf.Struct` of plain data, as the engine writes one: undefined members are left
 * out (`Struct.fromJavaScript` throws on them), undefined array items become null. Anything that
 * is not plain data (a function, a class instance) still throws.
 */
export function toStruct(value: Record<string, unknown>): unknown {
    return structpb.Struct.fromJavaScript(withoutUndefined(value));
}

function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) {
                out[k] = withoutUndefined(v);
            }
        }
        return out;
    }
    return value;
}
