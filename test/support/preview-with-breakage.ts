import * as pulumi from "@pulumi/pulumi";
import { emitReport, policyConfigFor, runCommand } from "../../offline/cli";
import { offlinePreview } from "../../offline/offline-preview";
import { spawnPolicyPack } from "../../offline/pack-process";
import { POLICY_PACK_DIR } from "../../offline/paths";
import { BREAKAGES } from "./breakages";

/**
 * The offline preview of a shipped stack with protections removed from the registered resources by
 * stack transformations (after config validation, which would reject most of these earlier).
 * Usage: preview-with-breakage.ts <stack> <breakage>...
 */
runCommand(async () => {
    const [stack, ...names] = process.argv.slice(2);
    const unknown = names.filter((name) => !BREAKAGES[name]);
    if (names.length === 0 || unknown.length > 0) {
        throw new Error(`unknown breakage "${unknown.join(", ")}"; known: ${Object.keys(BREAKAGES).join(", ")}`);
    }
    const report = await offlinePreview(stack, policyConfigFor(stack, undefined), spawnPolicyPack(POLICY_PACK_DIR), {
        beforeProgram: () => names.forEach((name) => pulumi.runtime.registerStackTransformation(BREAKAGES[name].transform)),
    });
    emitReport(report, true, "", "+");
});
