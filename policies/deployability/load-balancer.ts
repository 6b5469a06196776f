import { ResourceValidationPolicy } from "@pulumi/policy";
import { ALB_HEALTH_CHECK_DEFAULTS, ALB_HEALTH_CHECK_LIMITS, AlbHealthCheckAnnotation } from "../lib/alb-limits";
import { tryKnown } from "../lib/values";

const A = "alb.ingress.kubernetes.io/";
const INGRESS = /^kubernetes:(networking\.k8s\.io|extensions)\/[a-z0-9]+:Ingress$/;

export const albHealthCheckRanges: ResourceValidationPolicy = {
    name: "alb-health-check-ranges",
    description:
        "An Ingress's ALB health check annotations are within what a target group accepts (interval 5-300 s, timeout 2-120 s and below the interval, thresholds 2-10); out of range, the AWS Load Balancer Controller cannot create or update the ALB.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Set ${A}healthcheck-interval-seconds, healthcheck-timeout-seconds, healthy-threshold-count and unhealthy-threshold-count within the ranges the message names (policies/lib/alb-limits.ts); ServiceDeployment derives them from the readiness probe within them.`,
    validateResource: (args, reportViolation) => {
        if (!INGRESS.test(args.type)) {
            return;
        }
        const annotations: Record<string, unknown> = tryKnown(() => args.props.metadata?.annotations) ?? {};
        const value = (key: AlbHealthCheckAnnotation) => (annotations[A + key] === undefined ? ALB_HEALTH_CHECK_DEFAULTS[key] : Number(annotations[A + key]));
        for (const [key, { min, max }] of Object.entries(ALB_HEALTH_CHECK_LIMITS) as [AlbHealthCheckAnnotation, { min: number; max: number }][]) {
            const given = value(key);
            if (!Number.isInteger(given) || given < min || given > max) {
                reportViolation(`Ingress "${args.name}": ${A}${key} is ${JSON.stringify(annotations[A + key])}; an ALB target group accepts ${min} to ${max}.`);
            }
        }
        if (value("healthcheck-timeout-seconds") >= value("healthcheck-interval-seconds")) {
            reportViolation(
                `Ingress "${args.name}": the health check timeout (${value("healthcheck-timeout-seconds")} s) is not below its interval (${value("healthcheck-interval-seconds")} s); set ${A}healthcheck-timeout-seconds lower.`,
            );
        }
    },
};
