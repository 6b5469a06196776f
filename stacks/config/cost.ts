import { z } from "zod";
import { emailAddress, Environment, kubernetesName, removed } from "./validators";

const usd = () => z.number().positive().max(10_000_000);

export function costSchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /** Monthly AWS budget of the stack (USD), filtered by its `environment` tag. */
            monthlyBudgetUsd: usd().default(prod ? 9000 : 2500),
            /** Who gets the budget and anomaly mails (the SNS topic gets them too). */
            alertEmails: z.array(emailAddress()).default([]),
            /** Per-service monthly budgets (USD) by the `service` tag. */
            serviceBudgetsUsd: z.record(kubernetesName(), usd()).default({}),
            /** Cost anomalies of at least this impact (USD) are reported. */
            anomalyThresholdUsd: usd().default(prod ? 100 : 50),
            /** Was tag activation in Cost Explorer from the stack; it is a payer-account step now. */
            activateCostAllocationTags: removed(
                "AWS accepts a cost allocation tag key only about a day after resources carry it, and only in the payer account of an organization; " +
                    "activate environment, service, owner and cost-center there once (docs/operations.md, fresh account). Remove the key.",
            ),
        })
        .prefault({});
}

export type CostConfig = z.output<ReturnType<typeof costSchema>>;
