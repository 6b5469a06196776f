import { execFile } from "child_process";
import { parseStackConfig, StackConfigError } from "../stacks/config";
import { parseStackCommandLine, runCommand } from "./cli";
import { checkDisasterRecovery, describeObjectives } from "./dr-checks";
import { UsageError } from "./errors";
import { buildModule, PROJECT_DIR } from "./paths";
import { readStackConfig } from "./project";
import type { Report } from "./report";

const USAGE = "npm run dr:check -- --stack <standby stack> [--json] [--config-file <Pulumi.<standby>.yaml>]";

/** The offline preview of a stack, as JSON, from a child process (one program per process). */
function previewReport(stack: string, configFile?: string): Promise<Report> {
    return new Promise((resolve, reject) => {
        const args = ["--stack", stack, "--json", ...(configFile ? ["--config-file", configFile] : [])];
        execFile(process.execPath, [buildModule("offline/preview"), ...args], { cwd: PROJECT_DIR, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
            // Exit 1 (mandatory violations) still prints the plan; anything else is a failure.
            if (err && (err as { code?: number }).code !== 1) {
                reject(new UsageError(`the offline preview of "${stack}" failed:\n${stderr.trim()}`));
                return;
            }
            resolve(JSON.parse(stdout) as Report);
        });
    });
}

/** `npm run dr:check`: verifies offline what the disaster-recovery runbook relies on. */
runCommand(
    async () => {
        const { stack, json, configFile } = parseStackCommandLine(USAGE);
        const raw = readStackConfig(PROJECT_DIR, stack, configFile);
        const config = parseStackConfig({ project: raw.project, stack, values: raw.config, secretKeys: raw.secretKeys });
        if (config.dr.role !== "standby") {
            throw new UsageError(`stack "${stack}" is not a standby (platform:dr.role is "${config.dr.role}"); run dr:check on the DR stack`);
        }
        const primaryStack = config.dr.primaryStack!.split("/").pop()!;
        const [primary, standby] = await Promise.all([previewReport(primaryStack), previewReport(stack, configFile)]);
        const objectives = { rpoHours: config.dr.rpoHours, rtoMinutes: config.dr.rtoMinutes, standbyRegion: config.region };
        const findings = checkDisasterRecovery(primary, standby, objectives);
        const failed = findings.filter((f) => !f.ok);
        if (json) {
            process.stdout.write(JSON.stringify({ primary: primaryStack, standby: stack, ...objectives, findings, ok: failed.length === 0 }, null, 2) + "\n");
        } else {
            const lines = [
                `Disaster-recovery check of "${stack}" (standby in ${config.region}) against "${primaryStack}", from their offline previews:`,
                "",
                ...findings.map((f) => `  ${f.ok ? "ok     " : "MISSING"}  ${f.check}\n           ${f.detail}`),
                "",
                ...describeObjectives(findings, objectives),
                "",
                failed.length === 0
                    ? "All guarantees the runbook relies on hold."
                    : `${failed.length} guarantee${failed.length === 1 ? "" : "s"} missing: the runbook (docs/runbooks/disaster-recovery.md) would fail at those steps.`,
            ];
            process.stdout.write(lines.join("\n") + "\n");
        }
        process.stdout.write("", () => process.exit(failed.length === 0 ? 0 : 1));
    },
    (err) => err instanceof StackConfigError,
);
