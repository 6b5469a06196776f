import * as assert from "assert";
import { BURN_RATE_WINDOWS, errorBudget, sloRuleGroups } from "../../../components/service-deployment/slo";

describe("SLO burn-rate rules", () => {
    const groups = sloRuleGroups("relaycore", "relaycore", { availability: 99.9, latency: { thresholdSeconds: 0.25, percentile: 99 } });
    const [recording, alerts] = groups;

    it("computes the error budget without float noise", () => {
        assert.strictEqual(errorBudget(99.9), 0.001);
        assert.strictEqual(errorBudget(99.95), 0.0005);
        assert.strictEqual(errorBudget(99), 0.01);
    });

    it("pages on 1h/5m at 14.4x and 6h/30m at 6x, tickets on 1d/2h at 3x and 3d/6h at 1x, for a 99.9% objective", () => {
        const availability = alerts.rules.filter((r) => "alert" in r && r.labels.slo === "availability") as { expr: string; for: string; labels: Record<string, string> }[];
        assert.deepStrictEqual(
            availability.map((r) => [r.labels.severity, r.labels.window, r.for, r.expr]),
            [
                [
                    "page",
                    "1h",
                    "2m",
                    'platform:slo_errors:ratio_rate1h{service="relaycore",slo="availability"} > 0.0144 and platform:slo_errors:ratio_rate5m{service="relaycore",slo="availability"} > 0.0144',
                ],
                [
                    "page",
                    "6h",
                    "15m",
                    'platform:slo_errors:ratio_rate6h{service="relaycore",slo="availability"} > 0.006 and platform:slo_errors:ratio_rate30m{service="relaycore",slo="availability"} > 0.006',
                ],
                [
                    "ticket",
                    "1d",
                    "1h",
                    'platform:slo_errors:ratio_rate1d{service="relaycore",slo="availability"} > 0.003 and platform:slo_errors:ratio_rate2h{service="relaycore",slo="availability"} > 0.003',
                ],
                [
                    "ticket",
                    "3d",
                    "3h",
                    'platform:slo_errors:ratio_rate3d{service="relaycore",slo="availability"} > 0.001 and platform:slo_errors:ratio_rate6h{service="relaycore",slo="availability"} > 0.001',
                ],
            ],
        );
    });

    it("derives the latency budget from the percentile (99% within 250 ms: 1% may be slower)", () => {
        const page = alerts.rules.find((r) => "alert" in r && r.labels.slo === "latency" && r.labels.window === "1h") as { expr: string };
        assert.match(page.expr, /> 0\.144 and /);
    });

    it("records each SLI over every window the alerts read, from the namespace's HTTP server histogram", () => {
        const windows = [...new Set(BURN_RATE_WINDOWS.flatMap((w) => [w.long, w.short]))];
        const records = recording.rules as { record: string; expr: string; labels: Record<string, string> }[];
        assert.strictEqual(records.length, windows.length * 2);
        const fiveMinutes = records.find((r) => r.record === "platform:slo_errors:ratio_rate5m" && r.labels.slo === "availability")!;
        assert.strictEqual(
            fiveMinutes.expr,
            'sum(rate(http_server_request_duration_seconds_count{namespace="relaycore",http_response_status_code=~"5.."}[5m])) / sum(rate(http_server_request_duration_seconds_count{namespace="relaycore"}[5m]))',
        );
        const latency = records.find((r) => r.record === "platform:slo_errors:ratio_rate1h" && r.labels.slo === "latency")!;
        assert.match(latency.expr, /^1 - \(sum\(rate\(http_server_request_duration_seconds_bucket\{namespace="relaycore",le="0\.25"\}\[1h\]\)\) \//);
    });

    it("gives every alert a severity, summary, description and runbook", () => {
        for (const rule of alerts.rules as { labels: Record<string, string>; annotations: Record<string, string> }[]) {
            assert.ok(["page", "ticket"].includes(rule.labels.severity));
            assert.ok(rule.annotations.summary && rule.annotations.description);
            assert.match(rule.annotations.runbook_url, /docs\/runbooks\/slo-burn-rate\.md$/);
        }
    });
});
