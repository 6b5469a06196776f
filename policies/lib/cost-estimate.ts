import prices from "./prices.json";
import { allocatable, instanceType } from "./instance-types";
import { parseQuantity } from "./quantities";

/**
 * A monthly cost estimate of a stack from its resources (what a preview registers), priced from
 * the dated table in prices.json. Nodes are priced at the pools' minimum and maximum sizes; usage
 * that resources do not show (data volumes, requests) comes from the table's assumptions. What
 * the estimator cannot price is listed, never counted as zero: resources of an unpriced type or in a
 * region the table has no prices for, and the costs it does not model at all (NOT_MODELLED).
 */

/** Costs the estimate leaves out, whatever the stack: they depend on traffic and use, not on resources. */
export const NOT_MODELLED: readonly string[] = [
    "data transfer: traffic between availability zones, to the internet, and cross-region replication traffic",
    "public IPv4 addresses (the NAT gateways' Elastic IPs, internet-facing load balancers), charged per address-hour",
    "API requests: KMS, Secrets Manager, S3, STS and CloudWatch Logs queries",
    "CloudWatch metrics and dashboards beyond the alarms listed",
    "EBS volumes and snapshots that the cluster creates at run time (PersistentVolumeClaims, Velero)",
];

export interface CostResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent. */
    parent?: string;
    /** Inputs (preview) or outputs (stack policies): the fields read here are in both. */
    props: Record<string, any>;
    /** Region of the resource's provider; undefined: the stack's. */
    region?: string;
}

export interface CostLine {
    /** Top-level component the resource belongs to, e.g. `SecureCluster platform-prod`. */
    component: string;
    /** Service that owns it, for service resources. */
    service?: string;
    item: string;
    monthlyMin: number;
    monthlyMax: number;
    /** How the figure was computed. */
    basis: string;
}

export interface ServiceShare {
    /** Share of node cost by requests, at minimum and maximum replicas (already inside the node lines). */
    nodesMin: number;
    nodesMax: number;
    /** The service's own resources (e.g. its load balancer). */
    own: number;
}

export interface CostEstimate {
    region: string;
    date: string;
    source: string;
    lines: CostLine[];
    /** Resources it could not price, and why. */
    notPriced: { type: string; name: string; component: string; reason: string }[];
    notModelled: readonly string[];
    totalMin: number;
    totalMax: number;
    /** What the spot pool saves against the same nodes on demand. */
    spotSavingMin: number;
    spotSavingMax: number;
    byComponent: Record<string, { min: number; max: number }>;
    byService: Record<string, ServiceShare>;
    assumptions: typeof prices.assumptions;
}

type RegionPrices = (typeof prices.regions)["us-east-1"];
const HOURS = prices.hoursPerMonth;
const A = prices.assumptions;

/** Types with no charge of their own (their cost shows up elsewhere, or AWS does not bill them). */
const FREE = [
    /^pulumi:/,
    /^kubernetes:(?!helm\.sh|networking\.k8s\.io\/v1:Ingress)/,
    /^platform:/,
    /^eks:index:VpcCniAddon$/,
    /^aws:iam\//,
    /^aws:kms\/alias:/,
    /^aws:ec2\/(securityGroup|securityGroupRule|launchTemplate|flowLog|vpcSecurityGroup\w+Rule):/,
    /^aws:vpc\/securityGroup(Ingress|Egress)Rule:/,
    /^aws:codebuild\/webhook:/,
    /^aws:s3\/bucket(ServerSideEncryptionConfiguration|Versioning|PublicAccessBlock|Policy|OwnershipControls|LifecycleConfiguration|Logging|ObjectLockConfiguration)(V2)?:/,
    /^aws:eks\/(addon|podIdentityAssociation|accessEntry|accessPolicyAssociation):/,
    /^aws:wafv2\/webAclLoggingConfiguration:/,
    /^aws:cloudwatch\/logResourcePolicy:/,
    /^aws:sns\/(topic|topicPolicy|topicSubscription):/,
    /^aws:guardduty\/detector:/,
    /^aws:costexplorer\//,
    /^aws:backup\/(selection|vaultLockConfiguration|vault):/,
    /^aws:route53\/record:/,
    /^aws:secretsmanager\/secretRotation:/,
    /^aws:lambda\/permission:/,
    /^aws:ecr\/(lifecyclePolicy|repositoryCreationTemplate):/,
    /^aws:cognito\/(userPoolDomain|userPoolClient|managedLoginBranding):/,
];
/** Multi-language components we price as a whole; their children (a real preview's) are included. */
const PRICED_COMPONENTS = new Set(["awsx:ec2:Vpc", "eks:index:Cluster"]);

const round = (n: number) => Math.round(n * 100) / 100;
const gibOf = (quantity: unknown) => (parseQuantity(quantity) ?? 0) / 2 ** 30;

/** Persistent volumes the platform's charts claim, by chart (GiB). */
function helmVolumesGiB(chart: string, values: Record<string, any> = {}): number {
    switch (chart) {
        case "kube-prometheus-stack": {
            const prometheus = values.prometheus?.prometheusSpec ?? {};
            const alertmanager = values.alertmanager?.alertmanagerSpec ?? {};
            const claim = (spec: any) => gibOf(spec?.volumeClaimTemplate?.spec?.resources?.requests?.storage);
            return claim(prometheus.storageSpec) * (prometheus.replicas ?? 1) + claim(alertmanager.storage) * (alertmanager.replicas ?? 1);
        }
        case "loki":
            return values.singleBinary?.persistence?.enabled ? gibOf(values.singleBinary.persistence.size) * (values.singleBinary.replicas ?? 1) : 0;
        case "tempo":
            return values.persistence?.enabled ? gibOf(values.persistence.size) : 0;
        default:
            return 0;
    }
}

function logKind(name: string): keyof typeof A.logIngestGbPerMonth {
    return name.includes("flow-logs") ? "flow-logs" : name.startsWith("/aws/eks/") ? "control-plane" : name.startsWith("aws-waf-logs") ? "waf" : "other";
}

interface NodePool {
    capacityType: "ON_DEMAND" | "SPOT";
    type: string;
    min: number;
    max: number;
    region: string;
}

export function estimateMonthlyCost(resources: CostResource[], stackRegion: string): CostEstimate {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const ancestors = (r: CostResource): CostResource[] => {
        const chain: CostResource[] = [];
        for (let p = r.parent ? byUrn.get(r.parent) : undefined; p; p = p.parent ? byUrn.get(p.parent) : undefined) {
            chain.push(p);
        }
        return chain;
    };
    const componentOf = (r: CostResource) => {
        const chain = [r, ...ancestors(r)].filter((x) => x.type !== "pulumi:pulumi:Stack");
        const top = chain[chain.length - 1];
        return top === r && r.type.startsWith("aws:") ? "(stack)" : `${top.type.split(":").pop()} ${top.name}`;
    };
    const serviceOf = (r: CostResource) => [r, ...ancestors(r)].find((x) => x.type === "platform:service:ServiceDeployment")?.name;
    const pricesOf = (region: string): RegionPrices | undefined => (prices.regions as Record<string, RegionPrices>)[region];

    const lines: CostLine[] = [];
    const notPriced: CostEstimate["notPriced"] = [];
    const pools: NodePool[] = [];
    const add = (r: CostResource, item: string, min: number, max: number, basis: string) =>
        lines.push({ component: componentOf(r), service: serviceOf(r), item, monthlyMin: round(min), monthlyMax: round(max), basis });
    const same = (r: CostResource, item: string, monthly: number, basis: string) => add(r, item, monthly, monthly, basis);
    const bucketPurpose = new Map<string, string>();
    for (const r of resources.filter((x) => x.type === "aws:s3/bucket:Bucket")) {
        bucketPurpose.set(String(r.props.bucket ?? r.name), r.props.tags?.purpose ?? "data");
    }
    let budgets = 0;
    const runtimeMonitoring: { resource: CostResource; pricePerVcpu: number }[] = [];

    for (const r of resources) {
        if (ancestors(r).some((a) => PRICED_COMPONENTS.has(a.type)) || FREE.some((re) => re.test(r.type))) {
            continue;
        }
        const region = r.region ?? stackRegion;
        const p = pricesOf(region);
        if (!p) {
            notPriced.push({ type: r.type, name: r.name, component: componentOf(r), reason: `no prices for ${region} in prices.json` });
            continue;
        }
        const props = r.props;
        switch (r.type) {
            case "eks:index:Cluster":
            case "aws:eks/cluster:Cluster":
                same(r, "EKS control plane", p.eksClusterHourly * HOURS, `${p.eksClusterHourly}/h standard support`);
                break;
            case "aws:eks/nodeGroup:NodeGroup": {
                const type = String(props.instanceTypes?.[0]);
                const capacityType = props.capacityType === "SPOT" ? "SPOT" : "ON_DEMAND";
                const hourly = (capacityType === "SPOT" ? p.ec2SpotHourly : p.ec2OnDemandHourly)[type as keyof RegionPrices["ec2OnDemandHourly"]];
                const { minSize = 0, maxSize = 0 } = props.scalingConfig ?? {};
                if (hourly === undefined) {
                    notPriced.push({
                        type: r.type,
                        name: r.name,
                        component: componentOf(r),
                        reason: `no ${capacityType === "SPOT" ? "spot" : "on-demand"} price for ${type} in prices.json`,
                    });
                    break;
                }
                pools.push({ capacityType, type, min: minSize, max: maxSize, region: r.region ?? stackRegion });
                add(
                    r,
                    `${capacityType === "SPOT" ? "spot" : "on-demand"} nodes ${type}`,
                    hourly * HOURS * minSize,
                    hourly * HOURS * maxSize,
                    `${minSize}-${maxSize} × ${hourly}/h`,
                );
                const disk =
                    resources.find((x) => x.type === "aws:ec2/launchTemplate:LaunchTemplate" && x.parent === r.parent)?.props.blockDeviceMappings?.[0]?.ebs?.volumeSize ?? 20;
                add(r, "node root volumes (gp3)", disk * minSize * p.ebsGp3PerGbMonth, disk * maxSize * p.ebsGp3PerGbMonth, `${disk} GiB per node`);
                break;
            }
            case "awsx:ec2:Vpc": {
                const gateways = props.natGateways?.strategy === "Single" ? 1 : (props.numberOfAvailabilityZones ?? 3);
                same(
                    r,
                    `NAT gateways (${gateways})`,
                    gateways * p.natGatewayHourly * HOURS + A.natGatewayDataGbPerMonth * p.natGatewayPerGb,
                    `${gateways} × ${p.natGatewayHourly}/h + ${A.natGatewayDataGbPerMonth} GB`,
                );
                break;
            }
            case "aws:ec2/vpcEndpoint:VpcEndpoint": {
                if (props.vpcEndpointType !== "Interface") {
                    break;
                }
                const zones = Array.isArray(props.subnetIds) ? props.subnetIds.length : 1;
                same(
                    r,
                    `interface endpoint ${String(props.serviceName).split(".").slice(3).join(".")}`,
                    zones * p.interfaceEndpointHourlyPerAz * HOURS + A.interfaceEndpointDataGbPerMonth * p.interfaceEndpointPerGb,
                    `${zones} AZ × ${p.interfaceEndpointHourlyPerAz}/h`,
                );
                break;
            }
            case "kubernetes:networking.k8s.io/v1:Ingress":
                if (props.spec?.ingressClassName === "alb" || props.metadata?.annotations?.["kubernetes.io/ingress.class"] === "alb") {
                    same(r, "application load balancer", (p.albHourly + A.albAverageLcu * p.albLcuHourly) * HOURS, `${p.albHourly}/h + ${A.albAverageLcu} LCU`);
                }
                break;
            case "kubernetes:helm.sh/v3:Release": {
                const gib = helmVolumesGiB(props.chart, props.values);
                if (gib > 0) {
                    same(r, `${props.chart} volumes (gp3)`, gib * p.ebsGp3PerGbMonth, `${round(gib)} GiB`);
                }
                break;
            }
            case "aws:s3/bucket:Bucket": {
                const gb = A.s3StoredGbByPurpose[(props.tags?.purpose ?? "data") as keyof typeof A.s3StoredGbByPurpose] ?? A.s3StoredGbByPurpose.data;
                same(r, `S3 ${props.tags?.purpose ?? "data"} bucket`, gb * p.s3StandardPerGbMonth, `${gb} GB assumed`);
                break;
            }
            case "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
                const gb = A.s3StoredGbByPurpose[(bucketPurpose.get(String(props.bucket)) ?? "data") as keyof typeof A.s3StoredGbByPurpose] ?? A.s3StoredGbByPurpose.data;
                const rtc = props.rules?.[0]?.destination?.replicationTime?.status === "Enabled" ? p.s3ReplicationTimeControlPerGb : 0;
                same(
                    r,
                    "S3 cross-region replication",
                    gb * (p.interRegionTransferPerGb + rtc),
                    `${gb} GB/month × (${p.interRegionTransferPerGb} transfer${rtc ? ` + ${rtc} RTC` : ""})`,
                );
                break;
            }
            case "aws:kms/key:Key":
                same(r, "KMS key", p.kmsKeyMonthly, "per key");
                break;
            case "aws:wafv2/webAcl:WebAcl": {
                const rules = Array.isArray(props.rules) ? props.rules : [];
                const has = (group: string) => rules.some((rule: any) => rule.name === group);
                const bot = has("AWSManagedRulesBotControlRuleSet") ? p.wafBotControlMonthly : 0;
                const atp = has("AWSManagedRulesATPRuleSet") ? p.wafAtpMonthly + A.wafLoginAttemptsThousandsPerMonth * p.wafAtpPerThousandLogins : 0;
                same(
                    r,
                    "WAF web ACL",
                    p.wafWebAclMonthly + rules.length * p.wafRuleMonthly + bot + atp + A.wafRequestsMillionsPerMonth * p.wafPerMillionRequests,
                    `${rules.length} rules, ${A.wafRequestsMillionsPerMonth}M requests${atp ? `, ATP on ${A.wafLoginAttemptsThousandsPerMonth}k logins` : ""}`,
                );
                break;
            }
            case "aws:cognito/userPool:UserPool":
                // The Plus tier (threat protection) bills every monthly active user; Lite and Essentials have free tiers.
                same(r, "Cognito user pool", props.userPoolTier === "PLUS" ? A.cognitoMonthlyActiveUsers * p.cognitoPlusPerMau : 0, `${A.cognitoMonthlyActiveUsers} MAU assumed`);
                break;
            case "aws:guardduty/detectorFeature:DetectorFeature":
                if (props.name === "RUNTIME_MONITORING") {
                    runtimeMonitoring.push({ resource: r, pricePerVcpu: p.guardDutyRuntimePerVcpuMonth });
                }
                break;
            case "aws:cloudwatch/logGroup:LogGroup": {
                const gb = A.logIngestGbPerMonth[logKind(String(props.name ?? r.name))];
                same(
                    r,
                    `CloudWatch logs (${logKind(String(props.name ?? r.name))})`,
                    gb * (p.cloudwatchLogsIngestPerGb + A.logStoredGbPerMonthOfIngest * p.cloudwatchLogsStoragePerGbMonth),
                    `${gb} GB/month ingested`,
                );
                break;
            }
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                same(r, "CloudWatch alarm", p.cloudwatchAlarmMonthly, "per alarm");
                break;
            case "aws:secretsmanager/secret:Secret": {
                const copies = 1 + (Array.isArray(props.replicas) ? props.replicas.length : 0);
                same(r, "Secrets Manager secret", copies * p.secretMonthly, `${copies} cop${copies === 1 ? "y" : "ies"}`);
                break;
            }
            case "aws:backup/plan:Plan": {
                const copies = Array.isArray(props.rules?.[0]?.copyActions) ? props.rules[0].copyActions.length : 0;
                same(
                    r,
                    "AWS Backup storage",
                    A.awsBackupStoredGb * (p.backupWarmPerGbMonth * (1 + copies) + copies * p.interRegionTransferPerGb),
                    `${A.awsBackupStoredGb} GB, ${copies} cross-region cop${copies === 1 ? "y" : "ies"}`,
                );
                break;
            }
            case "aws:ecr/repository:Repository":
                same(r, "ECR repository storage", A.ecrStoredGbPerRepository * p.ecrStoragePerGbMonth, `${A.ecrStoredGbPerRepository} GB assumed`);
                break;
            case "aws:ecr/replicationConfiguration:ReplicationConfiguration": {
                const repositories = props.replicationConfiguration?.rules?.[0]?.repositoryFilters?.length ?? 0;
                same(
                    r,
                    "ECR replicas in the DR region",
                    repositories * A.ecrStoredGbPerRepository * (p.ecrStoragePerGbMonth + p.interRegionTransferPerGb),
                    `${repositories} repositories`,
                );
                break;
            }
            case "aws:route53/healthCheck:HealthCheck":
                same(r, "Route 53 health check", p.route53HealthCheckMonthly, "HTTPS with latency measurement");
                break;
            case "aws:budgets/budget:Budget":
                budgets++;
                // The first two budgets of an account are free; later ones are charged (counted here, priced below).
                same(r, "AWS Budget", budgets > 2 ? p.budgetMonthly : 0, budgets > 2 ? "beyond the 2 free budgets" : "one of the 2 free budgets");
                break;
            default:
                notPriced.push({ type: r.type, name: r.name, component: componentOf(r), reason: "the estimator does not price this type" });
        }
    }

    const vcpus = (count: (pool: NodePool) => number) => pools.reduce((sum, pool) => sum + (instanceType(pool.type)?.vcpu ?? 0) * count(pool), 0);
    // GuardDuty's runtime monitoring is priced per vCPU of the nodes, known once the pools are.
    for (const { resource, pricePerVcpu } of runtimeMonitoring) {
        add(resource, "GuardDuty runtime monitoring", vcpus((p) => p.min) * pricePerVcpu, vcpus((p) => p.max) * pricePerVcpu, `${pricePerVcpu} per vCPU-month`);
    }

    const spot = (count: (pool: NodePool) => number) =>
        pools
            .filter((pool) => pool.capacityType === "SPOT")
            .reduce((sum, pool) => {
                const table = pricesOf(pool.region)!;
                const key = pool.type as keyof RegionPrices["ec2OnDemandHourly"];
                return sum + (table.ec2OnDemandHourly[key] - table.ec2SpotHourly[key]) * HOURS * count(pool);
            }, 0);

    const byComponent: CostEstimate["byComponent"] = {};
    for (const line of lines) {
        const entry = (byComponent[line.component] ??= { min: 0, max: 0 });
        entry.min = round(entry.min + line.monthlyMin);
        entry.max = round(entry.max + line.monthlyMax);
    }
    return {
        region: stackRegion,
        date: prices.date,
        source: prices.source,
        lines,
        notPriced,
        notModelled: NOT_MODELLED,
        totalMin: round(lines.reduce((s, l) => s + l.monthlyMin, 0)),
        totalMax: round(lines.reduce((s, l) => s + l.monthlyMax, 0)),
        spotSavingMin: round(spot((p) => p.min)),
        spotSavingMax: round(spot((p) => p.max)),
        byComponent,
        byService: serviceShares(resources, pools, lines),
        assumptions: A,
    };
}

/** Each service's share of node cost by its pods' requests (on the pool its tier runs on) and its own resources. */
function serviceShares(resources: CostResource[], pools: NodePool[], lines: CostLine[]): Record<string, ServiceShare> {
    const shares: Record<string, ServiceShare> = {};
    const hpas = new Map(resources.filter((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((r) => [r.props.metadata?.namespace, r.props.spec ?? {}]));
    for (const deployment of resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment")) {
        const service = deployment.props.metadata?.name;
        const tier = deployment.props.metadata?.labels?.["platform.io/tier"];
        const pool = pools.find((p) => p.capacityType === (tier === "critical" ? "ON_DEMAND" : "SPOT")) ?? pools[0];
        const shape = pool && instanceType(pool.type);
        if (!service || !pool || !shape) {
            continue;
        }
        const table = (prices.regions as Record<string, RegionPrices>)[pool.region];
        const hourly = (pool.capacityType === "SPOT" ? table.ec2SpotHourly : table.ec2OnDemandHourly)[pool.type as keyof RegionPrices["ec2OnDemandHourly"]];
        const node = allocatable(shape);
        const containers: any[] = deployment.props.spec?.template?.spec?.containers ?? [];
        const cpu = containers.reduce((s, c) => s + (parseQuantity(c.resources?.requests?.cpu) ?? 0), 0);
        const memory = containers.reduce((s, c) => s + gibOf(c.resources?.requests?.memory), 0);
        const perPod = Math.max(cpu / node.vcpu, memory / node.memoryGiB) * hourly * HOURS;
        const hpa = hpas.get(deployment.props.metadata?.namespace) ?? {};
        shares[service] = {
            nodesMin: round(perPod * (hpa.minReplicas ?? deployment.props.spec?.replicas ?? 1)),
            nodesMax: round(perPod * (hpa.maxReplicas ?? deployment.props.spec?.replicas ?? 1)),
            own: round(lines.filter((l) => l.service === service).reduce((s, l) => s + l.monthlyMin, 0)),
        };
    }
    return shares;
}
