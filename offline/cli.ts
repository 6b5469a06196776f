import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { EXIT, UsageError } from "./errors";
import { GivenPolicyConfig, parsePolicyConfigFile } from "./policy-config";
import { Report, renderHuman } from "./report";

/** Shared plumbing of the offline commands: arguments, the pack's build, output and exit codes. */

export const PROJECT_DIR = path.resolve(__dirname, "..");
export const POLICY_PACK_DIR = path.join(PROJECT_DIR, "policies");

export function parseCommandLine(usage: string, config: ParseArgsConfig): ReturnType<typeof parseArgs> {
    try {
        return parseArgs({ ...config, args: process.argv.slice(2), strict: true });
    } catch (err) {
        throw new UsageError(`${(err as Error).message}\nusage: ${usage}`);
    }
}

/** The options of the commands that run one stack: `--stack` (required), `--json`, `--config-file`, plus `extra`. */
export function parseStackCommandLine(usage: string, extra: ParseArgsConfig["options"] = {}) {
    const { values } = parseCommandLine(usage, { options: { stack: { type: "string" }, json: { type: "boolean" }, "config-file": { type: "string" }, ...extra } });
    const stack = values.stack as string | undefined;
    if (!stack) {
        throw new UsageError(`--stack is required\nusage: ${usage}`);
    }
    return { stack, json: values.json === true, configFile: values["config-file"] as string | undefined, values };
}

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && !["bin", "node_modules", "config"].includes(entry.name)) {
            newest = Math.max(newest, newestSource(full));
        } else if (entry.isFile() && (entry.name.endsWith(".ts") || entry.name === "package.json")) {
            newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    }
    return newest;
}

/**
 * The pack runs compiled (its package.json `main` is bin/index.js), which starts in about a second
 * where ts-node would type-check it for three. Rebuild when a source is newer than the build.
 */
export function ensurePolicyPackBuilt(): void {
    const entry = path.join(POLICY_PACK_DIR, "bin", "index.js");
    if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newestSource(POLICY_PACK_DIR)) {
        return;
    }
    process.stderr.write("Building the policy pack (policies/bin)...\n");
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", POLICY_PACK_DIR], { stdio: ["ignore", "inherit", "inherit"] });
}

/** The given `--policy-config` file, else `policies/config/<stack>.json` when it exists, else none. */
export function policyConfigFor(stack: string, given: string | undefined): GivenPolicyConfig {
    const file = given ?? path.join(POLICY_PACK_DIR, "config", `${stack}.json`);
    return given || fs.existsSync(file) ? parsePolicyConfigFile(file) : {};
}

function exitAfterFlush(code: number): void {
    // Pulumi's runtime and gRPC keep handles open; exit explicitly, once stdout has drained.
    process.stdout.write("", () => process.exit(code));
}

export function emitReport(report: Report, json: boolean, heading: string, marker: string): void {
    process.stdout.write(json ? JSON.stringify(report, null, 2) + "\n" : renderHuman(report, heading, marker));
    exitAfterFlush(report.summary.mandatory > 0 ? EXIT.mandatoryViolations : EXIT.ok);
}

/** Runs a command's main; maps user mistakes to exit 2 with one clear message, never a stack trace. */
export function runCommand(main: () => Promise<void>, isUserError: (err: unknown) => boolean = () => false): void {
    main().catch((err: unknown) => {
        if (err instanceof UsageError || isUserError(err)) {
            process.stderr.write(`error: ${(err as Error).message}\n`);
            exitAfterFlush(EXIT.usage);
            return;
        }
        process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        exitAfterFlush(EXIT.internal);
    });
}
