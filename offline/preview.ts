import "./interrupts";
import { emit, runCommand, stackOf } from "./cli";
import { PREVIEW } from "./commands";
import { offlinePreview, previewHeading } from "./offline-preview";
import { spawnPolicyPack } from "./pack-process";
import { POLICY_PACK_DIR } from "./paths";
import { policyConfigFor } from "./policy-config";
import { formatReport, reportExitCode } from "./report";

runCommand(PREVIEW, async (invocation) => {
    const stack = stackOf(invocation, PREVIEW);
    const policyConfig = policyConfigFor(stack, invocation.values["policy-config"] as string | undefined);
    const report = await offlinePreview(stack, policyConfig, spawnPolicyPack(POLICY_PACK_DIR), {
        configFile: invocation.values["config-file"] as string | undefined,
        progress: invocation.progress,
    });
    await emit(formatReport(report, invocation.values, previewHeading(stack, report.project), "+"), invocation.values.output);
    return reportExitCode(report);
});
