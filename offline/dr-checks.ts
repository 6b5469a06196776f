import { CronExpressionParser } from "cron-parser";
import type { Report, ResourceView } from "./report";

/**
 * What the disaster-recovery runbook relies on, checked from the offline previews of a primary
 * and its standby: backups replicate to the bucket the standby's Velero reads, secrets and
 * images have replicas in the standby's region, schedules meet the RPO, and the two stacks run
 * the same services, images and charts.
 */

export interface DrFinding {
    check: string;
    ok: boolean;
    detail: string;
}

export interface DrObjectives {
    rpoHours: number;
    rtoMinutes: number;
    standbyRegion: string;
}

const byType = (report: Report, type: string) => report.resources.filter((r) => r.type === type);
const bucketOfArn = (arn: string) => arn.replace(/^arn:aws[a-z-]*:s3:::/, "");

/** Runs over five weeks from a Monday: long enough for weekly patterns (every two hours on weekdays has a weekend gap). */
const CRON_WINDOW_MS = 35 * 24 * 3_600_000;
const CRON_WINDOW_START = "2026-01-05T00:00:00Z";

/**
 * The longest time (hours) between two consecutive runs of a five-field cron (UTC), as cron-parser
 * reads it; undefined when it does not parse or runs less than twice in five weeks.
 */
export function cronIntervalHours(cron: string): number | undefined {
    let expression;
    try {
        expression = CronExpressionParser.parse(cron, { currentDate: CRON_WINDOW_START, tz: "UTC" });
    } catch {
        return undefined;
    }
    const end = Date.parse(CRON_WINDOW_START) + CRON_WINDOW_MS;
    let previous: number | undefined;
    let longest = 0;
    let runs = 0;
    for (let run = expression.next().getTime(); previous === undefined || previous <= end; run = expression.next().getTime()) {
        if (previous !== undefined) {
            longest = Math.max(longest, run - previous);
        }
        previous = run;
        runs++;
    }
    return runs > 2 ? longest / 3_600_000 : undefined;
}

function veleroRelease(report: Report): ResourceView | undefined {
    return byType(report, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "velero");
}

function imageDigests(report: Report): Map<string, string> {
    const digests = new Map<string, string>();
    for (const deployment of byType(report, "kubernetes:apps/v1:Deployment")) {
        const image = String(deployment.inputs.spec?.template?.spec?.containers?.[0]?.image ?? "");
        digests.set(deployment.inputs.metadata?.name, image.split("@")[1] ?? "(no digest)");
    }
    return digests;
}

/** `<service>/<VARIABLE>` → bucket, from the `<PURPOSE>_BUCKET` variables ServiceDeployment sets. */
function dataBucketVariables(report: Report): Map<string, string> {
    return new Map(
        byType(report, "kubernetes:apps/v1:Deployment").flatMap((deployment) =>
            (deployment.inputs.spec?.template?.spec?.containers?.[0]?.env ?? [])
                .filter((variable: { name: string; value?: string }) => /_BUCKET$/.test(variable.name) && variable.value)
                .map((variable: { name: string; value: string }) => [`${deployment.inputs.metadata?.name}/${variable.name}`, variable.value] as const),
        ),
    );
}

function chartVersions(report: Report): Map<string, string> {
    return new Map(byType(report, "kubernetes:helm.sh/v3:Release").map((r) => [`${r.inputs.chart} (${r.inputs.namespace})`, String(r.inputs.version)]));
}

/** Differences between two stacks that must run the same platform: services, image digests, chart versions. */
export function findDrift(primary: Report, standby: Report): string[] {
    const drift: string[] = [];
    const compare = (what: string, a: Map<string, string>, b: Map<string, string>) => {
        for (const key of new Set([...a.keys(), ...b.keys()])) {
            if (!a.has(key)) {
                drift.push(`${what} ${key} is in ${standby.stack} but not in ${primary.stack}`);
            } else if (!b.has(key)) {
                drift.push(`${what} ${key} is in ${primary.stack} but not in ${standby.stack}`);
            } else if (a.get(key) !== b.get(key)) {
                drift.push(`${what} ${key}: ${primary.stack} has ${a.get(key)}, ${standby.stack} has ${b.get(key)}`);
            }
        }
    };
    compare("service", imageDigests(primary), imageDigests(standby));
    compare("chart", chartVersions(primary), chartVersions(standby));
    return drift;
}

export function checkDisasterRecovery(primary: Report, standby: Report, objectives: DrObjectives): DrFinding[] {
    const findings: DrFinding[] = [];
    const add = (check: string, ok: boolean, detail: string) => findings.push({ check, ok, detail });

    const primaryVelero = veleroRelease(primary);
    const standbyVelero = veleroRelease(standby);
    const location = (release?: ResourceView) => release?.inputs.values?.configuration?.backupStorageLocation?.[0];
    const sourceBucket = location(primaryVelero)?.bucket;
    const standbyBucket = location(standbyVelero)?.bucket;
    const replication = byType(primary, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").find((r) => r.inputs.bucket === sourceBucket);
    const destination = replication ? bucketOfArn(String(replication.inputs.rules?.[0]?.destination?.bucket)) : undefined;
    add(
        "backups replicate to the bucket the standby restores from",
        Boolean(sourceBucket && destination && destination === standbyBucket),
        !primaryVelero
            ? `${primary.stack} installs no Velero`
            : !replication
              ? `Velero bucket ${sourceBucket} of ${primary.stack} has no replication`
              : `${sourceBucket} → ${destination}; ${standby.stack}'s Velero reads ${standbyBucket ?? "nothing"}`,
    );
    add(
        "the standby's Velero cannot write to the replica",
        location(standbyVelero)?.accessMode === "ReadOnly",
        `accessMode ${location(standbyVelero)?.accessMode ?? "(no Velero)"}`,
    );

    const replicationDestinations = new Map(
        byType(primary, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").map((r) => [
            String(r.inputs.bucket),
            bucketOfArn(String(r.inputs.rules?.[0]?.destination?.bucket)),
        ]),
    );
    const standbyBuckets = dataBucketVariables(standby);
    const dataGaps = [...dataBucketVariables(primary)].flatMap(([variable, bucket]) => {
        const destination = replicationDestinations.get(bucket);
        if (!destination) {
            return [`${variable} (${bucket}) has no replication`];
        }
        return standbyBuckets.get(variable) === destination
            ? []
            : [`${variable} replicates to ${destination}, but ${standby.stack} uses ${standbyBuckets.get(variable) ?? "no bucket"}`];
    });
    add(
        "every service data bucket replicates to the bucket the standby's service uses",
        dataGaps.length === 0,
        dataGaps.length ? dataGaps.join("; ") : `${dataBucketVariables(primary).size} data buckets replicated`,
    );

    const secrets = byType(primary, "aws:secretsmanager/secret:Secret");
    const unreplicated = secrets.filter((s) => !(s.inputs.replicas ?? []).some((r: { region: string }) => r.region === objectives.standbyRegion)).map((s) => s.inputs.name);
    add(
        `every platform secret has a replica in ${objectives.standbyRegion}`,
        secrets.length > 0 && unreplicated.length === 0,
        unreplicated.length ? `no replica: ${unreplicated.join(", ")}` : `${secrets.length} secrets replicated`,
    );

    const repositories = byType(primary, "aws:ecr/repository:Repository").map((r) => String(r.inputs.name));
    const rules = byType(primary, "aws:ecr/replicationConfiguration:ReplicationConfiguration").flatMap((r) => r.inputs.replicationConfiguration?.rules ?? []);
    const toStandby = rules.filter((rule: any) => (rule.destinations ?? []).some((d: { region: string }) => d.region === objectives.standbyRegion));
    const filters = toStandby.flatMap((rule: any) => (rule.repositoryFilters ?? []).map((f: { filter: string }) => f.filter));
    const standbyRepositories = byType(standby, "kubernetes:apps/v1:Deployment").map((d) => {
        const image = String(d.inputs.spec?.template?.spec?.containers?.[0]?.image ?? "");
        return {
            host: image.split("/")[0],
            repository: image
                .split("@")[0]
                .replace(/:[^/:]+$/, "")
                .split("/")
                .slice(1)
                .join("/"),
        };
    });
    const notReplicated = standbyRepositories
        .filter((r) => !repositories.includes(r.repository) || !filters.some((f: string) => r.repository.startsWith(f)))
        .map((r) => r.repository);
    const wrongRegion = standbyRepositories.filter((r) => r.host.includes(".ecr.") && !r.host.includes(`.${objectives.standbyRegion}.`)).map((r) => `${r.host}/${r.repository}`);
    add(
        `every service image replicates to ${objectives.standbyRegion} and the standby pulls it there`,
        standbyRepositories.length > 0 && notReplicated.length === 0 && wrongRegion.length === 0,
        [notReplicated.length ? `not replicated: ${notReplicated.join(", ")}` : "", wrongRegion.length ? `pulled from another region: ${wrongRegion.join(", ")}` : ""]
            .filter(Boolean)
            .join("; ") || `${standbyRepositories.length} images from replicated repositories`,
    );

    const schedules = Object.entries((primaryVelero?.inputs.values?.schedules ?? {}) as Record<string, { schedule: string; template: { includedNamespaces?: string[] } }>);
    const services = byType(primary, "platform:service:ServiceDeployment").map((s) => s.name);
    const covering = schedules.filter(([, s]) => !s.template.includedNamespaces || services.every((ns) => s.template.includedNamespaces!.includes(ns)));
    const [mostFrequent, interval] = covering.map(([n, s]) => [n, cronIntervalHours(s.schedule) ?? Infinity] as const).sort((a, b) => a[1] - b[1])[0] ?? ["", Infinity];
    // With Replication Time Control 99.99% of objects replicate within 15 minutes; without it, S3 gives no bound (assume an hour).
    const lagHours = replication?.inputs.rules?.[0]?.destination?.replicationTime?.status === "Enabled" ? 0.25 : 1;
    const worst = interval + lagHours;
    add(
        `backups meet the RPO of ${objectives.rpoHours}h`,
        Number.isFinite(interval) && worst <= objectives.rpoHours,
        Number.isFinite(interval)
            ? `${mostFrequent} runs every ${interval}h, replication adds up to ${lagHours * 60} min: ${worst}h at worst`
            : "no schedule covers every service namespace",
    );

    const lockGaps = replicationLockGaps(primary);
    add(
        "replication can replicate locked backups: Object Lock on the replicas, retention reads for the role",
        lockGaps.length === 0,
        lockGaps.length ? lockGaps.join("; ") : "every locked source replicates into a locked replica by a role that reads retention",
    );
    const unservedChecks = [primary, standby].flatMap(unservedHealthChecks);
    add(
        "the failover health checks probe a host and path the load balancer serves without a login",
        unservedChecks.length === 0,
        unservedChecks.length ? unservedChecks.join("; ") : "every health check has its Ingress rule",
    );
    const silentTopics = [primary, standby].flatMap(unsubscribedTopics);
    add(
        "alerts reach someone: every alerts topic has a subscription",
        silentTopics.length === 0,
        silentTopics.length ? `no subscription: ${silentTopics.join(", ")}` : "subscribed",
    );

    const drift = findDrift(primary, standby);
    add(`${standby.stack} runs what ${primary.stack} runs (services, image digests, chart versions)`, drift.length === 0, drift.length ? drift.join("; ") : "no drift");
    return findings;
}

/**
 * Replications S3 would refuse object by object: a locked source into an unlocked destination, or
 * a role that may not read retention and legal holds (Amazon S3 user guide, replication with Object Lock).
 */
function replicationLockGaps(report: Report): string[] {
    const locked = new Set(byType(report, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").map((l) => String(l.inputs.bucket)));
    const policies = byType(report, "aws:iam/rolePolicy:RolePolicy");
    return byType(report, "aws:s3/bucketReplicationConfig:BucketReplicationConfig").flatMap((replication) => {
        const source = String(replication.inputs.bucket);
        if (!locked.has(source)) {
            return [];
        }
        const destination = bucketOfArn(String(replication.inputs.rules?.[0]?.destination?.bucket));
        const roleName = String(replication.inputs.role).split("/").pop();
        const policy = policies.find((p) => p.inputs.role === roleName)?.inputs.policy ?? "";
        return [
            ...(locked.has(destination) ? [] : [`${source} is locked, its replica ${destination} is not`]),
            ...["s3:GetObjectRetention", "s3:GetObjectLegalHold"].filter((action) => !String(policy).includes(action)).map((action) => `${roleName} may not ${action}`),
        ];
    });
}

/** Route 53 health checks whose host and path no Ingress of the stack serves, or serves behind a login (a redirect counts as healthy). */
function unservedHealthChecks(report: Report): string[] {
    const served = byType(report, "kubernetes:networking.k8s.io/v1:Ingress")
        .filter((ingress) => !ingress.inputs.metadata?.annotations?.["alb.ingress.kubernetes.io/auth-type"])
        .flatMap((ingress) =>
            (ingress.inputs.spec?.rules ?? []).flatMap((rule: { host?: string; http?: { paths?: { path: string }[] } }) =>
                (rule.http?.paths ?? []).map((p) => `${rule.host}${p.path}`),
            ),
        );
    return byType(report, "aws:route53/healthCheck:HealthCheck")
        .map((check) => `${check.inputs.fqdn}${check.inputs.resourcePath}`)
        .filter((target) => !served.includes(target))
        .map((target) => `${report.stack}: nothing serves https://${target} unauthenticated`);
}

/** SNS topics of a stack without a subscription (SNS delivers to subscribers only). */
function unsubscribedTopics(report: Report): string[] {
    const subscribed = byType(report, "aws:sns/topicSubscription:TopicSubscription").map((s) => String(s.inputs.topic));
    return byType(report, "aws:sns/topic:Topic")
        .filter((topic) => !subscribed.some((arn) => arn.endsWith(`:${topic.inputs.name ?? topic.name}`)))
        .map((topic) => `${report.stack}/${topic.name}`);
}

/** How the objectives follow from the configuration, for the report. */
export function describeObjectives(findings: DrFinding[], objectives: DrObjectives): string[] {
    const rpo = findings.find((f) => f.check.startsWith("backups meet the RPO"));
    return [
        `RPO ${objectives.rpoHours}h: ${rpo?.detail ?? "not computed"}; secrets and images replicate within minutes.`,
        `RTO ${objectives.rtoMinutes} min: DNS failover takes about 3 min (3 failed health checks of 30 s, then a 60 s TTL); the standby cluster, add-ons and services already run; the rest is the Velero restore of the service namespaces, which the quarterly drill measures against this budget.`,
    ];
}
