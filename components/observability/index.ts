import { platformScheduling } from "../shared/scheduling";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GuardedNamespace, GuardedNamespaceArgs, NAMESPACE_NAME_LABEL, quotaFromRequests } from "../namespace";
import { CHARTS, helmRelease } from "../shared/charts";
import { AwsContext } from "../shared/iam";
import { EksClusterRef, PodIdentityRole, POD_IDENTITY_AGENT_EGRESS } from "../shared/pod-identity";
import { bucketReadWriteStatements, EncryptedBucket } from "../storage/encrypted-bucket";
import { redDashboard } from "./dashboards";
import {
    AGENTS_NAMESPACE,
    MONITORING_NAMESPACE,
    MONITORING_SELECTOR_LABEL,
    OTEL_AGENT_SERVICE,
    OTEL_GATEWAY,
    OTLP_GRPC_PORT,
    OTLP_HTTP_PORT,
    RUNBOOK_BASE_URL,
    TELEMETRY_NAMESPACE,
} from "./endpoints";
import { platformRuleGroups, PlatformRuleOptions } from "./platform-rules";
import { GRAFANA_ADMIN_SECRET, kubePrometheusStackValues, lokiValues, otelAgentValues, otelGatewayValues, PrometheusSettings, RECEIVERS_SECRET, tempoValues } from "./values";

export { MONITORING_NAMESPACE } from "./endpoints";

export interface ObservabilityStackArgs {
    aws: AwsContext;
    /** EKS cluster for the Pod Identity roles of Loki and Tempo; undefined on an existing dev cluster (no roles). */
    eksCluster?: EksClusterRef;
    /** VPC CIDR: the API server (webhooks) and kubelets are reached inside it. */
    vpcCidr: string;
    /** E-mail subscribers of the alerts topic (pending until each recipient confirms). Default: none. */
    alertEmails?: string[];
    /** Services that get a RED dashboard (their namespace is their name). */
    services: string[];
    /** Most nodes the pools can reach: the node agents' quota grows with it. */
    maxNodes: number;
    prometheus: PrometheusSettings;
    /** Log retention (Loki and its bucket) and SingleBinary replicas (1 or 3). */
    loki: { retentionDays: number; replicas: number };
    /** Trace retention (Tempo and its bucket). */
    tempo: { retentionDays: number };
    /** Tail sampling: share of ordinary traces kept; errors and traces slower than the threshold are always kept. */
    tracing: { samplingPercent: number; slowTraceThresholdMs: number };
    /** Secrets Manager paths of the Alertmanager receiver keys and the Grafana admin credential. */
    secretPaths: { alertmanagerReceivers: string; grafanaAdmin: string };
    /** ClusterSecretStore the ExternalSecrets read through. */
    secretStore: string;
    /** Thresholds of the platform alert rules. */
    rules: PlatformRuleOptions;
    /** KMS key of the log and trace buckets and of the alerts topic. */
    storageKeyArn: pulumi.Input<string>;
    /** ACM certificates of public hosts: an alarm fires 30 days before one expires. */
    certificateArns: string[];
    /** Protect the buckets (prod). Default: true. */
    protect?: boolean;
    providers: { aws: aws.Provider; kubernetes: k8s.Provider };
}

/**
 * The three observability namespaces, their quotas sized from what runs there (the chart values'
 * requests, by replica count; the agents by node count).
 */
function namespaces(args: ObservabilityStackArgs): Record<string, Omit<GuardedNamespaceArgs, "provider">> {
    const defaults = { request: { cpu: "100m", memory: "128Mi" }, limit: { cpu: "500m", memory: "512Mi" } };
    const { replicas, alertmanagerReplicas } = args.prometheus;
    return {
        [MONITORING_NAMESPACE]: {
            quota: quotaFromRequests(
                0.5 + 0.5 * replicas + 0.05 * alertmanagerReplicas,
                1 + 2 * replicas + 0.125 * alertmanagerReplicas,
                10 + replicas + alertmanagerReplicas,
                replicas + alertmanagerReplicas,
            ),
            containerDefaults: defaults,
        },
        [TELEMETRY_NAMESPACE]: {
            quota: quotaFromRequests(0.75 + 0.5 * args.loki.replicas, 2 + args.loki.replicas, 10 + args.loki.replicas, args.loki.replicas + 1),
            containerDefaults: defaults,
        },
        // Node agents read the host (logs, /proc): the one privileged namespace, with its own quota and policies.
        [AGENTS_NAMESPACE]: {
            podSecurity: "privileged",
            quota: quotaFromRequests(0.15 * args.maxNodes, 0.3125 * args.maxNodes, 2 * args.maxNodes + 2),
            containerDefaults: { request: { cpu: "50m", memory: "64Mi" }, limit: { cpu: "500m", memory: "512Mi" } },
        },
    };
}

const allNamespaces = { namespaceSelector: {} };
const fromNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } });
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));

/**
 * Metrics, alerts, logs and traces for the platform: kube-prometheus-stack (Prometheus with
 * encrypted storage and retention by time and size, Alertmanager routing pages and tickets to
 * receivers whose keys come from Secrets Manager, Grafana with correlated data sources), Loki and
 * Tempo on encrypted S3 buckets, the OpenTelemetry Collector as node agent and tail-sampling
 * gateway, the platform's alert rules and a RED dashboard per service.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
    readonly logsBucket: EncryptedBucket;
    readonly tracesBucket: EncryptedBucket;
    /** KMS-encrypted SNS topic for AWS-side alarms (certificate expiry, budgets, cost anomalies). */
    readonly alertsTopic: aws.sns.Topic;

    constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ObservabilityStack", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.providers.kubernetes };
        const guarded = Object.fromEntries(
            Object.entries(namespaces(args)).map(([ns, settings]) => [
                ns,
                new GuardedNamespace(ns, { ...settings, labels: { "platform.io/secrets": "enabled" }, provider: args.providers.kubernetes }, { parent: this }),
            ]),
        );
        this.createNetworkPolicies(name, args, guarded, k8sOpts);
        const inNs = (ns: string) => ({ ...k8sOpts, dependsOn: [guarded[ns]] });

        this.logsBucket = this.bucketFor(`${name}-logs`, "logs", args.loki.retentionDays, args);
        this.tracesBucket = this.bucketFor(`${name}-traces`, "traces", args.tempo.retentionDays, args);
        if (args.eksCluster) {
            for (const [app, bucket] of [
                ["loki", this.logsBucket],
                ["tempo", this.tracesBucket],
            ] as const) {
                new PodIdentityRole(
                    `${name}-${app}`,
                    {
                        cluster: args.eksCluster,
                        namespace: TELEMETRY_NAMESPACE,
                        serviceAccount: app,
                        statements: bucketReadWriteStatements(bucket.arn, args.storageKeyArn),
                        provider: args.providers.aws,
                    },
                    { parent: this },
                );
            }
        }

        const externalSecret = (secretName: string, path: string) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${secretName}`,
                {
                    apiVersion: "external-secrets.io/v1",
                    kind: "ExternalSecret",
                    metadata: { name: secretName, namespace: MONITORING_NAMESPACE },
                    spec: {
                        refreshInterval: "1h",
                        secretStoreRef: { kind: "ClusterSecretStore", name: args.secretStore },
                        target: { name: secretName, creationPolicy: "Owner" },
                        dataFrom: [{ extract: { key: path } }],
                    },
                },
                inNs(MONITORING_NAMESPACE),
            );
        const secrets = [externalSecret(RECEIVERS_SECRET, args.secretPaths.alertmanagerReceivers), externalSecret(GRAFANA_ADMIN_SECRET, args.secretPaths.grafanaAdmin)];

        // Our pools exist only with EKS; on an existing cluster the scheduler places the pods.
        const scheduling = platformScheduling(args.eksCluster !== undefined);
        const prometheus = helmRelease(`${name}-kube-prometheus-stack`, CHARTS.kubePrometheusStack, MONITORING_NAMESPACE, kubePrometheusStackValues(args.prometheus, scheduling), {
            ...k8sOpts,
            dependsOn: [guarded[MONITORING_NAMESPACE], guarded[AGENTS_NAMESPACE], ...secrets],
        });
        const afterOperator = { ...inNs(MONITORING_NAMESPACE), dependsOn: [prometheus] };
        new k8s.apiextensions.CustomResource(
            `${name}-platform-rules`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name: "platform-alerts", namespace: MONITORING_NAMESPACE, labels: MONITORING_SELECTOR_LABEL },
                spec: { groups: platformRuleGroups(args.rules) },
            },
            afterOperator,
        );
        for (const service of args.services) {
            new k8s.core.v1.ConfigMap(
                `${name}-dashboard-${service}`,
                {
                    metadata: { name: `dashboard-${service}`, namespace: MONITORING_NAMESPACE, labels: { grafana_dashboard: "1" } },
                    data: { [`${service}.json`]: JSON.stringify(redDashboard(service, service)) },
                },
                inNs(MONITORING_NAMESPACE),
            );
        }

        const region = args.aws.region;
        helmRelease(`${name}-loki`, CHARTS.loki, TELEMETRY_NAMESPACE, lokiValues({ bucket: this.logsBucket.name, region, ...args.loki }, scheduling), {
            ...inNs(TELEMETRY_NAMESPACE),
            dependsOn: [guarded[TELEMETRY_NAMESPACE], prometheus],
        });
        helmRelease(`${name}-tempo`, CHARTS.tempo, TELEMETRY_NAMESPACE, tempoValues({ bucket: this.tracesBucket.name, region, ...args.tempo }, scheduling), {
            ...inNs(TELEMETRY_NAMESPACE),
            dependsOn: [guarded[TELEMETRY_NAMESPACE], prometheus],
        });
        const gatewayReplicas = args.prometheus.replicas > 1 ? 2 : 1;
        const gateway = helmRelease(
            `${name}-otel-gateway`,
            CHARTS.openTelemetryCollector,
            TELEMETRY_NAMESPACE,
            otelGatewayValues(args.tracing.samplingPercent, args.tracing.slowTraceThresholdMs, gatewayReplicas, scheduling),
            inNs(TELEMETRY_NAMESPACE),
            OTEL_GATEWAY,
        );
        helmRelease(
            `${name}-otel-agent`,
            CHARTS.openTelemetryCollector,
            AGENTS_NAMESPACE,
            otelAgentValues(scheduling),
            { ...inNs(AGENTS_NAMESPACE), dependsOn: [guarded[AGENTS_NAMESPACE], gateway] },
            OTEL_AGENT_SERVICE,
        );
        this.alertsTopic = this.createAwsAlarms(name, args);
        this.registerOutputs({ logsBucket: this.logsBucket.name, tracesBucket: this.tracesBucket.name, alertsTopicArn: this.alertsTopic.arn });
    }

    /** Alarms AWS raises itself, outside Prometheus' sight: public certificates close to expiry. */
    private createAwsAlarms(name: string, args: ObservabilityStackArgs): aws.sns.Topic {
        const awsOpts = { parent: this, provider: args.providers.aws };
        const topic = new aws.sns.Topic(`${name}-alerts`, { kmsMasterKeyId: args.storageKeyArn }, awsOpts);
        // SNS mails each address a confirmation link; nothing is delivered to it until it is followed.
        (args.alertEmails ?? []).forEach((endpoint, i) => new aws.sns.TopicSubscription(`${name}-alerts-email-${i}`, { topic: topic.arn, protocol: "email", endpoint }, awsOpts));
        args.certificateArns.forEach(
            (certificateArn, i) =>
                new aws.cloudwatch.MetricAlarm(
                    `${name}-certificate-expiry-${i}`,
                    {
                        alarmDescription: `ACM certificate ${certificateArn} expires within 30 days. Runbook: ${RUNBOOK_BASE_URL}/certificate-expiry.md`,
                        namespace: "AWS/CertificateManager",
                        metricName: "DaysToExpiry",
                        dimensions: { CertificateArn: certificateArn },
                        statistic: "Minimum",
                        period: 86400,
                        evaluationPeriods: 1,
                        threshold: 30,
                        comparisonOperator: "LessThanThreshold",
                        treatMissingData: "breaching",
                        alarmActions: [topic.arn],
                        okActions: [topic.arn],
                    },
                    awsOpts,
                ),
        );
        return topic;
    }

    private bucketFor(name: string, purpose: string, retentionDays: number, args: ObservabilityStackArgs): EncryptedBucket {
        return new EncryptedBucket(
            name,
            {
                purpose,
                kmsKeyArn: args.storageKeyArn,
                // The backend deletes by retention; the lifecycle rule is the backstop a day later.
                expirationDays: retentionDays + 1,
                noncurrentVersionExpirationDays: 7,
                protect: args.protect ?? true,
                forceDestroy: !(args.protect ?? true),
                provider: args.providers.aws,
            },
            { parent: this },
        );
    }

    /** What the observability namespaces may talk to, on top of their default deny. */
    private createNetworkPolicies(name: string, args: ObservabilityStackArgs, guarded: Record<string, GuardedNamespace>, opts: pulumi.CustomResourceOptions): void {
        const policy = (namespace: string, suffix: string, spec: Record<string, unknown>) =>
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${namespace}-${suffix}`,
                { metadata: { name: suffix, namespace }, spec: { podSelector: {}, ...spec } },
                { ...opts, dependsOn: [guarded[namespace]] },
            );
        const vpc = { ipBlock: { cidr: args.vpcCidr } };
        for (const ns of Object.keys(guarded)) {
            policy(ns, "allow-within-namespace", { policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
            // Kubernetes API (443) and AWS APIs; the EKS Pod Identity agent for S3 credentials.
            policy(ns, "allow-egress-https", { policyTypes: ["Egress"], egress: [{ ports: tcp(443) }, POD_IDENTITY_AGENT_EGRESS] });
            policy(ns, "allow-scrape-from-prometheus", { policyTypes: ["Ingress"], ingress: [{ from: [fromNamespace(MONITORING_NAMESPACE)] }] });
        }
        // Prometheus scrapes every namespace and the kubelets; the operator's webhook is called by the API server.
        policy(MONITORING_NAMESPACE, "allow-scrape-everything", { policyTypes: ["Egress"], egress: [{ to: [allNamespaces, vpc] }] });
        policy(MONITORING_NAMESPACE, "allow-webhook-from-api-server", { policyTypes: ["Ingress"], ingress: [{ from: [vpc], ports: tcp(10250) }] });
        policy(MONITORING_NAMESPACE, "allow-to-telemetry", { policyTypes: ["Egress"], egress: [{ to: [fromNamespace(TELEMETRY_NAMESPACE)] }] });
        // Every pod sends OTLP to its node's agent; agents forward to the gateway and Loki.
        policy(AGENTS_NAMESPACE, "allow-otlp-from-pods", { policyTypes: ["Ingress"], ingress: [{ from: [allNamespaces], ports: tcp(OTLP_GRPC_PORT, OTLP_HTTP_PORT) }] });
        policy(AGENTS_NAMESPACE, "allow-to-telemetry", { policyTypes: ["Egress"], egress: [{ to: [fromNamespace(TELEMETRY_NAMESPACE)] }] });
        policy(TELEMETRY_NAMESPACE, "allow-from-agents-and-grafana", {
            policyTypes: ["Ingress"],
            ingress: [{ from: [fromNamespace(AGENTS_NAMESPACE), fromNamespace(MONITORING_NAMESPACE)] }],
        });
        policy(TELEMETRY_NAMESPACE, "allow-remote-write-to-prometheus", { policyTypes: ["Egress"], egress: [{ to: [fromNamespace(MONITORING_NAMESPACE)], ports: tcp(9090) }] });
        policy(MONITORING_NAMESPACE, "allow-remote-write-from-telemetry", {
            policyTypes: ["Ingress"],
            ingress: [{ from: [fromNamespace(TELEMETRY_NAMESPACE)], ports: tcp(9090) }],
        });
    }
}
