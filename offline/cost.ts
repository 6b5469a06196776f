import "./interrupts";
import { estimateMonthlyCost } from "../policies/lib/cost-estimate";
import { emit, runCommand, stackOf } from "./cli";
import { COST } from "./commands";
import { costResources, renderCost } from "./cost-report";
import { EXIT } from "./errors";
import { loadStack, runStack } from "./stack-program";

runCommand(COST, async (invocation) => {
    const stack = stackOf(invocation, COST);
    const loaded = loadStack(stack, invocation.values["config-file"] as string | undefined);
    invocation.progress(`Running the program of "${stack}" under mocks...`);
    const run = await runStack(loaded, { progress: invocation.progress });
    const estimate = estimateMonthlyCost(costResources(run.resources), loaded.region);
    await emit(invocation.values.json ? JSON.stringify(estimate, null, 2) + "\n" : renderCost(stack, estimate), invocation.values.output);
    return EXIT.ok;
});
