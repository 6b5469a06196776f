import * as os from "os";
import { AnalyzerClient } from "./analyzer";
import { policyConfigFor, emitReport, parseCommandLine, runCommand } from "./cli";
import { UsageError } from "./errors";
import { readStackExport } from "./export-file";
import { spawnPolicyPack } from "./pack-process";
import { POLICY_PACK_DIR } from "./paths";
import { runPolicies } from "./policy-run";
import { buildReport } from "./report";

const USAGE = "npm run check -- <stack-export.json> [--json] [--policy-config <file>] [--jobs <n>]";
const MAX_JOBS = 64;

/** `--jobs`: how many pack processes share the Analyze calls; one per core by default. */
function jobsOf(value: string | undefined): number {
    if (value === undefined) {
        return os.availableParallelism();
    }
    const jobs = Number(value);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
        throw new UsageError(`--jobs: "${value}" is not a whole number from 1 to ${MAX_JOBS}\nusage: ${USAGE}`);
    }
    return jobs;
}

/**
 * `npm run check`: the policy pack over the resources of a `pulumi stack export` file. The export is
 * read once; Analyze calls are spread over `--jobs` pack processes, AnalyzeStack runs once on the
 * first, and the report is the same whatever the number of processes.
 */
runCommand(async () => {
    const { values, positionals } = parseCommandLine(USAGE, {
        options: { json: { type: "boolean" }, "policy-config": { type: "string" }, jobs: { type: "string" } },
        allowPositionals: true,
    });
    if (positionals.length !== 1) {
        throw new UsageError(`expected exactly one stack export file\nusage: ${USAGE}`);
    }
    const jobs = jobsOf(values.jobs as string | undefined);
    // The packs start (about a second each) while the export is read.
    const packs = Array.from({ length: jobs }, () => spawnPolicyPack(POLICY_PACK_DIR));
    const clients = packs.map((pack) => AnalyzerClient.connect(pack));
    try {
        const exported = readStackExport(positionals[0]);
        const policies = await runPolicies(clients, exported.resources, {
            project: exported.project,
            stack: exported.stack,
            policyConfig: policyConfigFor(exported.stack, values["policy-config"] as string | undefined),
            dryRun: false,
        });
        const report = buildReport({ stack: exported.stack, project: exported.project, resources: exported.resources, policies });
        emitReport(
            report,
            values.json === true,
            `Policy check of ${positionals[0]} (stack "${exported.stack}", project "${exported.project}", ${exported.resources.length} resources), offline.`,
            " ",
        );
    } finally {
        packs.forEach((pack) => pack.stop());
    }
});
