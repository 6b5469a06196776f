import { StackConfigError } from "../stacks/config";
import { emitReport, parseCommandLine, policyConfigFor, runCommand } from "./cli";
import { UsageError } from "./errors";
import { offlinePreview } from "./offline-preview";

const USAGE = "npm run preview -- --stack <dev|prod|prod-dr> [--json] [--policy-config <file>] [--config-file <Pulumi.<stack>.yaml>]";

/** `npm run preview`: the real program under mocks, then the real policy pack over what it registered. */
runCommand(
    async () => {
        const { values } = parseCommandLine(USAGE, {
            options: { stack: { type: "string" }, json: { type: "boolean" }, "policy-config": { type: "string" }, "config-file": { type: "string" } },
        });
        const stack = values.stack as string | undefined;
        if (!stack) {
            throw new UsageError(`--stack is required\nusage: ${USAGE}`);
        }
        const policyConfig = policyConfigFor(stack, values["policy-config"] as string | undefined);
        const report = await offlinePreview(stack, policyConfig, { configFile: values["config-file"] as string | undefined });
        const heading = `Offline preview of stack "${stack}" (project "${report.project}"): providers are mocked, nothing was sent to AWS or Kubernetes.`;
        emitReport(report, values.json === true, heading, "+");
    },
    (err) => err instanceof StackConfigError,
);
