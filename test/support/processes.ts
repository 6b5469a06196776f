import * as fs from "fs";

/** The process tree below a process, read from /proc (Linux), to see what a command started and whether it is gone. */

export function childrenOf(pid: number): number[] {
    try {
        return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
        return [];
    }
}

export function descendantsOf(pid: number): number[] {
    return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

export function isRunning(pid: number): boolean {
    try {
        // A zombie has exited; only its entry is left for its (gone) parent to collect.
        return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return false;
    }
}

export const commandLineOf = (pid: number) => {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
        return "";
    }
};

/** Polls until `done` holds or `ms` pass; resolves with whether it held. */
export async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
        if (done()) {
            return true;
        }
    }
    return done();
}
