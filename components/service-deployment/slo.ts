import { RUNBOOK_BASE_URL } from "../observability/endpoints";

/**
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook, "Alerting on SLOs"): page when
 * the error budget burns fast over both a long and a short window, open a ticket when it burns
 * slowly. Budgets, windows and thresholds are computed from the service's objectives.
 */

export interface SloSpec {
    /** % of requests that must succeed (not 5xx), e.g. 99.9. */
    availability: number;
    /** `percentile`% of requests finish within `thresholdSeconds` (must be a histogram bucket bound). */
    latency: { thresholdSeconds: number; percentile: number };
}

export interface BurnRateWindow {
    severity: "page" | "ticket";
    long: string;
    short: string;
    /** How many times faster than sustainable the budget burns. */
    burnRate: number;
    /** How long the condition holds before the alert fires. */
    for: string;
}

/** 2% of a 30-day budget in 1 h, 5% in 6 h (page); 10% in 1 d, 10% in 3 d (ticket). */
export const BURN_RATE_WINDOWS: BurnRateWindow[] = [
    { severity: "page", long: "1h", short: "5m", burnRate: 14.4, for: "2m" },
    { severity: "page", long: "6h", short: "30m", burnRate: 6, for: "15m" },
    { severity: "ticket", long: "1d", short: "2h", burnRate: 3, for: "1h" },
    { severity: "ticket", long: "3d", short: "6h", burnRate: 1, for: "3h" },
];

/** The HTTP server histogram of the OpenTelemetry semantic conventions, as Prometheus exposes it. */
const DURATION = "http_server_request_duration_seconds";
export const SLO_RECORD = "platform:slo_errors:ratio_rate";

interface RecordingRule {
    record: string;
    expr: string;
    labels: Record<string, string>;
}

interface AlertingRule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

export interface RuleGroup {
    name: string;
    interval?: string;
    rules: (RecordingRule | AlertingRule)[];
}

/** Avoids float noise in thresholds: 14.4 × 0.001 is 0.0144, not 0.014400000000000001. */
function round(value: number): number {
    return Number(value.toPrecision(6));
}

export function errorBudget(objectivePercent: number): number {
    return round(1 - objectivePercent / 100);
}

function windows(): string[] {
    return [...new Set(BURN_RATE_WINDOWS.flatMap((w) => [w.long, w.short]))];
}

/** Error ratio of each SLI over a window: 5xx share, and share of requests slower than the threshold. */
function sliExpressions(namespace: string, slo: SloSpec): Record<"availability" | "latency", (window: string) => string> {
    const all = (window: string) => `sum(rate(${DURATION}_count{namespace="${namespace}"}[${window}]))`;
    return {
        availability: (window) => `sum(rate(${DURATION}_count{namespace="${namespace}",http_response_status_code=~"5.."}[${window}])) / ${all(window)}`,
        latency: (window) => `1 - (sum(rate(${DURATION}_bucket{namespace="${namespace}",le="${slo.latency.thresholdSeconds}"}[${window}])) / ${all(window)})`,
    };
}

export function sloRuleGroups(service: string, namespace: string, slo: SloSpec): RuleGroup[] {
    const slis = sliExpressions(namespace, slo);
    const budgets = { availability: errorBudget(slo.availability), latency: errorBudget(slo.latency.percentile) };
    const objectives = {
        availability: `${slo.availability}% of requests succeed`,
        latency: `${slo.latency.percentile}% of requests finish within ${slo.latency.thresholdSeconds}s`,
    };
    const recording: RecordingRule[] = (["availability", "latency"] as const).flatMap((sli) =>
        windows().map((window) => ({ record: `${SLO_RECORD}${window}`, expr: slis[sli](window), labels: { service, slo: sli } })),
    );
    const alerts: AlertingRule[] = (["availability", "latency"] as const).flatMap((sli) =>
        BURN_RATE_WINDOWS.map((w) => {
            const threshold = round(w.burnRate * budgets[sli]);
            const series = (window: string) => `${SLO_RECORD}${window}{service="${service}",slo="${sli}"}`;
            return {
                alert: `${service.charAt(0).toUpperCase()}${service.slice(1)}${sli === "availability" ? "Availability" : "Latency"}BudgetBurn`,
                expr: `${series(w.long)} > ${threshold} and ${series(w.short)} > ${threshold}`,
                for: w.for,
                labels: { severity: w.severity, service, slo: sli, window: w.long },
                annotations: {
                    summary: `${service} is burning its ${sli} error budget ${w.burnRate}x too fast`,
                    description: `Over ${w.long} (confirmed over ${w.short}) more than ${round(threshold * 100)}% of ${service}'s requests missed the objective (${objectives[sli]}). At this rate the 30-day budget lasts ${round(30 / w.burnRate)} days.`,
                    runbook_url: `${RUNBOOK_BASE_URL}/slo-burn-rate.md`,
                },
            };
        }),
    );
    return [
        { name: `${service}-slo-recording`, interval: "30s", rules: recording },
        { name: `${service}-slo-alerts`, rules: alerts },
    ];
}
