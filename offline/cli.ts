import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { EXIT, UsageError } from "./errors";
import { POLICY_PACK_DIR } from "./paths";
import { GivenPolicyConfig, parsePolicyConfigFile } from "./policy-config";
import { Report, renderHuman } from "./report";
import { sourceMappedStack } from "./source-mapped-stack";

/** Shared plumbing of the offline commands: arguments, output and exit codes. */

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
        process.stderr.write(`internal error: ${err instanceof Error ? sourceMappedStack(err) : String(err)}\n`);
        exitAfterFlush(EXIT.internal);
    });
}
