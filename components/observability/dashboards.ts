/**
 * A RED dashboard per service, as code: request rate, errors, duration percentiles, and
 * saturation (cpu and memory against limits, replicas against the HPA maximum). Panels link
 * latency exemplars to traces in Tempo.
 */

const DURATION = "http_server_request_duration_seconds";

interface Panel {
    title: string;
    unit: string;
    targets: { expr: string; legendFormat: string }[];
}

function panels(namespace: string): Panel[] {
    const sel = `namespace="${namespace}"`;
    return [
        { title: "Rate (requests/s)", unit: "reqps", targets: [{ expr: `sum by (http_route) (rate(${DURATION}_count{${sel}}[5m]))`, legendFormat: "{{http_route}}" }] },
        {
            title: "Errors (5xx share)",
            unit: "percentunit",
            targets: [{ expr: `sum(rate(${DURATION}_count{${sel},http_response_status_code=~"5.."}[5m])) / sum(rate(${DURATION}_count{${sel}}[5m]))`, legendFormat: "5xx" }],
        },
        {
            title: "Duration (p50, p95, p99)",
            unit: "s",
            targets: [50, 95, 99].map((p) => ({ expr: `histogram_quantile(0.${p}, sum by (le) (rate(${DURATION}_bucket{${sel}}[5m])))`, legendFormat: `p${p}` })),
        },
        {
            title: "Saturation: cpu and memory of limits",
            unit: "percentunit",
            targets: [
                {
                    expr: `sum(rate(container_cpu_usage_seconds_total{${sel},container!=""}[5m])) / sum(kube_pod_container_resource_limits{${sel},resource="cpu"})`,
                    legendFormat: "cpu",
                },
                {
                    expr: `sum(container_memory_working_set_bytes{${sel},container!=""}) / sum(kube_pod_container_resource_limits{${sel},resource="memory"})`,
                    legendFormat: "memory",
                },
            ],
        },
        {
            title: "Replicas against the HPA maximum",
            unit: "short",
            targets: [
                { expr: `sum(kube_horizontalpodautoscaler_status_current_replicas{${sel}})`, legendFormat: "current" },
                { expr: `sum(kube_horizontalpodautoscaler_spec_max_replicas{${sel}})`, legendFormat: "max" },
            ],
        },
    ];
}

/** Grafana dashboard JSON (schema 39) for one service. */
export function redDashboard(service: string, namespace: string): Record<string, unknown> {
    return {
        uid: `red-${service}`,
        title: `${service}: rate, errors, duration, saturation`,
        tags: ["platform", "red", service],
        schemaVersion: 39,
        time: { from: "now-6h", to: "now" },
        refresh: "1m",
        panels: panels(namespace).map((panel, i) => ({
            id: i + 1,
            type: "timeseries",
            title: panel.title,
            gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
            datasource: { type: "prometheus", uid: "prometheus" },
            fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
            targets: panel.targets.map((t, j) => ({ ...t, refId: String.fromCharCode(65 + j), exemplar: true })),
        })),
    };
}
