/**
 * Amazon EKS's Kubernetes versions and their support windows: standard support for 14 months after
 * release, extended support (billed per cluster hour) for 12 more, then an automatic upgrade.
 *
 * Source: Amazon EKS user guide, "Understand the Kubernetes version lifecycle on EKS", release
 * calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), as mirrored by
 * endoflife.date/amazon-eks; read 2026-12-08. 1.36 is left out until its dates are read.
 */
export interface EksVersion {
    /** Available on EKS. */
    released: string;
    /** Last day of standard support (ISO date); extended support, and its charge, start after it. */
    standardSupportEnds: string;
    /** Last day of extended support; EKS upgrades the cluster after it. */
    extendedSupportEnds: string;
}

export const EKS_VERSIONS: Record<string, EksVersion> = {
    "1.32": { released: "2025-01-23", standardSupportEnds: "2026-03-23", extendedSupportEnds: "2027-03-23" },
    "1.33": { released: "2025-05-28", standardSupportEnds: "2026-07-29", extendedSupportEnds: "2027-07-29" },
    "1.34": { released: "2025-10-06", standardSupportEnds: "2026-12-02", extendedSupportEnds: "2027-12-02" },
    "1.35": { released: "2026-01-28", standardSupportEnds: "2027-03-27", extendedSupportEnds: "2028-03-27" },
};

/** How long before the end of standard support the lifecycle check starts to warn. */
export const SUPPORT_WARNING_DAYS = 90;

export type SupportStatus = { state: "standard"; daysLeft: number } | { state: "ending"; daysLeft: number } | { state: "ended"; since: string } | { state: "unknown" };

/** Where `version` stands on `date` (ISO, UTC): in standard support, within the warning window, or past it. */
export function supportStatus(version: string, date: string): SupportStatus {
    const facts = EKS_VERSIONS[version];
    if (!facts) {
        return { state: "unknown" };
    }
    const daysLeft = Math.round((Date.parse(facts.standardSupportEnds) - Date.parse(date)) / 86_400_000);
    if (daysLeft < 0) {
        return { state: "ended", since: facts.standardSupportEnds };
    }
    return { state: daysLeft <= SUPPORT_WARNING_DAYS ? "ending" : "standard", daysLeft };
}

/** The date lifecycle checks evaluate against: PLATFORM_CHECK_DATE (tests inject it), else today (UTC). */
export function checkDate(env: NodeJS.ProcessEnv = process.env): string {
    const injected = env.PLATFORM_CHECK_DATE;
    if (injected !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(injected)) {
        throw new Error(`PLATFORM_CHECK_DATE is "${injected}"; expected a date such as 2026-12-08`);
    }
    return injected ?? new Date().toISOString().slice(0, 10);
}
