import * as path from "path";
import { spawnNode } from "./children";
import { InternalError, TimeoutError } from "./errors";

/**
 * A policy pack process started the way the Pulumi CLI starts a Node pack
 * (`@pulumi/pulumi/cmd/run-policy-pack`, which prints the port of its analyzer gRPC server). Only
 * process handling here: commands spawn the pack before they load the SDKs, so both start together.
 */

const STARTUP_TIMEOUT_MS = 60_000;
const STDERR_KEPT = 4000;

export interface PackProcess {
    readonly packDir: string;
    /** The analyzer server's port, once the pack prints it. */
    readonly port: Promise<number>;
    /** Resolves with why the pack is gone once it exits without being stopped. */
    readonly died: Promise<string>;
    stop(): void;
}

export function spawnPolicyPack(packDir: string): PackProcess {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    const child = spawnNode([runner, "offline-engine", path.resolve(packDir)], { cwd: packDir });
    let stderr = "";
    let stopped = false;
    child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-STDERR_KEPT)));
    const lastWords = () => (stderr.trim() ? `:\n${stderr.trim()}` : "");
    const died = new Promise<string>((resolve) => {
        child.on("exit", (code, signal) => {
            if (!stopped) {
                resolve(`the policy pack in ${packDir} exited (${signal ?? `code ${code}`})${lastWords()}`);
            }
        });
    });
    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => {
            child.kill();
            reject(new TimeoutError(`the policy pack in ${packDir} did not start within ${STARTUP_TIMEOUT_MS / 1000} s${lastWords()}`));
        }, STARTUP_TIMEOUT_MS);
        void died.then((why) => {
            clearTimeout(timer);
            reject(new InternalError(`${why}\nbefore it served`));
        });
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const line = stdout.split("\n")[0].trim();
            if (stdout.includes("\n") && /^\d+$/.test(line)) {
                clearTimeout(timer);
                resolve(Number(line));
            }
        });
    });
    // Callers that fail before awaiting the port must not see an unhandled rejection.
    port.catch(() => undefined);
    return {
        packDir,
        port,
        died,
        stop: () => {
            stopped = true;
            child.kill();
        },
    };
}
