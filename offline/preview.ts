import { CommandSpec, emit, EXIT_CODE_NOTES, OUTPUT_OPTIONS, runCommand, STACK_OPTIONS, stackOf } from "./cli";
import { offlinePreview } from "./offline-preview";
import { spawnPolicyPack } from "./pack-process";
import { POLICY_PACK_DIR } from "./paths";
import { policyConfigFor } from "./policy-config";
import { formatReport, reportExitCode, REPORT_OPTIONS } from "./report";

const PREVIEW: CommandSpec = {
    name: "npm run preview --",
    summary: "Offline preview of a stack: the real program under Pulumi's mocks, then the real policy pack over every resource it registers.",
    options: { ...STACK_OPTIONS, ...REPORT_OPTIONS, ...OUTPUT_OPTIONS },
    notes: EXIT_CODE_NOTES,
};

runCommand(PREVIEW, async (invocation) => {
    const stack = stackOf(invocation, PREVIEW);
    const policyConfig = policyConfigFor(stack, invocation.values["policy-config"] as string | undefined);
    const report = await offlinePreview(stack, policyConfig, spawnPolicyPack(POLICY_PACK_DIR), {
        configFile: invocation.values["config-file"] as string | undefined,
        progress: invocation.progress,
    });
    const heading = `Offline preview of stack "${stack}" (project "${report.project}"): providers are mocked, nothing was sent to AWS or Kubernetes.`;
    await emit(formatReport(report, invocation.values, heading, "+"), invocation.values.output);
    return reportExitCode(report);
});
