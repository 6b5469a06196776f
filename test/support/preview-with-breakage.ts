import * as pulumi from "@pulumi/pulumi";
import { emitReport, policyConfigFor, runCommand } from "../../offline/cli";
import { offlinePreview } from "../../offline/offline-preview";
import { BREAKAGES } from "./breakages";

/**
 * The offline preview of a shipped stack with one protection removed from the registered
 * resources by a stack transformation (after config validation, which would reject most of
 * these earlier). Usage: preview-with-breakage.ts <stack> <breakage>
 */
runCommand(async () => {
    const [stack, name] = process.argv.slice(2);
    const breakage = BREAKAGES[name];
    if (!breakage) {
        throw new Error(`unknown breakage "${name}"; known: ${Object.keys(BREAKAGES).join(", ")}`);
    }
    const report = await offlinePreview(stack, policyConfigFor(stack, undefined), {
        beforeProgram: () => pulumi.runtime.registerStackTransformation(breakage.transform),
    });
    emitReport(report, true, "", "+");
});
