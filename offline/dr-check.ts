import "./interrupts";
import { parseStackConfig } from "../stacks/config";
import { childFailure, runNode } from "./children";
import { emit, Invocation, runCommand, stackOf } from "./cli";
import { DR_CHECK } from "./commands";
import { checkDisasterRecovery, describeObjectives } from "./dr-checks";
import { EXIT, UsageError } from "./errors";
import { buildModule, PROJECT_DIR } from "./paths";
import { readStackConfig } from "./project";
import type { Report } from "./report";

/** The offline preview of a stack, as JSON, from a child process (one program per process). */
async function previewReport(stack: string, configFile: string | undefined, invocation: Invocation): Promise<Report> {
    invocation.progress(`Running the offline preview of "${stack}"...`);
    const run = await runNode([buildModule("offline/preview"), "--stack", stack, "--json", ...(configFile ? ["--config-file", configFile] : [])], { cwd: PROJECT_DIR });
    // A policy failure (5) still prints the plan; anything else is this command's failure.
    if (run.code !== EXIT.ok && run.code !== EXIT.policyFailure) {
        throw childFailure(`the offline preview of "${stack}" failed`, run);
    }
    return JSON.parse(run.stdout) as Report;
}

runCommand(DR_CHECK, async (invocation) => {
    const stack = stackOf(invocation, DR_CHECK);
    const configFile = invocation.values["config-file"] as string | undefined;
    const raw = readStackConfig(PROJECT_DIR, stack, configFile);
    const config = parseStackConfig({ project: raw.project, stack, values: raw.config, secretKeys: raw.secretKeys });
    if (config.dr.role !== "standby") {
        throw new UsageError(`stack "${stack}" is not a standby (platform:dr.role is "${config.dr.role}"); run dr:check on the DR stack`);
    }
    const primaryStack = config.dr.primaryStack!.split("/").pop()!;
    const [primary, standby] = await Promise.all([previewReport(primaryStack, undefined, invocation), previewReport(stack, configFile, invocation)]);
    const objectives = { rpoHours: config.dr.rpoHours, rtoMinutes: config.dr.rtoMinutes, standbyRegion: config.region };
    const findings = checkDisasterRecovery(primary, standby, objectives);
    const failed = findings.filter((f) => !f.ok);
    const text = invocation.values.json
        ? JSON.stringify({ primary: primaryStack, standby: stack, ...objectives, findings, ok: failed.length === 0 }, null, 2)
        : [
              `Disaster-recovery check of "${stack}" (standby in ${config.region}) against "${primaryStack}", from their offline previews:`,
              "",
              ...findings.map((f) => `  ${f.ok ? "ok     " : "MISSING"}  ${f.check}\n           ${f.detail}`),
              "",
              ...describeObjectives(findings, objectives),
              "",
              failed.length === 0
                  ? "All guarantees the runbook relies on hold."
                  : `${failed.length} guarantee${failed.length === 1 ? "" : "s"} missing: the runbook (docs/runbooks/disaster-recovery.md) would fail at those steps.`,
          ].join("\n");
    await emit(text + "\n", invocation.values.output);
    return failed.length === 0 ? EXIT.ok : EXIT.policyFailure;
});
