import { policyConfigFor, emitReport, parseCommandLine, runCommand } from "./cli";
import { PolicyPackProcess } from "./analyzer";
import { UsageError } from "./errors";
import { readStackExport } from "./export-file";
import { POLICY_PACK_DIR } from "./paths";
import { providerLookup, runPolicies } from "./policy-run";
import { buildReport } from "./report";

const USAGE = "npm run check -- <stack-export.json> [--json] [--policy-config <file>]";

/** `npm run check`: the policy pack over the resources of a `pulumi stack export` file. */
runCommand(async () => {
    const { values, positionals } = parseCommandLine(USAGE, {
        options: { json: { type: "boolean" }, "policy-config": { type: "string" } },
        allowPositionals: true,
    });
    if (positionals.length !== 1) {
        throw new UsageError(`expected exactly one stack export file\nusage: ${USAGE}`);
    }
    const exported = readStackExport(positionals[0]);
    const pack = await PolicyPackProcess.start(POLICY_PACK_DIR);
    try {
        const policies = await runPolicies(
            pack,
            exported.resources,
            providerLookup(exported.resources, () => undefined),
            {
                project: exported.project,
                stack: exported.stack,
                policyConfig: policyConfigFor(exported.stack, values["policy-config"] as string | undefined),
                dryRun: false,
            },
        );
        const report = buildReport({ stack: exported.stack, project: exported.project, resources: exported.resources, policies });
        emitReport(
            report,
            values.json === true,
            `Policy check of ${positionals[0]} (stack "${exported.stack}", project "${exported.project}", ${exported.resources.length} resources), offline.`,
            " ",
        );
    } finally {
        pack.stop();
    }
});
