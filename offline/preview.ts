import { StackConfigError } from "../stacks/config";
import { emitReport, parseStackCommandLine, policyConfigFor, runCommand } from "./cli";
import { offlinePreview } from "./offline-preview";
import { spawnPolicyPack } from "./pack-process";
import { POLICY_PACK_DIR } from "./paths";

const USAGE = "npm run preview -- --stack <dev|prod|prod-dr> [--json] [--policy-config <file>] [--config-file <Pulumi.<stack>.yaml>]";

/** `npm run preview`: the real program under mocks, then the real policy pack over what it registered. */
runCommand(
    async () => {
        const { stack, json, configFile, values } = parseStackCommandLine(USAGE, { "policy-config": { type: "string" } });
        const policyConfig = policyConfigFor(stack, values["policy-config"] as string | undefined);
        const report = await offlinePreview(stack, policyConfig, spawnPolicyPack(POLICY_PACK_DIR), { configFile });
        const heading = `Offline preview of stack "${stack}" (project "${report.project}"): providers are mocked, nothing was sent to AWS or Kubernetes.`;
        emitReport(report, json, heading, "+");
    },
    (err) => err instanceof StackConfigError,
);
