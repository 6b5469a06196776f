import { z } from "zod";
import { emailAddress, Environment } from "./validators";

const duration = () => z.string().regex(/^\d+[dhw]$/, { message: 'is not a Prometheus duration; expected e.g. "15d"' });

export function observabilitySchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            prometheus: z
                .strictObject({
                    /** Keep samples this long... */
                    retention: duration().default(prod ? "15d" : "3d"),
                    /** ...or until the volume holds this much, whichever comes first. */
                    retentionSizeGiB: z
                        .number()
                        .int()
                        .min(1)
                        .default(prod ? 45 : 8),
                    /** Encrypted gp3 volume per replica; must exceed retentionSizeGiB. */
                    storageGiB: z
                        .number()
                        .int()
                        .min(5)
                        .default(prod ? 50 : 10),
                    replicas: z
                        .number()
                        .int()
                        .min(1)
                        .max(3)
                        .default(prod ? 2 : 1),
                })
                .superRefine((p, ctx) => {
                    if (p.retentionSizeGiB >= p.storageGiB) {
                        ctx.addIssue({
                            code: "custom",
                            path: ["retentionSizeGiB"],
                            input: p.retentionSizeGiB,
                            message: `must be below storageGiB (${p.storageGiB}) so the volume never fills`,
                        });
                    }
                })
                .prefault({}),
            alertmanager: z
                .strictObject({
                    replicas: z
                        .number()
                        .int()
                        .min(1)
                        .max(5)
                        .default(prod ? 3 : 1),
                })
                .prefault({}),
            loki: z
                .strictObject({
                    /** Days logs stay queryable (and in S3). */
                    retentionDays: z
                        .number()
                        .int()
                        .min(1)
                        .max(3650)
                        .default(prod ? 30 : 7),
                    /** SingleBinary replicas (3 gives replication factor 3). */
                    replicas: z.union([z.literal(1), z.literal(3)]).default(prod ? 3 : 1),
                })
                .prefault({}),
            tempo: z
                .strictObject({
                    retentionDays: z
                        .number()
                        .int()
                        .min(1)
                        .max(365)
                        .default(prod ? 14 : 3),
                })
                .prefault({}),
            tracing: z
                .strictObject({
                    /** Share of ordinary traces kept by the gateway's tail sampler; errors and slow traces are always kept. */
                    samplingPercent: z
                        .number()
                        .min(0)
                        .max(100)
                        .default(prod ? 10 : 100),
                    /** Traces slower than this are always kept. */
                    slowTraceThresholdMs: z.number().int().min(1).default(1000),
                })
                .prefault({}),
            /**
             * Who gets the AWS-side alerts (certificate expiry, budgets, cost anomalies): e-mail subscriptions
             * of the alerts topic, each confirmed once by its recipient. Prod needs at least one: a topic
             * without a subscription delivers nothing.
             */
            alertEmails: z
                .array(emailAddress())
                .min(prod ? 1 : 0)
                .default([]),
            /** Replicate the log and trace buckets to the DR region too (backups always replicate). */
            replicateToDr: z.boolean().default(false),
        })
        .prefault({});
}

export type ObservabilityConfig = z.output<ReturnType<typeof observabilitySchema>>;
