import { execFile } from "child_process";
import * as path from "path";
import type { Report } from "../../offline/report";

/** Runs the offline commands as users do (a child process per run) and keeps what they print. */

export const PROJECT_DIR = path.resolve(__dirname, "../..");

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

export function runTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, script), ...args],
            { cwd: PROJECT_DIR, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } },
            (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

export const preview = (args: string[], env?: NodeJS.ProcessEnv) => runTs("offline/preview.ts", args, env);
export const check = (args: string[]) => runTs("offline/check.ts", args);

const previews = new Map<string, Promise<{ result: CommandResult; report: Report }>>();

/** The `--json` preview of a shipped stack, run once per test process. */
export function previewJson(stack: string): Promise<{ result: CommandResult; report: Report }> {
    if (!previews.has(stack)) {
        previews.set(
            stack,
            preview(["--stack", stack, "--json"]).then((result) => {
                if (result.code > 1) {
                    throw new Error(`preview of ${stack} failed (${result.code}):\n${result.stderr}`);
                }
                return { result, report: JSON.parse(result.stdout) as Report };
            }),
        );
    }
    return previews.get(stack)!;
}
