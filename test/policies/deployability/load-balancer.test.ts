import * as assert from "assert";
import { violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const A = "alb.ingress.kubernetes.io/";
const ingress = (annotations: Record<string, string>) => ({
    type: "kubernetes:networking.k8s.io/v1:Ingress",
    name: "automatrix",
    inputs: { metadata: { name: "automatrix", annotations }, spec: { ingressClassName: "alb" } },
});

describe("policy alb-health-check-ranges (mandatory)", () => {
    it("fails a readiness failureThreshold of 120 passed on as the unhealthy threshold, and a timeout not below the interval", async () => {
        const violations = await violationsOf("alb-health-check-ranges", [
            ingress({ [`${A}unhealthy-threshold-count`]: "120", [`${A}healthcheck-interval-seconds`]: "5", [`${A}healthcheck-timeout-seconds`]: "5" }),
        ]);
        assert.deepStrictEqual(details(violations), [
            `Ingress "automatrix": ${A}unhealthy-threshold-count is "120"; an ALB target group accepts 2 to 10.`,
            `Ingress "automatrix": the health check timeout (5 s) is not below its interval (5 s); set ${A}healthcheck-timeout-seconds lower.`,
        ]);
    });

    it("passes the controller's defaults and values within range", async () => {
        assert.deepStrictEqual(
            await violationsOf("alb-health-check-ranges", [ingress({}), ingress({ [`${A}healthcheck-interval-seconds`]: "300", [`${A}unhealthy-threshold-count`]: "10" })]),
            [],
        );
    });
});
