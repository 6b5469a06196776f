import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { tryKnown } from "../lib/values";

const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

/** Resources that send alerts to a topic, and the properties that name it. */
const PUBLISHERS: Record<string, string[]> = {
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["alarmActions"],
    "aws:budgets/budget:Budget": ["notifications"],
    "aws:costexplorer/anomalySubscription:AnomalySubscription": ["subscribers"],
};

/** The topics a resource publishes its alerts to (by the engine's property dependencies). */
function alertTopics(resource: PolicyResource): string[] {
    return (PUBLISHERS[resource.type] ?? []).flatMap((property) => (resource.propertyDependencies?.[property] ?? []).filter((d) => d.type === TOPIC).map((d) => d.urn));
}

export const alertTopicSubscribed: StackValidationPolicy = {
    name: "alert-topic-subscribed",
    description:
        "Every SNS topic that alarms, budgets or cost anomaly alerts publish to has at least one subscription in the stack: SNS delivers a message to subscribers only, so a topic without one makes every alert reach nobody.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add an aws.sns.TopicSubscription (e-mail addresses from platform:observability.alertEmails, or an HTTPS or chat endpoint); e-mail subscribers confirm once from the message SNS sends them.",
    validateStack: (args, reportViolation) => {
        const subscriptions = args.resources.filter((r) => r.type === SUBSCRIPTION);
        const subscribedUrns = new Set(subscriptions.flatMap((s) => (s.propertyDependencies?.topic ?? []).map((d) => d.urn)));
        const subscribedArns = new Set(subscriptions.map((s) => tryKnown(() => s.props.topic)).filter((arn) => typeof arn === "string"));
        const subscribed = (topic: PolicyResource) => subscribedUrns.has(topic.urn) || subscribedArns.has(tryKnown(() => topic.props.arn));
        const topics = new Map(args.resources.filter((r) => r.type === TOPIC).map((t) => [t.urn, t]));
        const reported = new Set<string>();
        for (const publisher of args.resources) {
            for (const urn of alertTopics(publisher)) {
                const topic = topics.get(urn);
                if (topic && !reported.has(urn) && !subscribed(topic)) {
                    reported.add(urn);
                    reportViolation(
                        `SNS topic "${topic.name}" receives the alerts of ${publisher.type.split(":").pop()} "${publisher.name}" but has no subscription in the stack: they reach nobody. Subscribe someone to it.`,
                        urn,
                    );
                }
            }
        }
    },
};
