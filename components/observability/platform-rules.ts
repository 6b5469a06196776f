import { RUNBOOK_BASE_URL } from "./endpoints";

/**
 * The platform's own alert rules, beyond the kube-prometheus-stack defaults: capacity, spot churn,
 * quota saturation, HPA and PDB trouble, backups, secret sync and telemetry loss. Each alert has
 * a runbook at docs/runbooks/<runbook>.md (a test checks that every one exists).
 */

export interface PlatformAlert {
    alert: string;
    expr: string;
    for: string;
    severity: "page" | "ticket";
    summary: string;
    description: string;
    /** File name (without .md) under docs/runbooks/. */
    runbook: string;
}

export interface PlatformRuleOptions {
    /** Velero schedules must succeed at least this often (the backup RPO), in hours. */
    backupRpoHours: number;
    /** Spot node replacements per hour above which the spot pool counts as churning. */
    spotChurnPerHour: number;
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

function alerts(options: PlatformRuleOptions): Record<string, PlatformAlert[]> {
    const alert = (a: Omit<PlatformAlert, "runbook">): PlatformAlert => ({ ...a, runbook: kebab(a.alert) });
    return {
        capacity: [
            alert({
                alert: "ClusterCpuRequestsNearAllocatable",
                expr: 'sum(kube_pod_container_resource_requests{resource="cpu"}) / sum(kube_node_status_allocatable{resource="cpu"}) > 0.9',
                for: "15m",
                severity: "ticket",
                summary: "Pods request over 90% of the cluster's allocatable CPU",
                description:
                    "Requested CPU is {{ $value | humanizePercentage }} of allocatable; new pods will wait for the autoscaler or stay pending once node pools reach their maximum.",
            }),
            alert({
                alert: "ClusterMemoryRequestsNearAllocatable",
                expr: 'sum(kube_pod_container_resource_requests{resource="memory"}) / sum(kube_node_status_allocatable{resource="memory"}) > 0.9',
                for: "15m",
                severity: "ticket",
                summary: "Pods request over 90% of the cluster's allocatable memory",
                description: "Requested memory is {{ $value | humanizePercentage }} of allocatable.",
            }),
            alert({
                alert: "SpotNodeChurnHigh",
                expr: `count(kube_node_created > (time() - 3600) and on(node) kube_node_labels{label_eks_amazonaws_com_capacity_type="SPOT"}) > ${options.spotChurnPerHour}`,
                for: "10m",
                severity: "ticket",
                summary: "Spot nodes are being replaced often",
                description: "More than {{ $value }} spot nodes were created in the last hour: AWS is reclaiming capacity. Workloads on spot keep restarting.",
            }),
            alert({
                alert: "PodsPendingUnschedulable",
                expr: "sum by (namespace) (kube_pod_status_unschedulable) > 0",
                for: "15m",
                severity: "page",
                summary: "Pods in {{ $labels.namespace }} cannot be scheduled",
                description: "{{ $value }} pods have been unschedulable for 15 minutes: node pools at maximum, a quota, or a taint nothing tolerates.",
            }),
        ],
        quotas: [
            alert({
                alert: "NamespaceQuotaNearlyExhausted",
                expr: 'max by (namespace, resource) (kube_resourcequota{type="used"} / on(namespace, resourcequota, resource) kube_resourcequota{type="hard"} > 0) > 0.9',
                for: "15m",
                severity: "ticket",
                summary: "{{ $labels.namespace }} uses over 90% of its {{ $labels.resource }} quota",
                description: "Quota use is {{ $value | humanizePercentage }}; the next rollout or scale-up may be refused.",
            }),
        ],
        workloads: [
            alert({
                alert: "HpaAtMaximumReplicas",
                expr: "kube_horizontalpodautoscaler_status_current_replicas >= kube_horizontalpodautoscaler_spec_max_replicas",
                for: "15m",
                severity: "ticket",
                summary: "{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for 15 minutes",
                description: "The autoscaler wants more replicas than allowed; latency and errors will follow if load keeps growing.",
            }),
            alert({
                alert: "PodDisruptionBudgetBlocking",
                expr: "kube_poddisruptionbudget_status_pod_disruptions_allowed == 0 and kube_poddisruptionbudget_status_expected_pods > 0",
                for: "30m",
                severity: "ticket",
                summary: "PDB {{ $labels.namespace }}/{{ $labels.poddisruptionbudget }} allows no disruption",
                description: "Node drains (upgrades, spot rebalancing, scale-down) are blocked until the workload is healthy again.",
            }),
        ],
        backups: [
            alert({
                alert: "VeleroBackupFailed",
                expr: "increase(velero_backup_failure_total[1h]) > 0",
                for: "0m",
                severity: "page",
                summary: "A Velero backup failed",
                description: "Schedule {{ $labels.schedule }} failed in the last hour; the recovery point objective is at risk.",
            }),
            alert({
                alert: "VeleroBackupStale",
                expr: `time() - max by (schedule) (velero_backup_last_successful_timestamp{schedule!=""}) > ${options.backupRpoHours * 3600}`,
                for: "10m",
                severity: "page",
                summary: "No successful backup of {{ $labels.schedule }} within the RPO",
                description: `The last successful backup is older than ${options.backupRpoHours}h, the recovery point objective.`,
            }),
        ],
        secrets: [
            alert({
                alert: "ExternalSecretSyncFailing",
                expr: 'sum by (namespace, name) (externalsecret_status_condition{condition="Ready", status="False"}) > 0',
                for: "10m",
                severity: "ticket",
                summary: "ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} does not sync",
                description: "The Kubernetes Secret keeps its old value: a rotation in Secrets Manager will not reach the pods.",
            }),
        ],
        telemetry: [
            alert({
                alert: "CollectorDroppingTelemetry",
                expr: "sum by (exporter) (rate(otelcol_exporter_send_failed_spans_total[5m]) + rate(otelcol_exporter_send_failed_log_records_total[5m]) + rate(otelcol_exporter_send_failed_metric_points_total[5m])) > 0",
                for: "10m",
                severity: "ticket",
                summary: "The OpenTelemetry Collector fails to export through {{ $labels.exporter }}",
                description: "Spans or log records are being dropped; traces and logs have gaps.",
            }),
            alert({
                alert: "CollectorRefusingData",
                expr: "sum by (receiver) (rate(otelcol_receiver_refused_spans_total[5m]) + rate(otelcol_receiver_refused_log_records_total[5m])) > 0",
                for: "10m",
                severity: "ticket",
                summary: "The collector refuses data at {{ $labels.receiver }} (memory limiter)",
                description: "The memory limiter is refusing data: the collector needs more memory or the backends are slow.",
            }),
            alert({
                alert: "LokiDiscardingLogs",
                expr: "sum by (reason) (rate(loki_discarded_samples_total[5m])) > 0",
                for: "10m",
                severity: "ticket",
                summary: "Loki discards log lines ({{ $labels.reason }})",
                description: "Log lines are rejected, usually by rate or size limits; logs have gaps.",
            }),
        ],
    };
}

/** The rule groups, in the PrometheusRule shape. */
export function platformRuleGroups(options: PlatformRuleOptions) {
    return Object.entries(alerts(options)).map(([group, rules]) => ({
        name: `platform-${group}`,
        rules: rules.map((a) => ({
            alert: a.alert,
            expr: a.expr,
            for: a.for,
            labels: { severity: a.severity },
            annotations: { summary: a.summary, description: a.description, runbook_url: `${RUNBOOK_BASE_URL}/${a.runbook}.md` },
        })),
    }));
}

/** Every platform alert (for the runbook check and the docs). */
export function platformAlerts(options: PlatformRuleOptions): PlatformAlert[] {
    return Object.values(alerts(options)).flat();
}
