/** Where the observability stack lives: services point their telemetry here and let it scrape them. */

/** kube-prometheus-stack: Prometheus, Alertmanager, Grafana. */
export const MONITORING_NAMESPACE = "monitoring";
/** OpenTelemetry Collector gateway, Loki, Tempo. */
export const TELEMETRY_NAMESPACE = "telemetry";
/**
 * Node agents (OpenTelemetry Collector DaemonSet reading /var/log/pods, node-exporter): the one
 * namespace whose Pod Security level is `privileged`, because they need the host.
 */
export const AGENTS_NAMESPACE = "telemetry-agents";
/** The node-local OTLP endpoint (a Service with internalTrafficPolicy: Local in front of the agent DaemonSet). */
export const OTEL_AGENT_SERVICE = "otel-agent";
/** The tail-sampling gateway; its Service is headless so the agents can balance by trace ID. */
export const OTEL_GATEWAY = "otel-gateway";
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
export const OTEL_AGENT_ENDPOINT = `http://${OTEL_AGENT_SERVICE}.${AGENTS_NAMESPACE}.svc.cluster.local:${OTLP_GRPC_PORT}`;
/** Label the Prometheus operator selects ServiceMonitors and PrometheusRules by. */
export const MONITORING_SELECTOR_LABEL = { "platform.io/monitoring": "enabled" };
/** Runbooks of every alert the platform defines live in docs/runbooks/<name>.md. */
export const RUNBOOK_BASE_URL = "https://github.com/auterity/platform-infra/blob/main/docs/runbooks";
