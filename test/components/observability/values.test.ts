import * as assert from "assert";
import { kubePrometheusStackValues, lokiValues, otelAgentValues, otelGatewayValues, tempoValues } from "../../../components/observability/values";
import { platformScheduling } from "../../../components/shared/scheduling";

const ON_EKS = platformScheduling(true);

/** The chart's default pipelines, exporter and receivers (opentelemetry-collector 0.170.0) that Helm would merge in. */
describe("OpenTelemetry collector values (issue 16's finding 6)", () => {
    for (const [name, values] of [
        ["agent", otelAgentValues(ON_EKS)],
        ["gateway", otelGatewayValues(10, 1000, 2, ON_EKS)],
    ] as const) {
        it(`${name}: removes the chart's debug exporter, its default pipelines and receivers, and their ports`, () => {
            const config = values.config as Record<string, any>;
            assert.strictEqual(config.exporters.debug, null);
            assert.deepStrictEqual([config.receivers.zipkin, config.receivers.prometheus], [null, null]);
            const pipelines = Object.entries(config.service.pipelines as Record<string, { exporters: string[] } | null>);
            assert.ok(
                pipelines.every(([, p]) => p === null || !p.exporters.includes("debug")),
                "no pipeline exports to debug",
            );
            assert.deepStrictEqual((values.ports as Record<string, { enabled: boolean }>).zipkin, { enabled: false });
            assert.deepStrictEqual((values.ports as Record<string, { enabled: boolean }>)["jaeger-compact"], { enabled: false });
        });
    }

    it("keeps what each one uses: the agent's traces and logs, the gateway's traces with Jaeger over gRPC and HTTP", () => {
        const agent = otelAgentValues(ON_EKS).config.service.pipelines as Record<string, unknown>;
        assert.deepStrictEqual(
            Object.keys(agent)
                .filter((k) => agent[k] !== null)
                .sort(),
            ["logs", "traces"],
        );
        const gateway = otelGatewayValues(10, 1000, 2, ON_EKS);
        assert.deepStrictEqual(gateway.config.service.pipelines.traces.receivers, ["otlp", "jaeger"]);
        assert.strictEqual(gateway.config.receivers.jaeger.protocols.thrift_compact, null);
        assert.deepStrictEqual([gateway.ports["jaeger-grpc"], gateway.ports["jaeger-thrift"]], [{ enabled: true }, { enabled: true }]);
    });
});

describe("Tempo and its metrics (issue 16's finding 3)", () => {
    const values = tempoValues({ bucket: "traces", region: "us-east-1", retentionDays: 14 }, ON_EKS).tempo;

    it("gives the chart the registry on its own, so the image is docker.io/grafana/tempo, not docker.io/docker.io/…", () => {
        assert.deepStrictEqual([values.registry, values.repository], ["docker.io", "grafana/tempo"]);
        assert.match(values.tag, /^\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    });

    it("runs the metrics generator's processors and Prometheus accepts what it writes", () => {
        assert.deepStrictEqual(values.overrides.defaults.metrics_generator.processors, ["service-graphs", "span-metrics"]);
        const prometheus = kubePrometheusStackValues({ retention: "15d", retentionSizeGiB: 45, storageGiB: 50, replicas: 2, alertmanagerReplicas: 3 }, ON_EKS).prometheus
            .prometheusSpec;
        assert.strictEqual(prometheus.enableRemoteWriteReceiver, true);
    });
});

describe("kube-prometheus-stack values (issue 16's finding 2)", () => {
    const values = kubePrometheusStackValues({ retention: "15d", retentionSizeGiB: 45, storageGiB: 50, replicas: 2, alertmanagerReplicas: 3 }, ON_EKS);

    it("Prometheus and Alertmanager: a plain tag the operator reads as a version, the digest as sha", () => {
        const prometheus = values.prometheus.prometheusSpec;
        assert.deepStrictEqual([prometheus.image.tag, prometheus.version], ["v3.14.0-distroless", "v3.14.0"]);
        assert.match(prometheus.image.sha, /^[0-9a-f]{64}$/);
        const alertmanager = values.alertmanager.alertmanagerSpec.image;
        assert.deepStrictEqual([alertmanager.tag, /^[0-9a-f]{64}$/.test(alertmanager.sha)], ["v0.34.0", true]);
    });

    it("node exporter: a semantic-version tag and the digest in its own key, in the repository we pin", () => {
        const image = values["prometheus-node-exporter"].image;
        assert.deepStrictEqual([image.registry, image.repository, image.tag], ["docker.io", "prom/node-exporter", "v1.12.1"]);
        assert.match(image.digest, /^sha256:[0-9a-f]{64}$/);
    });

    it("PDBs with maxUnavailable drop the chart's default minAvailable (both at once are refused)", () => {
        for (const pdb of [values.prometheus.podDisruptionBudget, values.alertmanager.podDisruptionBudget]) {
            assert.deepStrictEqual([pdb.minAvailable, pdb.maxUnavailable], [null, 1]);
        }
    });
});

describe("where the platform's pods run (issue 16's finding 1)", () => {
    const SYSTEM = { nodeSelector: { "platform.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }] };
    const EVERY_NODE = [{ operator: "Exists", effect: "NoSchedule" }];
    const placement = (values: Record<string, any>) => ({ nodeSelector: values.nodeSelector, tolerations: values.tolerations });

    it("controllers and stores on the system pool, tolerating its taint", () => {
        const kps = kubePrometheusStackValues({ retention: "15d", retentionSizeGiB: 45, storageGiB: 50, replicas: 2, alertmanagerReplicas: 3 }, ON_EKS);
        const placed = {
            prometheus: kps.prometheus.prometheusSpec,
            alertmanager: kps.alertmanager.alertmanagerSpec,
            operator: kps.prometheusOperator,
            "operator admission patch job": kps.prometheusOperator.admissionWebhooks.patch,
            grafana: kps.grafana,
            "kube-state-metrics": kps["kube-state-metrics"],
            loki: lokiValues({ bucket: "logs", region: "us-east-1", retentionDays: 7, replicas: 1 }, ON_EKS).singleBinary,
            tempo: tempoValues({ bucket: "traces", region: "us-east-1", retentionDays: 3 }, ON_EKS),
            "collector gateway": otelGatewayValues(10, 1000, 2, ON_EKS),
        };
        for (const [name, values] of Object.entries(placed)) {
            assert.deepStrictEqual(placement(values), SYSTEM, name);
        }
    });

    it("node agents on every node of either pool; nothing pinned on an existing cluster", () => {
        const kps = kubePrometheusStackValues({ retention: "3d", retentionSizeGiB: 8, storageGiB: 10, replicas: 1, alertmanagerReplicas: 1 }, ON_EKS);
        assert.deepStrictEqual(kps["prometheus-node-exporter"].tolerations, EVERY_NODE);
        assert.deepStrictEqual(otelAgentValues(ON_EKS).tolerations, EVERY_NODE);
        const elsewhere = platformScheduling(false);
        assert.deepStrictEqual(
            [otelAgentValues(elsewhere).tolerations, placement(tempoValues({ bucket: "t", region: "us-east-1", retentionDays: 3 }, elsewhere))],
            [undefined, { nodeSelector: undefined, tolerations: undefined }],
        );
    });
});
