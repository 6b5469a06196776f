import { AnalyzerClient } from "./analyzer";
import { PackProcess } from "./pack-process";
import { GivenPolicyConfig } from "./policy-config";
import { PolicyEvaluation } from "./policy-run";
import { buildReport, Report } from "./report";
import { loadStack, runStack } from "./stack-program";

/** The first line of a preview's report for people. */
export function previewHeading(stack: string, project: string): string {
    return `Offline preview of stack "${stack}" (project "${project}"): providers are mocked, nothing was sent to AWS or Kubernetes.`;
}

export interface OfflinePreviewOptions {
    /** Read this file instead of `Pulumi.<stack>.yaml`. */
    configFile?: string;
    /** Runs after the mocks are installed, before the program loads (tests register transformations here). */
    beforeProgram?: () => void;
    /** Says what the preview is doing (a terminal's stderr). */
    progress?: (message: string) => void;
}

/**
 * The offline preview of one stack: the program under mocks, each resource analyzed by the pack as
 * it registers (as the engine does), then AnalyzeStack over the final state. The caller starts the
 * pack before loading the SDKs, so its start overlaps the program's. The pack is stopped on return.
 */
export async function offlinePreview(stack: string, policyConfig: GivenPolicyConfig, pack: PackProcess, options: OfflinePreviewOptions = {}): Promise<Report> {
    const client = AnalyzerClient.connect(pack);
    try {
        const loaded = loadStack(stack, options.configFile);
        const { project } = loaded.stackConfig;
        const progress = options.progress ?? (() => undefined);
        const evaluation = new PolicyEvaluation([client], { project, stack, policyConfig, dryRun: true, defaultProvider: loaded.defaultProvider });
        progress(`Running the program of "${stack}" under mocks; the policy pack analyzes each resource as it registers...`);
        const run = await runStack(loaded, { beforeProgram: options.beforeProgram, onRegistered: (record) => evaluation.add(record), progress });
        progress(`Analyzing the stack's ${run.resources.length} resources together (AnalyzeStack)...`);
        const policies = await evaluation.finish(evaluation.stackRequest(run.resources));
        return buildReport({ stack, project, resources: run.resources, outputs: run.outputs, policies });
    } finally {
        pack.stop();
        client.then(
            (c) => c.close(),
            () => undefined,
        );
    }
}
