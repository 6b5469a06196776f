import * as assert from "assert";
import { TestResource, urnOf, violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const TOPIC = urnOf("aws:sns/topic:Topic", "alerts");

function alerts(subscribed: boolean): TestResource[] {
    return [
        { type: "aws:sns/topic:Topic", name: "alerts", inputs: {} },
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "certificate-expiry",
            inputs: { alarmActions: ["arn:aws:sns:us-east-1:111122223333:alerts"] },
            propertyDependencies: { alarmActions: [TOPIC] },
        },
        ...(subscribed
            ? [
                  {
                      type: "aws:sns/topicSubscription:TopicSubscription",
                      name: "oncall",
                      inputs: { topic: "arn:aws:sns:us-east-1:111122223333:alerts", protocol: "email", endpoint: "oncall@example.com" },
                      propertyDependencies: { topic: [TOPIC] },
                  },
              ]
            : []),
    ];
}

describe("policy alert-topic-subscribed (stack, mandatory)", () => {
    it("fails an alarm topic nobody is subscribed to (finding 13)", async () => {
        assert.deepStrictEqual(details(await violationsOf("alert-topic-subscribed", alerts(false))), [
            'SNS topic "alerts" receives the alerts of MetricAlarm "certificate-expiry" but has no subscription in the stack: they reach nobody. Subscribe someone to it.',
        ]);
    });

    it("passes a topic with a subscription", async () => {
        assert.deepStrictEqual(await violationsOf("alert-topic-subscribed", alerts(true)), []);
    });
});
