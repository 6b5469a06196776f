import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ALB_HEALTH_CHECK_DEFAULTS, ALB_HEALTH_CHECK_LIMITS, AlbHealthCheckAnnotation } from "../../policies/lib/alb-limits";
import { GuardedNamespace } from "../namespace";
import { MONITORING_SELECTOR_LABEL, OTEL_AGENT_ENDPOINT } from "../observability/endpoints";
import { CognitoLogin } from "../identity";
import { AwsContext, PolicyStatement } from "../shared/iam";
import { EksClusterRef, PodIdentityRole } from "../shared/pod-identity";
import { CAPACITY_TYPE_LABEL, PRIORITY_CLASSES, Tier, tolerationOf } from "../shared/scheduling";
import { serviceNetworkPolicies } from "./network-policies";
import { SloSpec, sloRuleGroups } from "./slo";

export { SloSpec } from "./slo";

export interface ProbeSpec {
    /** HTTP path answered with 2xx when healthy. */
    path: string;
    /** Port the probe calls. Default: the service port. */
    port?: number;
    periodSeconds: number;
    failureThreshold: number;
}

export interface ServiceDeploymentArgs {
    /** Container image pinned by digest. */
    image: string;
    /** `critical`: on-demand nodes only; `standard`: prefers spot, may fall back; `batch`: spot only. */
    tier: Tier;
    /** HTTP port of the service. */
    port: number;
    /** Prometheus metrics port. Default: `port`. */
    metricsPort?: number;
    /** Default: `/metrics`. */
    metricsPath?: string;
    /** Per-pod requests and limits (limits >= requests; memory limit = request avoids OOM surprises). */
    resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
    /** HPA bounds. */
    replicas: { min: number; max: number };
    /** HPA targets, % of requests. Default: cpu 70, memory 80. */
    autoscaling?: { cpuUtilization: number; memoryUtilization: number };
    probes: { readiness: ProbeSpec; liveness: ProbeSpec; startup?: ProbeSpec };
    /** preStop pause (leave the load balancer first) and grace period. Default: 10 s and 45 s. */
    shutdown?: { preStopSleepSeconds: number; gracePeriodSeconds: number };
    /**
     * Internet-facing through an ALB with TLS and the WAF. Absent: cluster-internal only.
     * `healthCheck`: the regional host name and path Route 53's failover health check probes; the
     * same ALB serves that path there, unauthenticated (a login redirect would count as healthy).
     */
    public?: { host: string; certificateArn: string; paths: string[]; healthCheck?: { host: string; path: string } };
    /** Services this one calls (name and port); NetworkPolicies allow exactly these. */
    calls?: { service: string; port: number }[];
    /** Services that call this one. */
    callers?: string[];
    /** Secrets Manager secrets (name in the namespace, path in Secrets Manager), mounted read-only under /var/run/secrets/platform/<name>. */
    secrets?: { name: string; path: string }[];
    /** AWS resources the service may use through its own Pod Identity role. Default: none (no role). */
    aws?: { s3Prefixes: string[]; sqsQueueArns: string[] };
    /** Buckets it owns (read-write) or reads; each also becomes `<PURPOSE>_BUCKET` in its environment. */
    buckets?: { purpose: string; name: pulumi.Input<string>; arn: pulumi.Input<string>; access: "read-write" | "read" }[];
    /** Name of its IAM role, known in advance so bucket policies can name it. Default: generated. */
    roleName?: string;
    /** Cognito login at the ALB (public services with `auth`); its IDs also reach the service's environment. */
    login?: CognitoLogin;
    /** Plain environment variables (never secrets). */
    env?: Record<string, string>;
    /** Objectives the SLO burn-rate alerts are generated from. */
    slo: SloSpec;
    /** Why the service needs a Kubernetes API token; absent: none is mounted. */
    kubernetesApiAccess?: string;
    /** `dev` or `prod`, for the telemetry's deployment.environment. */
    environment: string;
    /** The cluster the service runs on. */
    cluster: {
        /** EKS with the platform's node pools and Pod Identity; absent on an existing dev cluster (no role, no pool placement). */
        eks?: EksClusterRef;
        /** VPC CIDR: the ALB reaches pods from inside it. */
        vpcCidr: string;
        /** WAF web ACL attached to public ingresses. */
        webAclArn: pulumi.Input<string>;
        /** ClusterSecretStore for ExternalSecrets. */
        secretStore: string;
        /** KMS key of the data buckets (their bucket key). */
        dataKeyArn?: pulumi.Input<string>;
    };
    /** Account, partition and region (the role's ARNs). */
    awsContext: AwsContext;
    providers: { aws: aws.Provider; kubernetes: k8s.Provider };
}

const SECRETS_MOUNT = "/var/run/secrets/platform";
const RUN_AS = 10001;

/** ceil(25%) of max replicas: the rolling update's surge, also counted in the quota. */
function surge(max: number): number {
    return Math.ceil(max * 0.25);
}

function scale(quantity: string, factor: number): string {
    const match = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(quantity)!;
    return `${Number(match[1]) * factor}${match[2] ?? ""}`;
}

function probe(spec: ProbeSpec, defaultPort: number) {
    return { httpGet: { path: spec.path, port: spec.port ?? defaultPort }, periodSeconds: spec.periodSeconds, failureThreshold: spec.failureThreshold, timeoutSeconds: 2 };
}

/** `value` within an ALB health check setting's accepted range (policies/lib/alb-limits.ts). */
function withinAlbLimits(annotation: AlbHealthCheckAnnotation, value: number): number {
    const { min, max } = ALB_HEALTH_CHECK_LIMITS[annotation];
    return Math.min(max, Math.max(min, value));
}

/**
 * The ALB checks what the readiness probe checks, at the same path and port, and as closely as the
 * target group's ranges allow: a probe may fail 120 times, a target group at most 10, so a long
 * probe budget becomes a longer interval instead (interval × threshold stays close).
 */
function albTargetHealthCheck(readiness: ProbeSpec, port: number): Record<string, string> {
    const a = "alb.ingress.kubernetes.io";
    const unhealthy = withinAlbLimits("unhealthy-threshold-count", readiness.failureThreshold);
    const interval = withinAlbLimits("healthcheck-interval-seconds", Math.ceil((readiness.periodSeconds * readiness.failureThreshold) / unhealthy));
    const timeout = Math.min(withinAlbLimits("healthcheck-timeout-seconds", ALB_HEALTH_CHECK_DEFAULTS["healthcheck-timeout-seconds"]), interval - 1);
    return {
        [`${a}/healthcheck-path`]: readiness.path,
        [`${a}/healthcheck-port`]: String(readiness.port ?? port),
        [`${a}/healthcheck-interval-seconds`]: String(interval),
        [`${a}/healthcheck-timeout-seconds`]: String(timeout),
        [`${a}/unhealthy-threshold-count`]: String(unhealthy),
        [`${a}/success-codes`]: "200-299",
    };
}

/** The load balancer controller's Cognito authentication: users log in before a request reaches the pods. */
function cognitoAnnotations(login: CognitoLogin): Record<string, pulumi.Input<string>> {
    const a = "alb.ingress.kubernetes.io";
    return {
        [`${a}/auth-type`]: "cognito",
        [`${a}/auth-idp-cognito`]: pulumi.jsonStringify({ userPoolARN: login.userPoolArn, userPoolClientID: login.clientId, userPoolDomain: login.domain }),
        [`${a}/auth-on-unauthenticated-request`]: "authenticate",
        [`${a}/auth-scope`]: login.scopes.join(" "),
        [`${a}/auth-session-timeout`]: "3600",
    };
}

/** Tier → node placement: critical on on-demand only, standard prefers spot, batch requires it. */
function placement(tier: Tier) {
    const capacity = (values: string[]) => ({ matchExpressions: [{ key: CAPACITY_TYPE_LABEL, operator: "In", values }] });
    switch (tier) {
        case "critical":
            return {
                tolerations: [tolerationOf("system")],
                affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [capacity(["ON_DEMAND"])] } } },
            };
        case "standard":
            return {
                tolerations: [tolerationOf("spot"), tolerationOf("system")],
                affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: capacity(["SPOT"]) }] } },
            };
        case "batch":
            return {
                tolerations: [tolerationOf("spot")],
                affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [capacity(["SPOT"])] } } },
            };
    }
}

type BucketGrant = NonNullable<ServiceDeploymentArgs["buckets"]>[number];

const OBJECT_ACTIONS: Record<BucketGrant["access"], string[]> = {
    read: ["s3:GetObject", "s3:GetObjectVersion"],
    "read-write": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"],
};

/** Listing, object access per grant and the bucket key: nothing else on the data buckets. */
function bucketStatements(buckets: BucketGrant[], bucketKeyArn: pulumi.Input<string>): PolicyStatement[] {
    const objectStatements = (["read-write", "read"] as const)
        .map((level) => ({ level, arns: buckets.filter((b) => b.access === level).map((b) => pulumi.interpolate`${b.arn}/*`) }))
        .filter(({ arns }) => arns.length > 0)
        .map(({ level, arns }) => ({
            Sid: level === "read" ? "ReadSharedObjects" : "ReadWriteOwnObjects",
            Effect: "Allow" as const,
            Action: OBJECT_ACTIONS[level],
            Resource: arns,
        }));
    return [
        { Sid: "ListDataBuckets", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: buckets.map((b) => b.arn) },
        ...objectStatements,
        { Sid: "DataBucketKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: bucketKeyArn },
    ];
}

function awsStatements(
    access: { s3Prefixes: string[]; sqsQueueArns: string[] },
    buckets: BucketGrant[],
    bucketKeyArn: pulumi.Input<string> | undefined,
    partition: string,
): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    if (buckets.length > 0) {
        if (!bucketKeyArn) throw new Error("ServiceDeployment: buckets need cluster.dataKeyArn, the key their objects are encrypted with");
        statements.push(...bucketStatements(buckets, bucketKeyArn));
    }
    if (access.s3Prefixes.length > 0) {
        const buckets = [...new Set(access.s3Prefixes.map((p) => p.split("/")[0]))];
        statements.push(
            {
                Sid: "ObjectsInOwnPrefixes",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: access.s3Prefixes.map((p) => `arn:${partition}:s3:::${p.replace(/\/?$/, "/")}*`),
            },
            ...buckets.map((bucket) => ({
                Sid: `List${bucket.replace(/[^A-Za-z0-9]/g, "")}`,
                Effect: "Allow" as const,
                Action: "s3:ListBucket",
                Resource: `arn:${partition}:s3:::${bucket}`,
                Condition: {
                    StringLike: { "s3:prefix": access.s3Prefixes.filter((p) => p.startsWith(`${bucket}/`)).map((p) => `${p.slice(bucket.length + 1).replace(/\/?$/, "/")}*`) },
                },
            })),
        );
    }
    if (access.sqsQueueArns.length > 0) {
        statements.push({
            Sid: "OwnQueues",
            Effect: "Allow",
            Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
            Resource: access.sqsQueueArns,
        });
    }
    return statements;
}

/**
 * One microservice as a hardened, autoscaled, observable workload: its own guarded namespace,
 * ServiceAccount with a least-privilege Pod Identity role, a restricted Deployment spread over
 * zones and nodes, PDB and HPA, Service and (public services) an ALB Ingress with TLS and WAF,
 * NetworkPolicies from its declared calls, ExternalSecrets, a ServiceMonitor and SLO alerts.
 */
export class ServiceDeployment extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly serviceAccountRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: ServiceDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:service:ServiceDeployment", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.providers.kubernetes };
        const metricsPort = args.metricsPort ?? args.port;
        const secrets = args.secrets ?? [];
        const access = args.aws ?? { s3Prefixes: [], sqsQueueArns: [] };
        const buckets = args.buckets ?? [];
        const eks = args.cluster.eks;
        const hasRole = eks !== undefined && access.s3Prefixes.length + access.sqsQueueArns.length + buckets.length > 0;
        const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "platform", "platform.io/tier": args.tier };
        const selector = { "app.kubernetes.io/name": name };

        const podBudget = args.replicas.max + surge(args.replicas.max);
        const ns = new GuardedNamespace(
            name,
            {
                quota: {
                    requestsCpu: scale(args.resources.requests.cpu, podBudget),
                    requestsMemory: scale(args.resources.requests.memory, podBudget),
                    limitsCpu: scale(args.resources.limits.cpu, podBudget),
                    limitsMemory: scale(args.resources.limits.memory, podBudget),
                    pods: podBudget,
                    services: 2,
                },
                containerDefaults: { request: args.resources.requests, limit: args.resources.limits },
                labels: { "platform.io/tier": args.tier, ...(secrets.length > 0 ? { "platform.io/secrets": "enabled" } : {}) },
                provider: args.providers.kubernetes,
            },
            { parent: this },
        );
        this.namespace = ns.name;
        const nsName = ns.namespace.metadata.name;
        const inNs = { ...k8sOpts, dependsOn: [ns] };

        const serviceAccount = new k8s.core.v1.ServiceAccount(name, { metadata: { name, namespace: nsName, labels }, automountServiceAccountToken: false }, inNs);
        if (hasRole && eks) {
            this.serviceAccountRoleArn = new PodIdentityRole(
                `${name}-aws`,
                {
                    cluster: eks,
                    namespace: name,
                    serviceAccount: name,
                    statements: awsStatements(access, buckets, args.cluster.dataKeyArn, args.awsContext.partition),
                    roleName: args.roleName,
                    tags: { service: name },
                    provider: args.providers.aws,
                },
                { parent: this },
            ).roleArn;
        }

        const externalSecrets = secrets.map(
            (secret) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-${secret.name}`,
                    {
                        apiVersion: "external-secrets.io/v1",
                        kind: "ExternalSecret",
                        metadata: { name: secret.name, namespace: nsName, labels },
                        spec: {
                            refreshInterval: "1h",
                            secretStoreRef: { kind: "ClusterSecretStore", name: args.cluster.secretStore },
                            target: { name: `${name}-${secret.name}`, creationPolicy: "Owner", deletionPolicy: "Retain" },
                            dataFrom: [{ extract: { key: secret.path } }],
                        },
                    },
                    inNs,
                ),
        );

        const [, version] = /:([^@/]+)@/.exec(args.image) ?? [undefined, "unknown"];
        const shutdown = args.shutdown ?? { preStopSleepSeconds: 10, gracePeriodSeconds: 45 };
        const env = [
            ...Object.entries(args.env ?? {}).map(([key, value]) => ({ name: key, value })),
            { name: "OTEL_SERVICE_NAME", value: name },
            { name: "OTEL_RESOURCE_ATTRIBUTES", value: `service.namespace=platform,service.version=${version},deployment.environment.name=${args.environment}` },
            { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: OTEL_AGENT_ENDPOINT },
            { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "grpc" },
            { name: "OTEL_PROPAGATORS", value: "tracecontext,baggage" },
            { name: "OTEL_TRACES_SAMPLER", value: "parentbased_always_on" },
            ...buckets.map((b) => ({ name: `${b.purpose.toUpperCase().replace(/-/g, "_")}_BUCKET`, value: b.name })),
            ...(args.login
                ? [
                      { name: "COGNITO_USER_POOL_ID", value: args.login.userPoolId },
                      { name: "COGNITO_ISSUER_URL", value: args.login.issuerUrl },
                      { name: "COGNITO_CLIENT_ID", value: args.login.clientId },
                  ]
                : []),
        ];
        const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
            maxSkew: 1,
            topologyKey,
            whenUnsatisfiable,
            labelSelector: { matchLabels: selector },
            matchLabelKeys: ["pod-template-hash"],
        });
        const podAnnotations: Record<string, string> = {};
        if (secrets.length > 0) {
            // Reloader restarts the pods when External Secrets rewrites one of these Secrets (rotation).
            podAnnotations["secret.reloader.stakater.com/reload"] = secrets.map((s) => `${name}-${s.name}`).join(",");
        }
        const deploymentMetadata = {
            name,
            namespace: nsName,
            labels,
            annotations: args.kubernetesApiAccess ? { "platform.io/kubernetes-api-access": args.kubernetesApiAccess } : undefined,
        };
        const deployment = new k8s.apps.v1.Deployment(
            name,
            {
                metadata: deploymentMetadata,
                spec: {
                    replicas: args.replicas.min,
                    revisionHistoryLimit: 5,
                    selector: { matchLabels: selector },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
                    template: {
                        metadata: { labels, annotations: podAnnotations },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            automountServiceAccountToken: args.kubernetesApiAccess !== undefined,
                            priorityClassName: PRIORITY_CLASSES[args.tier].name,
                            terminationGracePeriodSeconds: shutdown.gracePeriodSeconds,
                            securityContext: { runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, seccompProfile: { type: "RuntimeDefault" } },
                            topologySpreadConstraints: [
                                spread("topology.kubernetes.io/zone", args.tier === "critical" ? "DoNotSchedule" : "ScheduleAnyway"),
                                spread("kubernetes.io/hostname", "ScheduleAnyway"),
                            ],
                            ...(args.cluster.eks ? placement(args.tier) : {}),
                            containers: [
                                {
                                    name,
                                    image: args.image,
                                    ports: [{ name: "http", containerPort: args.port }, ...(metricsPort !== args.port ? [{ name: "metrics", containerPort: metricsPort }] : [])],
                                    env,
                                    resources: args.resources,
                                    startupProbe: args.probes.startup ? probe(args.probes.startup, args.port) : undefined,
                                    readinessProbe: probe(args.probes.readiness, args.port),
                                    livenessProbe: probe(args.probes.liveness, args.port),
                                    lifecycle: { preStop: { sleep: { seconds: shutdown.preStopSleepSeconds } } },
                                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
                                    volumeMounts: [
                                        { name: "tmp", mountPath: "/tmp" },
                                        ...secrets.map((s) => ({ name: `secret-${s.name}`, mountPath: `${SECRETS_MOUNT}/${s.name}`, readOnly: true })),
                                    ],
                                },
                            ],
                            volumes: [
                                { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                                ...secrets.map((s) => ({ name: `secret-${s.name}`, secret: { secretName: `${name}-${s.name}`, defaultMode: 0o440 } })),
                            ],
                        },
                    },
                },
            },
            { ...inNs, dependsOn: [ns, ...externalSecrets], ignoreChanges: ["spec.replicas"] },
        );

        new k8s.policy.v1.PodDisruptionBudget(
            name,
            {
                metadata: { name, namespace: nsName, labels },
                spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
            },
            inNs,
        );
        const targets = args.autoscaling ?? { cpuUtilization: 70, memoryUtilization: 80 };
        const utilization = (resource: string, averageUtilization: number) => ({
            type: "Resource",
            resource: { name: resource, target: { type: "Utilization", averageUtilization } },
        });
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            name,
            {
                metadata: { name, namespace: nsName, labels },
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                    minReplicas: args.replicas.min,
                    maxReplicas: args.replicas.max,
                    metrics: [utilization("cpu", targets.cpuUtilization), utilization("memory", targets.memoryUtilization)],
                    behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] } },
                },
            },
            inNs,
        );

        const servicePorts = [
            { name: "http", port: args.port, targetPort: "http" },
            ...(metricsPort !== args.port ? [{ name: "metrics", port: metricsPort, targetPort: "metrics" }] : []),
        ];
        const service = new k8s.core.v1.Service(name, { metadata: { name, namespace: nsName, labels }, spec: { type: "ClusterIP", selector, ports: servicePorts } }, inNs);
        if (args.public) {
            this.createIngress(name, args, args.public, nsName, labels, service, inNs);
        }
        serviceNetworkPolicies(
            name,
            {
                namespace: nsName,
                podLabels: selector,
                port: args.port,
                metricsPort,
                callers: args.callers ?? [],
                calls: args.calls ?? [],
                vpcCidr: args.public ? args.cluster.vpcCidr : undefined,
                awsAccess: hasRole,
            },
            inNs,
        );

        const monitoringLabels = { ...labels, ...MONITORING_SELECTOR_LABEL };
        new k8s.apiextensions.CustomResource(
            `${name}-metrics`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: { name, namespace: nsName, labels: monitoringLabels },
                spec: {
                    selector: { matchLabels: selector },
                    endpoints: [{ port: metricsPort !== args.port ? "metrics" : "http", path: args.metricsPath ?? "/metrics", interval: "30s" }],
                },
            },
            inNs,
        );
        new k8s.apiextensions.CustomResource(
            `${name}-slo`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name: `${name}-slo`, namespace: nsName, labels: monitoringLabels },
                spec: { groups: sloRuleGroups(name, name, args.slo) },
            },
            inNs,
        );
        this.registerOutputs({ namespace: this.namespace });
    }

    private createIngress(
        name: string,
        args: ServiceDeploymentArgs,
        exposure: NonNullable<ServiceDeploymentArgs["public"]>,
        namespace: pulumi.Input<string>,
        labels: Record<string, string>,
        service: k8s.core.v1.Service,
        opts: pulumi.CustomResourceOptions,
    ): void {
        const readiness = args.probes.readiness;
        const a = "alb.ingress.kubernetes.io";
        const backend = { service: { name: service.metadata.name, port: { name: "http" } } };
        // One ALB (an ingress group) for the users' host and the regional health check host.
        const shared = {
            [`${a}/group.name`]: name,
            [`${a}/scheme`]: "internet-facing",
            [`${a}/target-type`]: "ip",
            [`${a}/listen-ports`]: '[{"HTTPS":443}]',
            [`${a}/certificate-arn`]: exposure.certificateArn,
            [`${a}/ssl-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            [`${a}/wafv2-acl-arn`]: args.cluster.webAclArn,
            ...albTargetHealthCheck(readiness, args.port),
            [`${a}/load-balancer-attributes`]: `routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled=${args.environment === "prod"}`,
            [`${a}/target-group-attributes`]: `deregistration_delay.timeout_seconds=${(args.shutdown?.preStopSleepSeconds ?? 10) + 5}`,
        };
        const ingress = (ingressName: string, host: string, paths: { path: string; pathType: string }[], annotations: Record<string, pulumi.Input<string>>) =>
            new k8s.networking.v1.Ingress(
                ingressName,
                {
                    metadata: { name: ingressName, namespace, labels, annotations: { ...shared, ...annotations } },
                    spec: { ingressClassName: "alb", tls: [{ hosts: [host] }], rules: [{ host, http: { paths: paths.map((p) => ({ ...p, backend })) } }] },
                },
                opts,
            );
        ingress(
            name,
            exposure.host,
            exposure.paths.map((path) => ({ path, pathType: "Prefix" })),
            args.login ? cognitoAnnotations(args.login) : {},
        );
        if (exposure.healthCheck) {
            ingress(`${name}-health`, exposure.healthCheck.host, [{ path: exposure.healthCheck.path, pathType: "Exact" }], {});
        }
    }
}
