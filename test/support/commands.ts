import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { EXIT } from "../../offline/errors";
import { buildModule, PROJECT_DIR } from "../../offline/paths";
import type { Report } from "../../offline/report";
import { tempDir } from "./temp";

/** Runs the offline commands as users do (a child process per run, compiled) and keeps what they print. */

export { PROJECT_DIR };

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

const RUN_TIMEOUT_MS = 100_000;

/** Runs a module of the build (`offline/preview` → build/offline/preview.js) as a command. */
export function runModule(module: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return new Promise((resolve) => {
        // Killed before mocha's own timeout, so a hung command does not outlive its test.
        const options = { cwd: PROJECT_DIR, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env }, timeout: RUN_TIMEOUT_MS, killSignal: "SIGKILL" as const };
        execFile(process.execPath, [buildModule(module), ...args], options, (err, stdout, stderr) =>
            resolve({
                code: err ? ((err as { code?: number | null }).code ?? -1) : 0,
                stdout,
                stderr: (err as { killed?: boolean } | null)?.killed ? `${stderr}(killed after ${RUN_TIMEOUT_MS / 1000} s)` : stderr,
            }),
        );
    });
}

export const preview = (args: string[], env?: NodeJS.ProcessEnv) => runModule("offline/preview", args, env);
export const check = (args: string[]) => runModule("offline/check", args);

const shared = new Map<string, Promise<CommandResult>>();

/**
 * A run that several tests only read, made once per test process: the shipped stacks' previews, the
 * samples the README shows. Run from the project root as npm would (INIT_CWD), so paths print alike.
 */
export function sharedRun(module: string, args: string[]): Promise<CommandResult> {
    const key = [module, ...args].join("\u0000");
    if (!shared.has(key)) {
        shared.set(key, runModule(module, args, { INIT_CWD: PROJECT_DIR }));
    }
    return shared.get(key)!;
}

/** The `--json` preview of a shipped stack, run once per test process. */
export async function previewJson(stack: string): Promise<{ result: CommandResult; report: Report }> {
    const result = await sharedRun("offline/preview", ["--stack", stack, "--json"]);
    if (result.code !== EXIT.ok && result.code !== EXIT.policyFailure) {
        throw new Error(`preview of ${stack} failed (${result.code}):\n${result.stderr}`);
    }
    return { result, report: JSON.parse(result.stdout) as Report };
}

/**
 * Starts tasks in order, at most one per core at a time, and returns their promises at once: a file
 * of independent offline runs starts them in `before`, and each test awaits its own.
 */
export function startLimited<T>(tasks: (() => Promise<T>)[], limit = os.availableParallelism()): Promise<T>[] {
    const settlers: { resolve(value: T): void; reject(err: unknown): void }[] = [];
    const promises = tasks.map(() => new Promise<T>((resolve, reject) => settlers.push({ resolve, reject })));
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const index = next++;
            await tasks[index]().then(settlers[index].resolve, settlers[index].reject);
        }
    };
    for (let i = 0; i < Math.min(limit, tasks.length); i++) {
        void worker();
    }
    return promises;
}

/**
 * The `--json` preview of a shipped stack whose `Pulumi.<stack>.yaml` `config:` map went through
 * `change` first (a variant of a shipped stack: another account's singletons, bootstrap, ...).
 */
export async function previewVariant(stack: string, change: (config: Record<string, any>) => void): Promise<{ result: CommandResult; report: Report }> {
    const doc = parseYaml(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> };
    change(doc.config);
    const file = path.join(tempDir(), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringifyYaml(doc));
    const result = await preview(["--stack", stack, "--config-file", file, "--json"]);
    if (result.code !== EXIT.ok && result.code !== EXIT.policyFailure) {
        throw new Error(`preview of the ${stack} variant failed (${result.code}):\n${result.stderr}`);
    }
    return { result, report: JSON.parse(result.stdout) as Report };
}
