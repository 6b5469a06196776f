import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { platformAlerts, platformRuleGroups } from "../../../components/observability/platform-rules";
import { PROJECT_DIR } from "../../support/commands";

const options = { backupRpoHours: 25, spotChurnPerHour: 5 };

/** Parentheses, brackets and braces balance outside string literals. */
function balanced(expr: string): boolean {
    const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
    const stack: string[] = [];
    let quoted = false;
    for (const ch of expr) {
        if (ch === '"') {
            quoted = !quoted;
        } else if (!quoted && "([{".includes(ch)) {
            stack.push(ch);
        } else if (!quoted && ch in pairs && stack.pop() !== pairs[ch]) {
            return false;
        }
    }
    return stack.length === 0 && !quoted;
}

describe("platform alert rules", () => {
    it("cover capacity, spot churn, quotas, HPA, PDB, backups, secret sync and telemetry loss", () => {
        const names = platformAlerts(options).map((a) => a.alert);
        for (const expected of [
            "ClusterCpuRequestsNearAllocatable",
            "SpotNodeChurnHigh",
            "NamespaceQuotaNearlyExhausted",
            "HpaAtMaximumReplicas",
            "PodDisruptionBudgetBlocking",
            "VeleroBackupFailed",
            "VeleroBackupStale",
            "ExternalSecretSyncFailing",
            "CollectorDroppingTelemetry",
            "LokiDiscardingLogs",
        ]) {
            assert.ok(names.includes(expected), expected);
        }
        assert.strictEqual(new Set(names).size, names.length, "alert names are unique");
    });

    it("are well-formed: balanced PromQL with a comparison, a duration, severity, summary, description and runbook", () => {
        for (const group of platformRuleGroups(options)) {
            for (const rule of group.rules) {
                assert.ok(balanced(rule.expr), `${rule.alert}: unbalanced ${rule.expr}`);
                assert.match(rule.expr, /(>|<|==|>=|<=|!=) ?[\w(]/, `${rule.alert}: no comparison`);
                assert.match(rule.for, /^\d+[smh]$/, rule.alert);
                assert.ok(["page", "ticket"].includes(rule.labels.severity), rule.alert);
                assert.ok(rule.annotations.summary.length > 10 && rule.annotations.description.length > 20, rule.alert);
                assert.match(rule.annotations.runbook_url, /\/docs\/runbooks\/[a-z0-9-]+\.md$/);
            }
        }
    });

    it("puts the RPO into the staleness rule and the churn threshold into the spot rule", () => {
        const byName = Object.fromEntries(platformAlerts({ backupRpoHours: 6, spotChurnPerHour: 3 }).map((a) => [a.alert, a.expr]));
        assert.match(byName.VeleroBackupStale, /> 21600$/);
        assert.match(byName.SpotNodeChurnHigh, /> 3$/);
    });

    it("have a runbook page each (and the SLO alerts theirs)", () => {
        const runbooks = [...platformAlerts(options).map((a) => a.runbook), "slo-burn-rate", "certificate-expiry"];
        for (const runbook of runbooks) {
            const file = path.join(PROJECT_DIR, "docs/runbooks", `${runbook}.md`);
            assert.ok(fs.existsSync(file), `missing ${path.relative(PROJECT_DIR, file)}`);
            assert.match(fs.readFileSync(file, "utf8"), /## Check[\s\S]*## Fix/, `${runbook}: needs Check and Fix sections`);
        }
    });
});
