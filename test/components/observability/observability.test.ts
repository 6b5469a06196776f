import * as assert from "assert";
import type { ResourceView } from "../../../offline/report";
import { shippedConfig } from "../../support/config";
import { previewJson } from "../../support/commands";
import { list, Plan, statementsOf } from "../../support/plan";

const plan = async (stack: string) => new Plan((await previewJson(stack)).report);
const release = (p: Plan, suffix: string) => p.one("kubernetes:helm.sh/v3:Release", suffix).inputs as Record<string, any>;

/** The resources of one EncryptedBucket component, by type. */
function bucketParts(p: Plan, name: string) {
    const component = p.ofType("platform:storage:EncryptedBucket").find((b) => b.name === name)!;
    const parts = p.under(component);
    return (type: string) => parts.find((r: ResourceView) => r.type === type)!.inputs as Record<string, any>;
}

describe("ObservabilityStack", () => {
    it("prod: kube-prometheus-stack with retention by time and size on encrypted storage, replicated, picking up our rules", async () => {
        const settings = shippedConfig("prod").observability.prometheus;
        const values = release(await plan("prod"), "kube-prometheus-stack").values;
        const spec = values.prometheus.prometheusSpec;
        assert.strictEqual(spec.retention, settings.retention);
        assert.strictEqual(spec.retentionSize, `${settings.retentionSizeGiB}GiB`);
        assert.deepStrictEqual(spec.storageSpec.volumeClaimTemplate.spec.storageClassName, "gp3-encrypted");
        assert.strictEqual(spec.replicas, 2);
        for (const selector of ["serviceMonitorSelectorNilUsesHelmValues", "ruleSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues"]) {
            assert.strictEqual(spec[selector], false, selector);
        }
        assert.deepStrictEqual(values.prometheus.podDisruptionBudget, { enabled: true, minAvailable: null, maxUnavailable: 1 });
        assert.deepStrictEqual(values.alertmanager.podDisruptionBudget, { enabled: true, minAvailable: null, maxUnavailable: 1 });
    });

    it("routes pages and tickets to receivers whose keys are files from Secrets Manager, and inhibits tickets during a page", async () => {
        const p = await plan("prod");
        const config = release(p, "kube-prometheus-stack").values.alertmanager.config;
        assert.deepStrictEqual(
            config.route.routes.map((r: any) => [r.matchers[0], r.receiver]),
            [
                ['alertname="Watchdog"', "null"],
                ['severity=~"page|critical"', "page"],
                ['severity=~"ticket|warning"', "ticket"],
            ],
        );
        assert.deepStrictEqual(config.inhibit_rules, [
            { source_matchers: ['severity=~"page|critical"'], target_matchers: ['severity=~"ticket|warning"'], equal: ["alertname", "namespace", "service"] },
        ]);
        const page = config.receivers.find((r: any) => r.name === "page");
        assert.deepStrictEqual(Object.keys(page.pagerduty_configs[0]).sort(), ["routing_key_file", "send_resolved"], "no key in the values, only a file path");
        assert.match(page.pagerduty_configs[0].routing_key_file, /^\/etc\/alertmanager\/secrets\/alertmanager-receivers\//);
        const receiversSecret = p.ofType("kubernetes:external-secrets.io/v1:ExternalSecret").find((e) => e.inputs.metadata.name === "alertmanager-receivers")!;
        assert.strictEqual(receiversSecret.inputs.spec.dataFrom[0].extract.key, "platform-prod/observability/alertmanager-receivers");
    });

    it("correlates Grafana's data sources (exemplars and log trace IDs to Tempo, traces to Loki) and takes its admin from Secrets Manager", async () => {
        const grafana = release(await plan("prod"), "kube-prometheus-stack").values.grafana;
        const sources = Object.fromEntries(grafana.datasources["datasources.yaml"].datasources.map((d: any) => [d.uid, d.jsonData]));
        assert.strictEqual(sources.prometheus.exemplarTraceIdDestinations[0].datasourceUid, "tempo");
        assert.strictEqual(sources.loki.derivedFields[0].datasourceUid, "tempo");
        assert.strictEqual(sources.tempo.tracesToLogsV2.datasourceUid, "loki");
        assert.deepStrictEqual(grafana.admin, { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    });

    it("keeps logs and traces in encrypted, versioned, private buckets with retention, each reachable only by its own role", async () => {
        const p = await plan("prod");
        const settings = shippedConfig("prod").observability;
        for (const [bucket, app, days] of [
            ["platform-prod-observability-logs", "loki", settings.loki.retentionDays],
            ["platform-prod-observability-traces", "tempo", settings.tempo.retentionDays],
        ] as const) {
            const part = bucketParts(p, bucket);
            assert.deepStrictEqual(
                part("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules[0].applyServerSideEncryptionByDefault.sseAlgorithm,
                "aws:kms",
            );
            assert.match(
                part("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
                /keys-storage$/,
            );
            assert.deepStrictEqual(part("aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration, { status: "Enabled" });
            const block = part("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
            assert.strictEqual(part("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules[0].expiration.days, days + 1);
            const [tlsOnly] = statementsOf(part("aws:s3/bucketPolicy:BucketPolicy").policy);
            assert.deepStrictEqual([tlsOnly.Effect, tlsOnly.Condition], ["Deny", { Bool: { "aws:SecureTransport": false } }]);
            const bucketArn = `arn:aws:s3:::${bucket.slice(0, 36)}-20261127`;
            const role = p.ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === `platform-prod-observability-${app}`)!;
            const resources = statementsOf(role.inputs.policy).flatMap((s) => list(s.Resource));
            assert.deepStrictEqual(
                resources.filter((r) => r.startsWith("arn:aws:s3")),
                [bucketArn, `${bucketArn}/*`],
            );
            assert.ok(p.ofType("aws:s3/bucket:Bucket").find((b) => b.name === bucket)!.protect);
        }
    });

    it("runs the collector as node agent and tail-sampling gateway with the stack's sampling settings", async () => {
        const p = await plan("prod");
        const tracing = shippedConfig("prod").observability.tracing;
        const agent = release(p, "otel-agent");
        assert.strictEqual(agent.namespace, "telemetry-agents");
        assert.strictEqual(agent.values.mode, "daemonset");
        assert.strictEqual(agent.values.service.internalTrafficPolicy, "Local");
        assert.deepStrictEqual(agent.values.config.service.pipelines.logs.exporters, ["otlphttp"]);
        const gateway = release(p, "otel-gateway").values;
        assert.strictEqual(gateway.mode, "deployment");
        const policies = gateway.config.processors.tail_sampling.policies;
        assert.deepStrictEqual(
            policies.map((x: any) => x.type),
            ["status_code", "latency", "probabilistic"],
        );
        assert.strictEqual(policies[1].latency.threshold_ms, tracing.slowTraceThresholdMs);
        assert.strictEqual(policies[2].probabilistic.sampling_percentage, tracing.samplingPercent);
        assert.deepStrictEqual(gateway.config.service.pipelines.traces.processors, ["memory_limiter", "tail_sampling", "batch"]);
    });

    it("generates a RED dashboard per service and the platform's alert rules", async () => {
        for (const stack of ["prod", "dev"]) {
            const p = await plan(stack);
            const dashboards = p.ofType("kubernetes:core/v1:ConfigMap").filter((c) => c.inputs.metadata.labels?.grafana_dashboard === "1");
            assert.deepStrictEqual(
                dashboards.map((d) => d.inputs.metadata.name).sort(),
                Object.keys(shippedConfig(stack).services)
                    .map((s) => `dashboard-${s}`)
                    .sort(),
            );
            const rules = p.ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule").find((r) => r.inputs.metadata.name === "platform-alerts")!;
            assert.deepStrictEqual(
                rules.inputs.spec.groups.map((g: any) => g.name),
                ["platform-capacity", "platform-quotas", "platform-workloads", "platform-backups", "platform-secrets", "platform-telemetry"],
            );
        }
    });

    it("guards the observability namespaces like service namespaces, privileged only for the node agents", async () => {
        const p = await plan("prod");
        const namespaces = Object.fromEntries(
            p.ofType("kubernetes:core/v1:Namespace").map((n) => [n.inputs.metadata.name, n.inputs.metadata.labels["pod-security.kubernetes.io/enforce"]]),
        );
        assert.deepStrictEqual([namespaces.monitoring, namespaces.telemetry, namespaces["telemetry-agents"]], ["restricted", "restricted", "privileged"]);
        for (const ns of ["monitoring", "telemetry", "telemetry-agents"]) {
            assert.ok(
                p.ofType("kubernetes:core/v1:ResourceQuota").some((q) => q.inputs.metadata.name === `${ns}-quota`),
                ns,
            );
            assert.ok(
                p.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").some((q) => q.inputs.metadata.name === `${ns}-default-deny`),
                ns,
            );
        }
    });

    it("alarms 30 days before a public certificate expires, on an encrypted topic", async () => {
        const p = await plan("prod");
        const alarm = p.one("aws:cloudwatch/metricAlarm:MetricAlarm", "certificate-expiry-0").inputs;
        assert.deepStrictEqual([alarm.metricName, alarm.threshold, alarm.comparisonOperator], ["DaysToExpiry", 30, "LessThanThreshold"]);
        assert.strictEqual(alarm.dimensions.CertificateArn, shippedConfig("prod").services.automatrix.public!.certificateArn);
        assert.match(p.one("aws:sns/topic:Topic", "observability-alerts").inputs.kmsMasterKeyId, /keys-storage$/);
    });
});
