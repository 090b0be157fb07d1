/**
 * A plugin process as the Pulumi engine runs one (a policy pack, a provider): started with a
 * command line, it serves gRPC on 127.0.0.1 and prints its port as the first line of stdout. What
 * it writes to stderr is kept (the tail) for error messages. Every started process is killed, with
 * its process group, when it is closed or, at the latest, when this process exits: no plugin
 * outlives the run that started it.
 */
import { ChildProcess, spawn } from "child_process";
import { grpc } from "./pulumi-grpc";

export interface PluginCommand {
    /** What the process is, for messages: "the policy pack", "plugin awsx 2.1.0". */
    what: string;
    file: string;
    args: string[];
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** How long to wait for the port. */
    startTimeoutMs: number;
}

/** Builds the error a failure of the process or of a call to it is reported as. */
export type ErrorFactory = (message: string, stderr: string) => Error;

const STDERR_KEPT = 64 * 1024;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
        // Negative pid: the whole group, so a wrapper script's own children go too.
        process.kill(-child.pid!, signal);
    } catch {
        child.kill(signal);
    }
}

function installExitHook(): void {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const child of live) {
                killGroup(child, "SIGKILL");
            }
        });
    }
}

export class PluginProcess {
    private stderrTail = "";
    private exited: { code: number | null; signal: string | null } | undefined;
    private readonly exitPromise: Promise<void>;

    private constructor(private readonly child: ChildProcess, readonly port: number, private readonly what: string, private readonly makeError: ErrorFactory) {
        this.exitPromise = new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
                resolve();
            } else {
                child.once("exit", () => resolve());
            }
        });
    }

    static async start(cmd: PluginCommand, makeError: ErrorFactory): Promise<PluginProcess> {
        installExitHook();
        const child = spawn(cmd.file, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        live.add(child);
        child.once("exit", () => live.delete(child));
        let stderr = "";
        child.stderr!.setEncoding("utf8");
        const keep = (chunk: string) => {
            stderr = (stderr + chunk).slice(-STDERR_KEPT);
        };
        child.stderr!.on("data", keep);
        let port: number;
        try {
            port = await readPort(child, cmd, () => stderr, makeError);
        } catch (e) {
            killGroup(child, "SIGKILL");
            live.delete(child);
            throw e;
        }
        const proc = new PluginProcess(child, port, cmd.what, makeError);
        proc.stderrTail = stderr;
        child.stderr!.off("data", keep);
        child.stderr!.on("data", (chunk: string) => {
            proc.stderrTail = (proc.stderrTail + chunk).slice(-STDERR_KEPT);
        });
        child.once("exit", (code, signal) => {
            proc.exited = { code, signal };
        });
        // Later stdout lines are the plugin's own logging; drain them so the pipe never fills.
        child.stdout!.resume();
        return proc;
    }

    get address(): string {
        return `127.0.0.1:${this.port}`;
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    get stderr(): string {
        return this.stderrTail;
    }

    /** One unary call on a client of this process's server; a dead process is said to be dead. */
    call(client: any, method: string, req: unknown): Promise<any> {
        if (this.exited) {
            return Promise.reject(this.deadError(`cannot call ${method}`));
        }
        return new Promise((resolve, reject) => {
            client[method](req, (err: (Error & { details?: string }) | null, res: unknown) => {
                if (err) {
                    reject(this.exited ? this.deadError(`${method} failed`) : this.makeError(`${method} failed: ${err.details || err.message}`, this.stderrTail));
                } else {
                    resolve(res);
                }
            });
        });
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s); safe to call twice. */
    async close(): Promise<void> {
        if (!this.exited) {
            killGroup(this.child, "SIGTERM");
            const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), 5_000);
            await this.exitPromise;
            clearTimeout(timer);
        }
        live.delete(this.child);
    }

    private deadError(what: string): Error {
        const { code, signal } = this.exited!;
        return this.makeError(`${what}: ${this.what} exited (${signal ?? `code ${code}`})`, this.stderrTail);
    }
}

function readPort(child: ChildProcess, cmd: PluginCommand, stderr: () => string, makeError: ErrorFactory): Promise<number> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        const fail = (message: string) => {
            cleanup();
            reject(makeError(message, stderr()));
        };
        const onData = (chunk: Buffer) => {
            stdout += chunk.toString("utf8");
            const newline = stdout.indexOf("\n");
            if (newline < 0) {
                return;
            }
            const line = stdout.slice(0, newline).trim();
            const port = Number(line);
            if (Number.isInteger(port) && port > 0 && port < 65536) {
                cleanup();
                resolve(port);
            } else {
                fail(`${cmd.what} printed ${JSON.stringify(line)} where its port was expected`);
            }
        };
        // stderr may still be arriving when the process exits: wait for its pipe to close.
        const onExit = (code: number | null, signal: string | null) =>
            fail(`${cmd.what} exited (${signal ?? `code ${code}`}) before printing its port`);
        const onError = (e: Error) => fail(`could not start ${cmd.what}: ${e.message}`);
        const timer = setTimeout(() => fail(`${cmd.what} printed no port within ${cmd.startTimeoutMs} ms`), cmd.startTimeoutMs);
        function cleanup() {
            clearTimeout(timer);
            child.stdout!.off("data", onData);
            child.off("close", onExit);
            child.off("error", onError);
        }
        child.stdout!.on("data", onData);
        child.once("close", onExit);
        child.once("error", onError);
    });
}

/** A client of `service` on the process's server, with the engine's message limits. */
export function clientOf(Service: any, proc: PluginProcess, limits: Record<string, number> = {}): any {
    return new Service(proc.address, grpc.credentials.createInsecure(), limits);
}
