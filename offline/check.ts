import "./interrupts";
import * as os from "os";
import * as path from "path";
import { AnalyzerClient } from "./analyzer";
import { CHECK, MAX_JOBS } from "./commands";
import { emit, runCommand } from "./cli";
import { UsageError } from "./errors";
import { readStackExport } from "./export-file";
import { spawnPolicyPack } from "./pack-process";
import { POLICY_PACK_DIR } from "./paths";
import { policyConfigFor } from "./policy-config";
import { runPolicies } from "./policy-run";
import { buildReport, formatReport, reportExitCode } from "./report";

/** `--jobs`: how many pack processes share the Analyze calls; one per core by default. */
function jobsOf(value: string | boolean | undefined): number {
    if (value === undefined) {
        return os.availableParallelism();
    }
    const jobs = Number(value);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
        throw new UsageError(`--jobs: "${String(value)}" is not a whole number from 1 to ${MAX_JOBS} (${CHECK.name} --help for usage)`);
    }
    return jobs;
}

runCommand(CHECK, async (invocation) => {
    const { values } = invocation;
    const file = invocation.argument!;
    const jobs = jobsOf(values.jobs);
    // The packs start (about a second each) while the export is read.
    invocation.progress(`Starting ${jobs} policy pack process${jobs === 1 ? "" : "es"} and reading ${file}...`);
    const packs = Array.from({ length: jobs }, () => spawnPolicyPack(POLICY_PACK_DIR));
    try {
        const exported = readStackExport(file);
        const policyConfig = policyConfigFor(exported.stack, values["policy-config"] as string | undefined);
        invocation.progress(`Analyzing ${exported.resources.length} resources...`);
        const policies = await runPolicies(
            packs.map((pack) => AnalyzerClient.connect(pack)),
            exported.resources,
            { project: exported.project, stack: exported.stack, policyConfig, dryRun: false },
        );
        const report = buildReport({ stack: exported.stack, project: exported.project, resources: exported.resources, policies });
        const heading = `Policy check of ${path.relative(process.env.INIT_CWD ?? process.cwd(), file)} (stack "${exported.stack}", project "${exported.project}", ${exported.resources.length} resources), offline.`;
        await emit(formatReport(report, values, heading, " "), values.output);
        return reportExitCode(report);
    } finally {
        packs.forEach((pack) => pack.stop());
    }
});
