import * as pulumi from "@pulumi/pulumi";
import { digestImageValues, imageValues, IMAGES, registryImageValues, shaImageValues } from "../shared/charts";
import { PlatformScheduling } from "../shared/scheduling";
import { AGENTS_NAMESPACE, MONITORING_NAMESPACE, OTEL_AGENT_SERVICE, OTEL_GATEWAY, OTLP_GRPC_PORT, OTLP_HTTP_PORT, TELEMETRY_NAMESPACE } from "./endpoints";

/** Helm values of the observability releases, one function per release. */

export const STORAGE_CLASS = "gp3-encrypted";
export const RECEIVERS_SECRET = "alertmanager-receivers";
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
const LOKI_URL = `http://loki.${TELEMETRY_NAMESPACE}.svc.cluster.local:3100`;
const TEMPO_URL = `http://tempo.${TELEMETRY_NAMESPACE}.svc.cluster.local`;
const PROMETHEUS_URL = `http://kube-prometheus-stack-prometheus.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;

const restricted = {
    podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
    containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
};

const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit = memory) => ({ requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } });

/**
 * kube-prometheus-stack's PDBs default to `minAvailable: 1`; Helm merges our `maxUnavailable` into
 * that, and a PDB with both is refused by the API server. null deletes the default (values.yaml).
 */
const PDB_MAX_UNAVAILABLE_ONE = { minAvailable: null, maxUnavailable: 1 };

export interface PrometheusSettings {
    retention: string;
    retentionSizeGiB: number;
    storageGiB: number;
    replicas: number;
    alertmanagerReplicas: number;
}

function alertmanagerConfig() {
    const file = (key: string) => `/etc/alertmanager/secrets/${RECEIVERS_SECRET}/${key}`;
    return {
        global: { resolve_timeout: "5m" },
        route: {
            receiver: "ticket",
            group_by: ["alertname", "namespace", "service"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "4h",
            routes: [
                { matchers: ['alertname="Watchdog"'], receiver: "null" },
                { matchers: ['severity=~"page|critical"'], receiver: "page", repeat_interval: "1h" },
                { matchers: ['severity=~"ticket|warning"'], receiver: "ticket" },
            ],
        },
        // A page already tells the on-call engineer; the ticket for the same problem waits.
        inhibit_rules: [{ source_matchers: ['severity=~"page|critical"'], target_matchers: ['severity=~"ticket|warning"'], equal: ["alertname", "namespace", "service"] }],
        receivers: [
            { name: "null" },
            { name: "page", pagerduty_configs: [{ routing_key_file: file("pagerduty-routing-key"), send_resolved: true }] },
            { name: "ticket", slack_configs: [{ api_url_file: file("slack-webhook-url"), channel: "#platform-alerts", send_resolved: true }] },
        ],
    };
}

function grafanaDatasources() {
    return {
        "datasources.yaml": {
            apiVersion: 1,
            datasources: [
                {
                    name: "Prometheus",
                    uid: "prometheus",
                    type: "prometheus",
                    url: PROMETHEUS_URL,
                    isDefault: true,
                    // Exemplars on latency panels open the trace in Tempo.
                    jsonData: { exemplarTraceIdDestinations: [{ name: "trace_id", datasourceUid: "tempo" }] },
                },
                {
                    name: "Loki",
                    uid: "loki",
                    type: "loki",
                    url: LOKI_URL,
                    jsonData: { derivedFields: [{ name: "trace_id", matcherType: "label", matcherRegex: "trace_id", datasourceUid: "tempo", url: "$${__value.raw}" }] },
                },
                {
                    name: "Tempo",
                    uid: "tempo",
                    type: "tempo",
                    url: `${TEMPO_URL}:3200`,
                    jsonData: {
                        tracesToLogsV2: { datasourceUid: "loki", spanStartTimeShift: "-5m", spanEndTimeShift: "5m", filterByTraceID: true, customQuery: false },
                        tracesToMetrics: { datasourceUid: "prometheus" },
                        serviceMap: { datasourceUid: "prometheus" },
                        nodeGraph: { enabled: true },
                    },
                },
            ],
        },
    };
}

export function kubePrometheusStackValues(settings: PrometheusSettings, scheduling: PlatformScheduling) {
    const storage = (gib: number) => ({
        volumeClaimTemplate: { spec: { storageClassName: STORAGE_CLASS, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gib}Gi` } } } },
    });
    return {
        crds: { enabled: true },
        defaultRules: { create: true },
        prometheusOperator: {
            image: registryImageValues(IMAGES.prometheusOperator),
            prometheusConfigReloader: { image: registryImageValues(IMAGES.prometheusConfigReloader) },
            admissionWebhooks: { patch: { image: registryImageValues(IMAGES.admissionWebhookCertgen), ...scheduling.pods } },
            ...scheduling.pods,
            resources: resources("100m", "128Mi", "500m", "256Mi"),
        },
        prometheus: {
            podDisruptionBudget: { ...PDB_MAX_UNAVAILABLE_ONE, enabled: settings.replicas > 1 },
            prometheusSpec: {
                image: shaImageValues(IMAGES.prometheus),
                ...scheduling.pods,
                // The operator needs a semantic version; the image tag carries the distroless suffix.
                version: IMAGES.prometheus.tag.replace(/-distroless$/, ""),
                // Tempo's metrics generator remote-writes the service graph and span metrics.
                enableRemoteWriteReceiver: true,
                replicas: settings.replicas,
                retention: settings.retention,
                retentionSize: `${settings.retentionSizeGiB}GiB`,
                storageSpec: storage(settings.storageGiB),
                // Pick up every ServiceMonitor and PrometheusRule, not only the chart's own release label.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                enableFeatures: ["exemplar-storage"],
                resources: resources("500m", "2Gi", "2", "4Gi"),
                securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
            },
        },
        alertmanager: {
            podDisruptionBudget: { ...PDB_MAX_UNAVAILABLE_ONE, enabled: settings.alertmanagerReplicas > 1 },
            config: alertmanagerConfig(),
            alertmanagerSpec: {
                image: shaImageValues(IMAGES.alertmanager),
                ...scheduling.pods,
                replicas: settings.alertmanagerReplicas,
                secrets: [RECEIVERS_SECRET],
                storage: storage(5),
                resources: resources("50m", "128Mi", "200m", "256Mi"),
            },
        },
        grafana: {
            image: registryImageValues(IMAGES.grafana),
            ...scheduling.pods,
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
            initChownData: { enabled: false },
            persistence: { enabled: false },
            datasources: grafanaDatasources(),
            sidecar: {
                image: registryImageValues(IMAGES.grafanaSidecar),
                datasources: { enabled: false },
                dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: MONITORING_NAMESPACE },
            },
            resources: resources("100m", "256Mi", "500m", "512Mi"),
        },
        "kube-state-metrics": {
            image: registryImageValues(IMAGES.kubeStateMetrics),
            ...scheduling.pods,
            // The spot churn alert reads the capacity type of nodes.
            metricLabelsAllowlist: ["nodes=[eks.amazonaws.com/capacityType,platform.io/pool]"],
            resources: resources("50m", "128Mi", "200m", "256Mi"),
        },
        "prometheus-node-exporter": {
            namespaceOverride: AGENTS_NAMESPACE,
            image: digestImageValues(IMAGES.nodeExporter),
            ...scheduling.daemonSets,
            resources: resources("50m", "64Mi", "200m", "128Mi"),
        },
        thanosRuler: { enabled: false },
    };
}

export interface LokiSettings {
    bucket: pulumi.Input<string>;
    region: string;
    retentionDays: number;
    replicas: number;
}

export function lokiValues(settings: LokiSettings, scheduling: PlatformScheduling) {
    return {
        deploymentMode: "SingleBinary",
        loki: {
            image: registryImageValues(IMAGES.loki),
            auth_enabled: false,
            commonConfig: { replication_factor: settings.replicas },
            storage: { type: "s3", bucketNames: { chunks: settings.bucket, ruler: settings.bucket, admin: settings.bucket }, s3: { region: settings.region } },
            schemaConfig: { configs: [{ from: "2026-01-01", store: "tsdb", object_store: "s3", schema: "v13", index: { prefix: "index_", period: "24h" } }] },
            limits_config: { retention_period: `${settings.retentionDays * 24}h`, allow_structured_metadata: true, volume_enabled: true },
            compactor: { retention_enabled: true, delete_request_store: "s3" },
            podSecurityContext: restricted.podSecurityContext,
            containerSecurityContext: restricted.containerSecurityContext,
        },
        serviceAccount: { create: true, name: "loki" },
        singleBinary: {
            ...scheduling.pods,
            replicas: settings.replicas,
            persistence: { enabled: true, storageClass: STORAGE_CLASS, size: "20Gi" },
            resources: resources("500m", "1Gi", "2", "2Gi"),
        },
        backend: { replicas: 0 },
        read: { replicas: 0 },
        write: { replicas: 0 },
        // Each would need its own pinned image; at our size Loki runs without them.
        gateway: { enabled: false },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
        sidecar: { rules: { enabled: false } },
        monitoring: { serviceMonitor: { enabled: true } },
    };
}

export interface TempoSettings {
    bucket: pulumi.Input<string>;
    region: string;
    retentionDays: number;
}

export function tempoValues(settings: TempoSettings, scheduling: PlatformScheduling) {
    // The chart templates `<tempo.registry>/<tempo.repository>:<tag>` (tempo 2.2.4 statefulset.yaml): the registry goes on its own.
    const image = registryImageValues(IMAGES.tempo);
    return {
        tempo: {
            registry: image.registry,
            repository: image.repository,
            tag: image.tag,
            retention: `${settings.retentionDays * 24}h`,
            storage: { trace: { backend: "s3", s3: { bucket: settings.bucket, endpoint: `s3.${settings.region}.amazonaws.com`, region: settings.region } } },
            receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } } },
            // Service graphs and span metrics for Grafana's service map, written to Prometheus (which accepts remote
            // writes: enableRemoteWriteReceiver). Processors run only where the overrides name them (chart values.yaml).
            metricsGenerator: { enabled: true, remoteWriteUrl: `${PROMETHEUS_URL}/api/v1/write` },
            overrides: { defaults: { metrics_generator: { processors: ["service-graphs", "span-metrics"] } } },
            securityContext: { ...restricted.containerSecurityContext, runAsNonRoot: true, runAsUser: 10001 },
            resources: resources("250m", "1Gi", "1", "2Gi"),
        },
        serviceAccount: { create: true, name: "tempo" },
        ...scheduling.pods,
        persistence: { enabled: true, storageClassName: STORAGE_CLASS, size: "10Gi" },
        serviceMonitor: { enabled: true },
    };
}

const memoryLimiter = { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 };

/**
 * The opentelemetry-collector chart's defaults (0.170.0 values.yaml) that Helm would merge into our
 * config: a `debug` exporter with logs, metrics and traces pipelines into it, and jaeger, zipkin and
 * prometheus receivers with their ports. Helm deletes a default key whose value is null, so what we
 * do not use is set to null, and the ports we do not serve are turned off.
 */
const UNUSED_CHART_DEFAULTS = {
    exporters: { debug: null },
    receivers: { jaeger: null, zipkin: null, prometheus: null },
    pipelines: { logs: null, metrics: null, traces: null },
    ports: { "jaeger-compact": { enabled: false }, "jaeger-thrift": { enabled: false }, "jaeger-grpc": { enabled: false }, zipkin: { enabled: false } },
};

/** The DaemonSet agent: OTLP from the node's pods and the pods' log files; traces on to the gateway, logs to Loki. */
export function otelAgentValues(scheduling: PlatformScheduling) {
    return {
        mode: "daemonset",
        ...scheduling.daemonSets,
        fullnameOverride: OTEL_AGENT_SERVICE,
        image: imageValues(IMAGES.otelCollector),
        presets: { logsCollection: { enabled: true, includeCollectorLogs: false }, kubernetesAttributes: { enabled: true } },
        service: { enabled: true, internalTrafficPolicy: "Local" },
        // Pods cannot reach instance metadata (IMDS hop limit 1 keeps the node role's credentials from them),
        // so no ec2/eks detector: the cloud attributes come from the environment, the node's from the Kubernetes API.
        extraEnvs: [{ name: "OTEL_RESOURCE_ATTRIBUTES", value: "cloud.provider=aws,cloud.platform=aws_eks" }],
        ports: UNUSED_CHART_DEFAULTS.ports,
        config: {
            receivers: {
                ...UNUSED_CHART_DEFAULTS.receivers,
                otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } },
            },
            processors: { memory_limiter: memoryLimiter, batch: {}, resourcedetection: { detectors: ["env"], timeout: "5s" } },
            exporters: {
                ...UNUSED_CHART_DEFAULTS.exporters,
                // Every span of a trace goes to the same gateway replica, so tail sampling sees whole traces.
                loadbalancing: {
                    routing_key: "traceID",
                    protocol: { otlp: { tls: { insecure: true } } },
                    resolver: { dns: { hostname: `${OTEL_GATEWAY}.${TELEMETRY_NAMESPACE}.svc.cluster.local`, port: OTLP_GRPC_PORT } },
                },
                otlphttp: { endpoint: `${LOKI_URL}/otlp` },
            },
            service: {
                pipelines: {
                    ...UNUSED_CHART_DEFAULTS.pipelines,
                    traces: { receivers: ["otlp"], processors: ["memory_limiter", "k8sattributes", "resourcedetection", "batch"], exporters: ["loadbalancing"] },
                    logs: { receivers: ["otlp", "filelog"], processors: ["memory_limiter", "k8sattributes", "resourcedetection", "batch"], exporters: ["otlphttp"] },
                },
            },
        },
        resources: resources("100m", "256Mi", "500m", "512Mi"),
    };
}

/** The gateway Deployment: tail sampling (errors and slow traces always, a share of the rest), then Tempo. */
export function otelGatewayValues(samplingPercent: number, slowTraceThresholdMs: number, replicas: number, scheduling: PlatformScheduling) {
    return {
        mode: "deployment",
        ...scheduling.pods,
        fullnameOverride: OTEL_GATEWAY,
        replicaCount: replicas,
        // Headless: DNS returns every replica, which the agents' load-balancing exporter needs.
        service: { clusterIP: "None" },
        image: imageValues(IMAGES.otelCollector),
        podDisruptionBudget: { enabled: replicas > 1, maxUnavailable: 1 },
        ports: { ...UNUSED_CHART_DEFAULTS.ports, "jaeger-thrift": { enabled: true }, "jaeger-grpc": { enabled: true } },
        config: {
            receivers: {
                ...UNUSED_CHART_DEFAULTS.receivers,
                otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } },
                // Services still sending Jaeger keep working: the gateway accepts Jaeger too.
                jaeger: { protocols: { grpc: { endpoint: "0.0.0.0:14250" }, thrift_http: { endpoint: "0.0.0.0:14268" }, thrift_compact: null } },
            },
            processors: {
                memory_limiter: memoryLimiter,
                tail_sampling: {
                    decision_wait: "10s",
                    policies: [
                        { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
                        { name: "slow", type: "latency", latency: { threshold_ms: slowTraceThresholdMs } },
                        { name: "sample", type: "probabilistic", probabilistic: { sampling_percentage: samplingPercent } },
                    ],
                },
                batch: {},
            },
            exporters: {
                ...UNUSED_CHART_DEFAULTS.exporters,
                "otlp/tempo": { endpoint: `tempo.${TELEMETRY_NAMESPACE}.svc.cluster.local:${OTLP_GRPC_PORT}`, tls: { insecure: true } },
            },
            service: {
                pipelines: {
                    ...UNUSED_CHART_DEFAULTS.pipelines,
                    traces: { receivers: ["otlp", "jaeger"], processors: ["memory_limiter", "tail_sampling", "batch"], exporters: ["otlp/tempo"] },
                },
            },
        },
        securityContext: restricted.containerSecurityContext,
        podSecurityContext: restricted.podSecurityContext,
        resources: resources("200m", "512Mi", "1", "1Gi"),
    };
}
