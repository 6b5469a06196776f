import { ChildProcess, spawn, SpawnOptions } from "child_process";
import { CommandError, EXIT } from "./errors";
import { onShutdown } from "./lifecycle";

/**
 * Node processes the offline commands start. Each is stopped when this process ends, however it
 * ends (lifecycle.ts), and ends itself when this process is killed outright (parent-guard.ts, given
 * a pipe as its stdin).
 */

const PARENT_GUARD = require.resolve("./parent-guard");

export function spawnNode(args: string[], options: Omit<SpawnOptions, "stdio"> & { stdio?: ["pipe", "pipe" | "ignore", "pipe" | "ignore"] } = {}): ChildProcess {
    const child = spawn(process.execPath, ["-r", PARENT_GUARD, ...args], { ...options, stdio: options.stdio ?? ["pipe", "pipe", "pipe"] });
    const remove = onShutdown(() => child.kill());
    child.on("exit", remove);
    return child;
}

export interface NodeRun {
    code: number;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** Runs a Node script to its end and keeps what it printed. */
export function runNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<NodeRun> {
    return new Promise((resolve, reject) => {
        const child = spawnNode(args, options);
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (chunk) => (stdout += chunk));
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, stdout, stderr }));
    });
}

/**
 * A child run that failed, as this command's own failure: its message (without the child's
 * "error:" prefix) behind what it was doing, and its exit code when that says what went wrong
 * (usage, no such stack, canceled, timeout), else internal.
 */
export function childFailure(what: string, run: NodeRun): CommandError {
    const kept: number[] = [EXIT.usage, EXIT.stackNotFound, EXIT.canceled, EXIT.timeout];
    const message = run.stderr.trim().replace(/^(internal )?error: /, "") || `exited with ${run.signal ?? `code ${run.code}`}`;
    return new CommandError(`${what}: ${message}`, run.signal === null && kept.includes(run.code) ? run.code : EXIT.internal);
}
