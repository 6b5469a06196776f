import type { CostEstimate } from "../../policies/lib/cost-estimate";
import { brokenDevConfig, CHECK_SAMPLE_EXPORT, COST_STACKS, SampleRuns } from "../../scripts/readme";
import { CommandResult, previewJson, sharedRun } from "./commands";
import { tempFile } from "./temp";

/** The runs behind the README's samples, shared with the tests that check the same outputs. */

let brokenConfig: string | undefined;

/** The preview of dev with a value of the wrong type and a misspelt key. */
export function configErrorRun(): Promise<CommandResult> {
    brokenConfig ??= tempFile("Pulumi.dev.yaml", brokenDevConfig());
    return sharedRun("offline/preview", ["--stack", "dev", "--config-file", brokenConfig]);
}

export const checkSampleRun = () => sharedRun("offline/check", [CHECK_SAMPLE_EXPORT]);

export const costJsonRun = (stack: string) => sharedRun("offline/cost", ["--stack", stack, "--json"]);

export async function sampleRuns(): Promise<SampleRuns> {
    const costs = await Promise.all(COST_STACKS.map(costJsonRun));
    return {
        previewProd: (await previewJson("prod")).report,
        check: (await checkSampleRun()).stdout,
        configError: (await configErrorRun()).stderr,
        costs: Object.fromEntries(COST_STACKS.map((stack, i) => [stack, JSON.parse(costs[i].stdout) as CostEstimate])),
    };
}
