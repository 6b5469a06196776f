import { StackConfigError } from "../stacks/config";
import { emitReport, ensurePolicyPackBuilt, parseCommandLine, POLICY_PACK_DIR, policyConfigFor, runCommand } from "./cli";
import { PolicyPackProcess } from "./analyzer";
import { UsageError } from "./errors";
import { providerLookup, runPolicies } from "./policy-run";
import { buildReport } from "./report";
import { runStack } from "./stack-program";

const USAGE = "npm run preview -- --stack <dev|prod|prod-dr> [--json] [--policy-config <file>] [--config-file <Pulumi.<stack>.yaml>]";

/** `npm run preview`: the real program under mocks, then the real policy pack over what it registered. */
runCommand(async () => {
    const { values } = parseCommandLine(USAGE, {
        options: { stack: { type: "string" }, json: { type: "boolean" }, "policy-config": { type: "string" }, "config-file": { type: "string" } },
    });
    const stack = values.stack as string | undefined;
    if (!stack) {
        throw new UsageError(`--stack is required\nusage: ${USAGE}`);
    }
    const policyConfig = policyConfigFor(stack, values["policy-config"] as string | undefined);
    ensurePolicyPackBuilt();
    // The pack starts while the program runs; each takes about a second.
    const packStart = PolicyPackProcess.start(POLICY_PACK_DIR);
    packStart.catch(() => undefined);
    try {
        const run = await runStack(stack, { configFile: values["config-file"] as string | undefined });
        const pack = await packStart;
        try {
            const { project } = run.stackConfig;
            const policies = await runPolicies(pack, run.resources, providerLookup(run.resources, run.defaultProvider), { project, stack, policyConfig, dryRun: true });
            const report = buildReport({ stack, project, resources: run.resources, outputs: run.outputs, policies });
            const heading = `Offline preview of stack "${stack}" (project "${project}"): providers are mocked, nothing was sent to AWS or Kubernetes.`;
            emitReport(report, values.json === true, heading, "+");
        } finally {
            pack.stop();
        }
    } catch (err) {
        packStart.then((pack) => pack.stop(), () => undefined);
        throw err;
    }
}, (err) => err instanceof StackConfigError);
