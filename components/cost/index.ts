import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, policyDocument } from "../shared/iam";

export interface CostGuardrailsArgs {
    aws: AwsContext;
    /** Value of the `environment` tag the stack's budget and anomaly monitor filter on. */
    environment: string;
    /** Monthly budget of the stack (USD). */
    monthlyBudgetUsd: number;
    /** Monthly budgets of single services (USD), by their `service` tag. Default: none. */
    serviceBudgetsUsd?: Record<string, number>;
    /** Anomalies with at least this total impact (USD) are reported. */
    anomalyThresholdUsd: number;
    /** KMS-encrypted SNS topic budgets and anomaly alerts publish to. */
    alertsTopicArn: pulumi.Input<string>;
    /** E-mail subscribers of the budget notifications. Default: none (the topic only). */
    alertEmails?: string[];
    provider: aws.Provider;
}

/**
 * Cost made visible: a monthly budget per stack (and per service where asked) with actual and
 * forecast alerts, a Cost Anomaly Detection monitor on the stack's `environment` tag with an
 * immediate subscription, both on the encrypted alerts topic. The cost allocation tags are
 * activated once, in the payer account, after they first appear in billing (docs/operations.md):
 * a stack cannot, as AWS accepts a key only a day after resources carry it.
 */
export class CostGuardrails extends pulumi.ComponentResource {
    constructor(name: string, args: CostGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cost:CostGuardrails", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        new aws.sns.TopicPolicy(
            `${name}-alerts`,
            {
                arn: args.alertsTopicArn,
                policy: policyDocument([
                    {
                        Sid: "CostAndAlarmPublishers",
                        Effect: "Allow",
                        Principal: { Service: ["budgets.amazonaws.com", "costalerts.amazonaws.com", "cloudwatch.amazonaws.com"] },
                        Action: "sns:Publish",
                        Resource: args.alertsTopicArn,
                        Condition: { StringEquals: { "aws:SourceAccount": args.aws.accountId } },
                    },
                ]),
            },
            childOpts,
        );

        const notifications = [
            { notificationType: "ACTUAL", threshold: 80 },
            { notificationType: "ACTUAL", threshold: 100 },
            { notificationType: "FORECASTED", threshold: 100 },
        ].map((n) => ({
            ...n,
            comparisonOperator: "GREATER_THAN",
            thresholdType: "PERCENTAGE",
            subscriberSnsTopicArns: [args.alertsTopicArn],
            subscriberEmailAddresses: args.alertEmails ?? [],
        }));
        const budget = (suffix: string, amount: number, tag: string, value: string) =>
            new aws.budgets.Budget(
                `${name}-${suffix}`,
                {
                    name: `${name}-${suffix}`,
                    budgetType: "COST",
                    timeUnit: "MONTHLY",
                    limitAmount: amount.toFixed(2),
                    limitUnit: "USD",
                    costFilters: [{ name: "TagKeyValue", values: [`user:${tag}$${value}`] }],
                    notifications,
                },
                childOpts,
            );
        budget("monthly", args.monthlyBudgetUsd, "environment", args.environment);
        for (const [service, amount] of Object.entries(args.serviceBudgetsUsd ?? {})) {
            budget(`service-${service}`, amount, "service", service);
        }

        const monitor = new aws.costexplorer.AnomalyMonitor(
            `${name}-anomalies`,
            {
                name: `${name}-anomalies`,
                monitorType: "CUSTOM",
                monitorSpecification: JSON.stringify({ Tags: { Key: "environment", Values: [args.environment], MatchOptions: ["EQUALS"] } }),
            },
            childOpts,
        );
        new aws.costexplorer.AnomalySubscription(
            `${name}-anomalies`,
            {
                name: `${name}-anomalies`,
                // SNS subscribers need immediate notification.
                frequency: "IMMEDIATE",
                monitorArnLists: [monitor.arn],
                subscribers: [{ type: "SNS", address: args.alertsTopicArn }],
                thresholdExpression: { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(args.anomalyThresholdUsd)] } },
            },
            childOpts,
        );
        this.registerOutputs({});
    }
}
