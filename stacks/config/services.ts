import { z } from "zod";
import { awsArn, cpuMillis, cpuQuantity, Environment, kubernetesName, memoryMiB, memoryQuantity, pinnedImage } from "./validators";

/** A secret the service reads; its value lives only in AWS Secrets Manager. */
const secretSchema = z.strictObject({
    /** Secret name below the service's prefix: `<stack prefix>/<service>/<name>`. */
    name: kubernetesName(),
    /** What the secret holds, for people. */
    description: z.string().default(""),
    /** Automatic rotation: a rotation Lambda (ARN) and the schedule. Without it the secret is rotated by its owner. */
    rotation: z.strictObject({ lambdaArn: awsArn("lambda"), days: z.number().int().min(1).max(365).default(30) }).optional(),
});

const probeSchema = (defaults: { path: string; periodSeconds: number; failureThreshold: number }) =>
    z
        .strictObject({
            /** HTTP path answered with 2xx when healthy. */
            path: z.string().startsWith("/").default(defaults.path),
            /** Port the probe calls; must be one of the container's ports. Default: the service port. */
            port: z.number().int().min(1).max(65535).optional(),
            periodSeconds: z.number().int().min(1).max(300).default(defaults.periodSeconds),
            failureThreshold: z.number().int().min(1).max(120).default(defaults.failureThreshold),
        })
        .prefault({});

const resourcesSchema = z
    .strictObject({
        requests: z.strictObject({ cpu: cpuQuantity(), memory: memoryQuantity() }),
        limits: z.strictObject({ cpu: cpuQuantity(), memory: memoryQuantity() }),
    })
    .superRefine((r, ctx) => {
        if (cpuMillis(r.limits.cpu) < cpuMillis(r.requests.cpu)) {
            ctx.addIssue({ code: "custom", path: ["limits", "cpu"], input: r.limits.cpu, message: `is below requests.cpu (${r.requests.cpu}); expected limits >= requests` });
        }
        if (memoryMiB(r.limits.memory) < memoryMiB(r.requests.memory)) {
            ctx.addIssue({
                code: "custom",
                path: ["limits", "memory"],
                input: r.limits.memory,
                message: `is below requests.memory (${r.requests.memory}); expected limits >= requests`,
            });
        }
    });

const httpsUrl = () => z.url({ protocol: /^https$/, message: "is not an https URL; Cognito and the ALB accept only https callbacks" });

/** Login through Cognito at the ALB (public services): the app client's OAuth settings. */
const authSchema = z.strictObject({
    /** Where Cognito returns after login; the ALB's is https://<host>/oauth2/idpresponse. */
    callbackUrls: z.array(httpsUrl()).min(1),
    logoutUrls: z.array(httpsUrl()).default([]),
    scopes: z.array(z.enum(["openid", "email", "profile", "phone"])).default(["openid", "email"]),
});

/** A data bucket the service owns. */
const bucketSchema = z.strictObject({
    /** What it holds; names the bucket and the `<PURPOSE>_BUCKET` environment variable. */
    purpose: kubernetesName(),
    /** Objects are deleted after this many days (and old versions 30 days after they are replaced). */
    retentionDays: z.number().int().min(1).max(36500),
    /** Other services that may read it (the owner reads and writes). */
    readers: z.array(kubernetesName()).default([]),
});

export const TIERS = ["critical", "standard", "batch"] as const;

export function serviceSchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /** Container image pinned by digest: `repo[:tag]@sha256:<64 hex>`. */
            image: pinnedImage(),
            /** `critical` runs on on-demand nodes only; `standard` prefers spot and may fall back; `batch` runs on spot only. */
            tier: z.enum(TIERS).default("standard"),
            /** Port the service listens on (HTTP). */
            port: z.number().int().min(1).max(65535).default(8080),
            /** Port of the Prometheus metrics endpoint. Default: the service port. */
            metricsPort: z.number().int().min(1).max(65535).optional(),
            metricsPath: z.string().startsWith("/").default("/metrics"),
            /** Per-pod requests and limits. */
            resources: resourcesSchema,
            /** Horizontal autoscaling bounds and targets (autoscaling/v2). */
            replicas: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
            autoscaling: z
                .strictObject({
                    /** Target average cpu utilisation, % of requests. */
                    cpuUtilization: z.number().int().min(10).max(100).default(70),
                    /** Target average memory utilisation, % of requests. */
                    memoryUtilization: z.number().int().min(10).max(100).default(80),
                })
                .prefault({}),
            probes: z
                .strictObject({
                    readiness: probeSchema({ path: "/ready", periodSeconds: 10, failureThreshold: 3 }),
                    liveness: probeSchema({ path: "/live", periodSeconds: 10, failureThreshold: 3 }),
                    /** Gives slow starters time before liveness counts: periodSeconds × failureThreshold. */
                    startup: probeSchema({ path: "/ready", periodSeconds: 5, failureThreshold: 30 }),
                })
                .prefault({}),
            /** Graceful shutdown: the pod leaves the load balancer during preStop, then gets SIGTERM. */
            shutdown: z
                .strictObject({
                    preStopSleepSeconds: z.number().int().min(0).max(120).default(10),
                    gracePeriodSeconds: z.number().int().min(1).max(3600).default(45),
                })
                .prefault({}),
            /** Serve to the internet through an ALB with TLS and the WAF; absent means cluster-internal only. */
            public: z
                .strictObject({
                    host: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: "is not a DNS host name" }),
                    /** ACM certificate for the host. */
                    certificateArn: awsArn("acm"),
                    paths: z.array(z.string().startsWith("/")).min(1).default(["/"]),
                })
                .optional(),
            /** Users log in through Cognito at the ALB before reaching the service (public services only). */
            auth: authSchema.optional(),
            /** The service's own S3 buckets: encrypted, versioned, private, replicated to the DR region. */
            buckets: z.array(bucketSchema).default([]),
            /** Services this one calls; NetworkPolicies allow exactly these. */
            calls: z.array(kubernetesName()).default([]),
            /** Secrets in AWS Secrets Manager, synced into the namespace by External Secrets and mounted as files. */
            secrets: z.array(secretSchema).default([]),
            /** AWS resources the service may use through its Pod Identity role; nothing else. */
            aws: z
                .strictObject({
                    /** `<bucket>/<prefix>` locations the service reads and writes. */
                    s3Prefixes: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[\w!.*'()/-]*$/, { message: "is not <bucket>/<prefix>" })).default([]),
                    /** SQS queues the service sends to and receives from. */
                    sqsQueueArns: z.array(awsArn("sqs")).default([]),
                })
                .prefault({}),
            /** Plain (non-secret) environment variables. */
            env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "is not an environment variable name" }), z.string()).default({}),
            /** Service level objectives; SLO burn-rate alerts are generated from them. */
            slo: z
                .strictObject({
                    /** % of requests that succeed (not 5xx), e.g. 99.9. */
                    availability: z
                        .number()
                        .min(90)
                        .max(99.999)
                        .default(prod ? 99.9 : 99),
                    /** The latency objective: `percentile`% of requests finish within `thresholdSeconds` (a histogram bucket bound). */
                    latency: z.strictObject({ thresholdSeconds: z.number().positive().default(0.5), percentile: z.number().min(50).max(99.99).default(99) }).prefault({}),
                })
                .prefault({}),
            /** Why the service needs a Kubernetes API token; absent means no token is mounted. */
            kubernetesApiAccess: z.string().min(10).optional(),
        })
        .superRefine((svc, ctx) => {
            if (svc.replicas.min > svc.replicas.max) {
                ctx.addIssue({
                    code: "custom",
                    path: ["replicas", "min"],
                    input: svc.replicas.min,
                    message: `is greater than replicas.max (${svc.replicas.max}); expected min <= max`,
                });
            }
            if (prod && svc.tier === "critical" && svc.replicas.min < 2) {
                ctx.addIssue({
                    code: "custom",
                    path: ["replicas", "min"],
                    input: svc.replicas.min,
                    message: "is below 2 for a critical service in prod; expected at least 2 so one pod can fail",
                });
            }
            if (svc.auth && !svc.public) {
                ctx.addIssue({
                    code: "custom",
                    path: ["auth"],
                    input: undefined,
                    message: "is set, but the service is not public: login happens at its internet-facing load balancer; add public or remove auth",
                });
            }
            const ports = [svc.port, svc.metricsPort ?? svc.port];
            for (const probe of ["readiness", "liveness", "startup"] as const) {
                const port = svc.probes[probe].port;
                if (port !== undefined && !ports.includes(port)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["probes", probe, "port"],
                        input: port,
                        message: `is not a port of the container; expected one of ${[...new Set(ports)].join(", ")}`,
                    });
                }
            }
        });
}

/** All services; `calls` must name services of the same stack. */
export function servicesSchema(env: Environment) {
    return z
        .record(kubernetesName(), serviceSchema(env))
        .superRefine((services, ctx) => {
            for (const [name, svc] of Object.entries(services)) {
                svc.buckets.forEach((bucket, b) =>
                    bucket.readers.forEach((reader, i) => {
                        if (!(reader in services)) {
                            ctx.addIssue({
                                code: "custom",
                                path: [name, "buckets", b, "readers", i],
                                input: reader,
                                message: `is not a service of this stack; expected one of ${Object.keys(services).join(", ")}`,
                            });
                        }
                    }),
                );
                svc.calls.forEach((callee, i) => {
                    if (!(callee in services)) {
                        ctx.addIssue({
                            code: "custom",
                            path: [name, "calls", i],
                            input: callee,
                            message: `is not a service of this stack; expected one of ${Object.keys(services).join(", ")}`,
                        });
                    } else if (callee === name) {
                        ctx.addIssue({ code: "custom", path: [name, "calls", i], input: callee, message: "is the service itself; a service needs no policy to call itself" });
                    }
                });
            }
        })
        .prefault({});
}

export type ServiceConfig = z.output<ReturnType<typeof serviceSchema>>;
export type ServiceSecretConfig = z.output<typeof secretSchema>;
