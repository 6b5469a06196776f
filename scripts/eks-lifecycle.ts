import { emit, runCommand } from "../offline/cli";
import { EKS_LIFECYCLE } from "../offline/commands";
import { EXIT, UsageError } from "../offline/errors";
import { PROJECT_DIR } from "../offline/paths";
import { readStackConfig, stacksOf } from "../offline/project";
import { checkDate, EKS_VERSIONS, supportStatus } from "../policies/lib/eks-versions";

/** One line per stack; `failed` when a version left standard support or is not in the calendar. */
export function lifecycleReport(versions: Record<string, string>, date: string): { lines: string[]; failed: boolean } {
    let failed = false;
    const lines = Object.entries(versions).map(([stack, version]) => {
        const status = supportStatus(version, date);
        const end = EKS_VERSIONS[version]?.standardSupportEnds;
        switch (status.state) {
            case "standard":
                return `${stack}: Kubernetes ${version} is in EKS standard support until ${end} (${status.daysLeft} days)`;
            case "ending":
                return `warning: ${stack}: Kubernetes ${version} leaves EKS standard support on ${end}, in ${status.daysLeft} days; upgrade before then (docs/operations.md, Upgrade Kubernetes)`;
            case "ended":
                failed = true;
                return `error: ${stack}: Kubernetes ${version} left EKS standard support on ${status.since}; upgrade now (docs/operations.md, Upgrade Kubernetes)`;
            case "unknown":
                failed = true;
                return `error: ${stack}: Kubernetes ${version} is not in the EKS calendar (policies/lib/eks-versions.ts lists ${Object.keys(EKS_VERSIONS).join(", ")})`;
        }
    });
    return { lines, failed };
}

/** Each stack's `platform:cluster.kubernetesVersion`, read raw so one stack's other config problems do not hide the others. */
function stackVersions(): Record<string, string> {
    return Object.fromEntries(
        stacksOf(PROJECT_DIR).map((stack) => {
            const cluster = readStackConfig(PROJECT_DIR, stack).config["platform:cluster"];
            return [stack, String(cluster ? (JSON.parse(cluster) as { kubernetesVersion?: string }).kubernetesVersion : undefined)];
        }),
    );
}

if (require.main === module) {
    runCommand(EKS_LIFECYCLE, async ({ values }) => {
        const given = values.date as string | undefined;
        if (given !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(given)) {
            throw new UsageError(`--date is "${given}"; expected a date such as 2026-12-08`);
        }
        const date = given ?? checkDate();
        const { lines, failed } = lifecycleReport(stackVersions(), date);
        await emit([`EKS support on ${date}:`, ...lines].join("\n") + "\n", undefined);
        return failed ? EXIT.policyFailure : EXIT.ok;
    });
}
