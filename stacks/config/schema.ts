import { z } from "zod";
import { accountSchema } from "./account";
import { clusterSchema } from "./cluster";
import { costSchema } from "./cost";
import { deploySchema } from "./deploy";
import { drSchema } from "./dr";
import { identitySchema } from "./identity";
import { networkSchema } from "./network";
import { observabilitySchema } from "./observability";
import { servicesSchema } from "./services";
import { Environment } from "./validators";

/** The whole stack configuration: every `platform:<key>` of `Pulumi.<stack>.yaml`, typed. */
export function stackConfigSchema(env: Environment) {
    return z
        .strictObject({
            /** `dev` or `prod`; chooses the defaults and the stricter rules of prod. */
            environment: z.literal(env),
            /** Team that owns the stack; becomes the `owner` cost allocation tag. */
            owner: z.string().min(1),
            /** Finance cost center; becomes the `cost-center` tag. */
            costCenter: z.string().min(1),
            account: accountSchema(),
            /**
             * First deploy in a fresh account: everything but what needs images in ECR and secret values in
             * Secrets Manager (the services' workloads, secret rotation). Set false once both are there.
             */
            bootstrap: z.boolean().default(false),
            /** The deploy runner inside the VPC; absent: none (docs/operations.md). */
            deploy: deploySchema().optional(),
            network: networkSchema(env),
            cluster: clusterSchema(env),
            services: servicesSchema(env),
            observability: observabilitySchema(env),
            dr: drSchema(env),
            cost: costSchema(env),
            /** The Cognito user pool; absent: no user pool (no service may use `auth`). */
            identity: identitySchema(env).optional(),
        })
        .superRefine((config, ctx) => {
            for (const [service, spec] of Object.entries(config.services)) {
                // Data must outlive the recovery point: a bucket that forgets faster than the RPO cannot be restored to it.
                const minimumDays = Math.ceil(config.dr.rpoHours / 24);
                spec.buckets.forEach((bucket, i) => {
                    if (bucket.retentionDays >= 1 && bucket.retentionDays < minimumDays) {
                        ctx.addIssue({
                            code: "custom",
                            path: ["services", service, "buckets", i, "retentionDays"],
                            input: bucket.retentionDays,
                            message: `is shorter than the backup RPO (dr.rpoHours ${config.dr.rpoHours}); expected at least ${minimumDays} day${minimumDays === 1 ? "" : "s"}`,
                        });
                    }
                });
                if (spec.auth && !config.identity) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["services", service, "auth"],
                        input: undefined,
                        message: "is set, but the stack has no platform:identity (the user pool); add it or remove auth",
                    });
                }
            }
            const replicatesData = config.dr.role === "primary" && config.dr.peerRegion && Object.values(config.services).some((spec) => spec.buckets.length > 0);
            if (replicatesData && !config.dr.standbyStack) {
                ctx.addIssue({
                    code: "custom",
                    path: ["dr", "standbyStack"],
                    input: undefined,
                    message:
                        "is required when data buckets replicate to dr.peerRegion: only the standby's service roles may use the replicas; expected its stack name, e.g. prod-dr",
                });
            }
            // Route 53 probes the regional host: a host no service serves can never be healthy, so failover never works.
            const served = Object.values(config.services).flatMap((spec) => (spec.public ? [spec.public.host] : []));
            config.dr.failover?.records.forEach((record, i) => {
                const readiness = Object.values(config.services).find((spec) => spec.public?.host === record.host)?.probes.readiness.path;
                if (readiness !== undefined && readiness !== record.healthCheckPath) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["dr", "failover", "records", i, "healthCheckPath"],
                        input: record.healthCheckPath,
                        message: `is not the service's readiness path, which is what answers 2xx when it can serve; expected ${readiness}`,
                    });
                }
                if (!served.includes(record.host)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["dr", "failover", "records", i, "host"],
                        input: record.host,
                        message: `is not the public host of any service, so no load balancer serves its health check; expected one of ${served.join(", ") || "(none: no service is public)"}`,
                    });
                }
            });
            for (const service of Object.keys(config.cost.serviceBudgetsUsd)) {
                if (!(service in config.services)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["cost", "serviceBudgetsUsd", service],
                        input: service,
                        message: `is not a service of this stack; expected one of ${Object.keys(config.services).join(", ")}`,
                    });
                }
            }
        });
}

export type StackSettings = z.output<ReturnType<typeof stackConfigSchema>>;
