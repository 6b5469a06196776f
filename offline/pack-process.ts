import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/**
 * A policy pack process started the way the Pulumi CLI starts a Node pack
 * (`@pulumi/pulumi/cmd/run-policy-pack`, which prints the port of its analyzer gRPC server). Only
 * child_process here: commands spawn the pack before they load the SDKs, so both start in parallel.
 */

const STARTUP_TIMEOUT_MS = 60_000;

export interface PackProcess {
    readonly packDir: string;
    /** The analyzer server's port, once the pack prints it. */
    readonly port: Promise<number>;
    stop(): void;
}

export function spawnPolicyPack(packDir: string): PackProcess {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    const child: ChildProcess = spawn(process.execPath, [runner, "offline-engine", path.resolve(packDir)], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    // A pack outlives a parent that exits without stopping it; never leave one behind.
    const stop = () => {
        child.kill();
    };
    process.once("exit", stop);
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        const fail = (why: string) => {
            clearTimeout(timer);
            child.kill();
            reject(new Error(`the policy pack in ${packDir} ${why}${stderr ? `:\n${stderr.trim()}` : ""}`));
        };
        const timer = setTimeout(() => fail(`did not print its port within ${STARTUP_TIMEOUT_MS / 1000} s`), STARTUP_TIMEOUT_MS);
        child.on("exit", (code) => fail(`exited with code ${code} before serving`));
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const line = stdout.split("\n")[0].trim();
            if (stdout.includes("\n") && /^\d+$/.test(line)) {
                clearTimeout(timer);
                child.removeAllListeners("exit");
                resolve(Number(line));
            }
        });
    });
    // Callers that fail before awaiting the port must not see an unhandled rejection.
    port.catch(() => undefined);
    return {
        packDir,
        port,
        stop: () => {
            process.off("exit", stop);
            stop();
        },
    };
}
