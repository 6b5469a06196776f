import { PolicyPackProcess } from "./analyzer";
import { POLICY_PACK_DIR } from "./paths";
import { GivenPolicyConfig } from "./policy-config";
import { providerLookup, runPolicies } from "./policy-run";
import { buildReport, Report } from "./report";
import { runStack, RunStackOptions } from "./stack-program";

/** The offline preview of one stack: the program under mocks, then the pack over what it registered. */
export async function offlinePreview(stack: string, policyConfig: GivenPolicyConfig, options: RunStackOptions = {}): Promise<Report> {
    // The pack starts while the program runs; each takes about a second.
    const packStart = PolicyPackProcess.start(POLICY_PACK_DIR);
    packStart.catch(() => undefined);
    try {
        const run = await runStack(stack, options);
        const pack = await packStart;
        try {
            const { project } = run.stackConfig;
            const policies = await runPolicies(pack, run.resources, providerLookup(run.resources, run.defaultProvider), { project, stack, policyConfig, dryRun: true });
            return buildReport({ stack, project, resources: run.resources, outputs: run.outputs, policies });
        } finally {
            pack.stop();
        }
    } catch (err) {
        packStart.then(
            (pack) => pack.stop(),
            () => undefined,
        );
        throw err;
    }
}
