import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import taggable from "../../../policies/lib/aws-taggable-types.json";
import type { Report } from "../../../offline/report";
import { preview, previewJson, PROJECT_DIR } from "../../support/commands";
import { Plan } from "../../support/plan";
import { tempDir } from "../../support/temp";

const plan = async (stack: string) => new Plan((await previewJson(stack)).report);
const REQUIRED = ["environment", "service", "owner", "cost-center"];

describe("CostGuardrails", () => {
    for (const stack of ["dev", "prod", "prod-dr"]) {
        it(`${stack}: every taggable AWS resource carries the cost allocation tags (its own or its provider's defaultTags)`, async () => {
            const p = await plan(stack);
            const providerTags = Object.fromEntries(p.ofType("pulumi:providers:aws").map((prov) => [prov.urn, JSON.parse(prov.inputs.defaultTags).tags]));
            const types = new Set(taggable.types);
            const checked = p.report.resources.filter((r) => types.has(r.type));
            assert.ok(checked.length > 30, `${checked.length} taggable resources`);
            // Every AWS resource of the program names an explicit provider; the report does not carry it, so check every provider tags fully.
            for (const tags of Object.values(providerTags)) {
                assert.deepStrictEqual(
                    REQUIRED.filter((k) => !tags[k]),
                    [],
                );
                assert.strictEqual(tags.environment, stack);
            }
            assert.strictEqual(Object.keys(providerTags).length, stack === "prod" ? 2 : 1, "the stack's provider (and prod's DR-region provider)");
        });
    }

    it("prod: a monthly budget on the stack's environment tag, alerting the encrypted topic and mail at 80%, 100% and forecast 100%", async () => {
        const p = await plan("prod");
        const budget = p.one("aws:budgets/budget:Budget", "cost-monthly").inputs;
        assert.deepStrictEqual([budget.limitAmount, budget.timeUnit, budget.costFilters], ["2000.00", "MONTHLY", [{ name: "TagKeyValue", values: ["user:environment$prod"] }]]);
        assert.deepStrictEqual(
            budget.notifications.map((n: any) => [n.notificationType, n.threshold]),
            [
                ["ACTUAL", 80],
                ["ACTUAL", 100],
                ["FORECASTED", 100],
            ],
        );
        const topic = p.one("aws:sns/topic:Topic", "observability-alerts");
        const topicArn = "arn:aws:sns:us-east-1:111122223333:platform-prod-observability-alerts";
        assert.match(topic.inputs.kmsMasterKeyId, /keys-storage$/);
        assert.ok(budget.notifications.every((n: any) => n.subscriberSnsTopicArns[0] === topicArn && n.subscriberEmailAddresses[0] === "platform-finops@auterity.example.com"));
        const publishers = JSON.parse(p.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy).Statement[0].Principal.Service;
        assert.deepStrictEqual(publishers, ["budgets.amazonaws.com", "costalerts.amazonaws.com", "cloudwatch.amazonaws.com"]);
        const monitor = p.one("aws:costexplorer/anomalyMonitor:AnomalyMonitor").inputs;
        assert.deepStrictEqual(JSON.parse(monitor.monitorSpecification), { Tags: { Key: "environment", Values: ["prod"], MatchOptions: ["EQUALS"] } });
        const subscription = p.one("aws:costexplorer/anomalySubscription:AnomalySubscription").inputs;
        assert.deepStrictEqual(
            [subscription.frequency, subscription.subscribers, subscription.thresholdExpression.dimension.values],
            ["IMMEDIATE", [{ type: "SNS", address: topicArn }], ["100"]],
        );
    });

    it("activates no cost allocation tag: AWS accepts a key only once it is in billing, in the payer account", async () => {
        for (const stack of ["dev", "prod", "prod-dr"] as const) {
            assert.deepStrictEqual((await plan(stack)).ofType("aws:costexplorer/costAllocationTag:CostAllocationTag"), [], stack);
        }
    });

    it("tags a service's own AWS resources with the service", async () => {
        const role = (await plan("prod")).one("aws:iam/role:Role", "relaycore-aws").inputs;
        assert.strictEqual(role.tags.service, "relaycore");
    });

    it("warns (advisory) on a config whose quotas exceed what the pools can hold", async () => {
        const base = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        const file = path.join(tempDir(), "Pulumi.dev.yaml");
        const onePerPool = base
            .replace(/system:\n(\s+)instanceTypes: \[m7i\.large\]\n\s+minSize: 2\n\s+maxSize: 3/, "system:\n$1instanceTypes: [m7i.large]\n$1minSize: 1\n$1maxSize: 1")
            .replace(/spot:\n(\s+)instanceTypes: \[[^\]]+\]\n\s+minSize: 1\n\s+maxSize: 4/, "spot:\n$1instanceTypes: [m7i.large]\n$1minSize: 1\n$1maxSize: 1");
        assert.notStrictEqual(onePerPool, base);
        fs.writeFileSync(file, onePerPool);
        const result = await preview(["--stack", "dev", "--config-file", file, "--json"]);
        assert.strictEqual(result.code, 0, "advisory only");
        const violations = (JSON.parse(result.stdout) as Report).violations.filter((v) => v.policy === "quotas-fit-node-pools");
        assert.ok(violations.length >= 1);
        assert.match(
            violations[0].message,
            /ResourceQuotas promise [\d.]+ cores of cpu requests, but the node pools at maximum size can schedule 3\.9 cores \(platform-dev-system: 1 × 1\.9, platform-dev-spot: 1 × 1\.9\)\./,
        );
    });
});
