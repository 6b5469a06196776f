import * as pulumi from "@pulumi/pulumi";
import { CommandSpec, emit, runCommand, STACK_OPTIONS, stackOf } from "../../offline/cli";
import { UsageError } from "../../offline/errors";
import { offlinePreview } from "../../offline/offline-preview";
import { spawnPolicyPack } from "../../offline/pack-process";
import { POLICY_PACK_DIR } from "../../offline/paths";
import { policyConfigFor } from "../../offline/policy-config";
import { formatReport, reportExitCode } from "../../offline/report";
import { BREAKAGES } from "./breakages";

const PREVIEW_WITH_BREAKAGE: CommandSpec = {
    name: "node build/test/support/preview-with-breakage.js",
    summary:
        "The offline preview of a shipped stack with protections removed from the registered resources by stack transformations " +
        "(after config validation, which would reject most of these earlier), as JSON.",
    argument: { name: "<breakage,breakage...>", description: `Breakages to apply: ${Object.keys(BREAKAGES).join(", ")}.` },
    options: { stack: STACK_OPTIONS.stack },
};

runCommand(PREVIEW_WITH_BREAKAGE, async (invocation) => {
    const stack = stackOf(invocation, PREVIEW_WITH_BREAKAGE);
    const names = invocation.argument!.split(",");
    const unknown = names.filter((name) => !Object.hasOwn(BREAKAGES, name));
    if (unknown.length > 0) {
        throw new UsageError(`unknown breakage "${unknown.join(", ")}"; known: ${Object.keys(BREAKAGES).join(", ")}`);
    }
    const report = await offlinePreview(stack, policyConfigFor(stack, undefined), spawnPolicyPack(POLICY_PACK_DIR), {
        beforeProgram: () => names.forEach((name) => pulumi.runtime.registerStackTransformation(BREAKAGES[name].transform)),
    });
    await emit(formatReport(report, { json: true }, "", "+"), undefined);
    return reportExitCode(report);
});
