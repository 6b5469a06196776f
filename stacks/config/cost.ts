import { z } from "zod";
import { Environment, kubernetesName } from "./validators";

const usd = () => z.number().positive().max(10_000_000);

export function costSchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /** Monthly AWS budget of the stack (USD), filtered by its `environment` tag. */
            monthlyBudgetUsd: usd().default(prod ? 9000 : 2500),
            /** Who gets the budget and anomaly mails (the SNS topic gets them too). */
            alertEmails: z.array(z.email({ message: "is not an e-mail address" })).default([]),
            /** Per-service monthly budgets (USD) by the `service` tag. */
            serviceBudgetsUsd: z.record(kubernetesName(), usd()).default({}),
            /** Cost anomalies of at least this impact (USD) are reported. */
            anomalyThresholdUsd: usd().default(prod ? 100 : 50),
            /**
             * Activate the cost allocation tags in Cost Explorer. Account-wide (and only possible from
             * the payer account in an organisation), so one stack owns it: opt-in.
             */
            activateCostAllocationTags: z.boolean().default(false),
        })
        .prefault({});
}

export type CostConfig = z.output<ReturnType<typeof costSchema>>;
