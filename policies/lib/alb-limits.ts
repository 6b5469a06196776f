/**
 * The health check values an Application Load Balancer target group accepts, as the AWS Load
 * Balancer Controller's annotations set them: out of range, the controller cannot reconcile the
 * Ingress and the ALB is never created or updated.
 *
 * Source: Elastic Load Balancing API reference, CreateTargetGroup (HealthCheckIntervalSeconds
 * 5-300, HealthCheckTimeoutSeconds 2-120 and less than the interval, HealthyThresholdCount and
 * UnhealthyThresholdCount 2-10); AWS Load Balancer Controller docs, ingress annotations. Read 2026-11-30.
 */
export const ALB_HEALTH_CHECK_LIMITS = {
    "healthcheck-interval-seconds": { min: 5, max: 300 },
    "healthcheck-timeout-seconds": { min: 2, max: 120 },
    "healthy-threshold-count": { min: 2, max: 10 },
    "unhealthy-threshold-count": { min: 2, max: 10 },
} as const;

export type AlbHealthCheckAnnotation = keyof typeof ALB_HEALTH_CHECK_LIMITS;

/** The controller's defaults where an annotation is absent (ALB target group defaults). */
export const ALB_HEALTH_CHECK_DEFAULTS: Record<AlbHealthCheckAnnotation, number> = {
    "healthcheck-interval-seconds": 15,
    "healthcheck-timeout-seconds": 5,
    "healthy-threshold-count": 2,
    "unhealthy-threshold-count": 2,
};
