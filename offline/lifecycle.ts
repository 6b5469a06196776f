import { onExit } from "signal-exit";
import { EXIT } from "./errors";

/**
 * Cleanup however this process ends: a normal exit, an exception, SIGINT, SIGTERM or SIGHUP
 * (signal-exit). What the commands start (pack processes, child runs) registers here, so nothing is
 * left behind; an interrupted command exits with the canceled code. SIGKILL cannot be trapped: the
 * children watch their parent for that (parent-guard.ts).
 */

const cleanups = new Set<() => void>();
let installed = false;

/** Makes an interrupted command exit with the canceled code, whether or not it registered any cleanup. */
export function handleInterrupts(): void {
    if (installed) {
        return;
    }
    installed = true;
    onExit((_code, signal) => {
        for (const cleanup of cleanups) {
            try {
                cleanup();
            } catch {
                // A cleanup that fails must not stop the others.
            }
        }
        if (signal) {
            process.stderr.write(`error: canceled (${signal})\n`);
            process.exit(EXIT.canceled);
        }
        return signal ? true : undefined;
    });
}

/** Runs `cleanup` when this process ends, unless the returned function removes it first. */
export function onShutdown(cleanup: () => void): () => void {
    handleInterrupts();
    cleanups.add(cleanup);
    return () => cleanups.delete(cleanup);
}
