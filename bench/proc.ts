/**
 * What the pack process itself spent, read from Linux /proc, so that the client's own work (building
 * the request in this process) does not blur the comparison between packs.
 */
import * as fs from "fs";
import { PolicyAnalyzer } from "../offline/analyzer";

/** The pack process's pid; throws rather than measure the wrong process. */
export function packPid(analyzer: PolicyAnalyzer): number {
    const pid = analyzer.pid;
    if (pid === undefined) {
        throw new Error("the policy pack process has no pid: it did not start");
    }
    return pid;
}

export interface ProcSample {
    /** User + system CPU time of the process, all threads (GC included), in ms. */
    cpuMs: number;
    /** Peak resident set size since the process started (VmHWM). */
    peakRssBytes: number;
    rssBytes: number;
    /** Bytes the process has read through read-like syscalls, sockets included (/proc/<pid>/io rchar). */
    readBytes: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports.

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): field 3 onwards. */
function statFields(pid: number | "self"): string[] {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

const ticksToMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;

/** CPU time of this process's children that have exited and been waited for, their own children included (cutime + cstime). */
export function childrenCpuMs(): number {
    const fields = statFields("self");
    return ticksToMs(Number(fields[13]) + Number(fields[14]));
}

export function sample(pid: number): ProcSample {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    // utime and stime are the 14th and 15th fields of /proc/<pid>/stat.
    const fields = statFields(pid);
    const ticks = Number(fields[11]) + Number(fields[12]);
    const io = fs.readFileSync(`/proc/${pid}/io`, "utf8");
    return {
        cpuMs: ticksToMs(ticks),
        peakRssBytes: kb("VmHWM"),
        rssBytes: kb("VmRSS"),
        readBytes: Number(/^rchar:\s+(\d+)/m.exec(io)?.[1] ?? NaN),
    };
}
