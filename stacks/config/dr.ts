import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { awsRegion, Environment, kubernetesName } from "./validators";

/** Five-field cron, as Velero schedules take it, that cron-parser can read (dr:check bounds the RPO with it). */
const cron = () =>
    z.string().superRefine((value, ctx) => {
        const fields = value.trim().split(/\s+/).length;
        let problem = fields === 5 ? undefined : `it has ${fields} field${fields === 1 ? "" : "s"}`;
        try {
            CronExpressionParser.parse(value, { tz: "UTC" });
        } catch (err) {
            problem ??= (err as Error).message;
        }
        if (problem) {
            ctx.addIssue({ code: "custom", message: `is not a cron expression (${problem}); expected five fields, e.g. "0 * * * *"` });
        }
    });

const scheduleSchema = z.strictObject({
    name: kubernetesName(),
    /** When it runs (cron, UTC). */
    cron: cron(),
    /** How long its backups are kept. */
    ttlHours: z.number().int().min(1).max(8760),
    /** `services`: the service namespaces (the data the RPO is about); `cluster`: everything. */
    scope: z.enum(["services", "cluster"]),
});

/** Route 53 failover of one user-facing host between the regional endpoints. */
const failoverRecordSchema = z.strictObject({
    /** The name users call, e.g. automatrix.auterity.example.com. */
    host: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: "is not a DNS host name" }),
    /** This region's endpoint (a CNAME to its ALB, kept by the team or external-dns). */
    regionalHost: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: "is not a DNS host name" }),
    /** Path the health check calls over HTTPS (the readiness path). */
    healthCheckPath: z.string().startsWith("/"),
});

export function drSchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /** `primary` serves traffic and replicates out; `standby` is the warm copy in the DR region. */
            role: z.enum(["primary", "standby"]).default("primary"),
            /** Region that receives replicas (primary) or that this standby protects against losing (standby). */
            peerRegion: awsRegion().optional(),
            /** Standby only: the primary's stack, `<org>/<project>/<stack>`, read through a StackReference. */
            primaryStack: z
                .string()
                .regex(/^([\w.-]+\/){0,2}[\w.-]+$/, { message: "is not a stack name; expected <org>/<project>/<stack>" })
                .optional(),
            /**
             * Primary only: the standby's stack name (e.g. prod-dr). Its services' roles are the only ones
             * that may read and write the replicas of the data buckets (after a failover).
             */
            standbyStack: z
                .string()
                .regex(/^[\w.-]+$/, { message: "is not a stack name; expected e.g. prod-dr" })
                .optional(),
            /** Recovery point objective: the most data (hours) a regional loss may cost. */
            rpoHours: z
                .number()
                .min(0.25)
                .max(168)
                .default(prod ? 1 : 24),
            /** Recovery time objective: how long (minutes) the failover may take. */
            rtoMinutes: z
                .number()
                .int()
                .min(5)
                .max(10080)
                .default(prod ? 60 : 480),
            /** Velero schedules (primary). */
            schedules: z.array(scheduleSchema).default([
                { name: "services-hourly", cron: "0 * * * *", ttlHours: 72, scope: "services" },
                { name: "cluster-daily", cron: "0 3 * * *", ttlHours: 720, scope: "cluster" },
            ]),
            /** Object Lock on the backup bucket so backups cannot be deleted before they expire. */
            backupLock: z.strictObject({ mode: z.enum(["GOVERNANCE", "COMPLIANCE"]), days: z.number().int().min(1).max(3650) }).optional(),
            /** S3 Replication Time Control: 99.99% of objects replicated within 15 minutes (extra cost). */
            replicationTimeControl: z.boolean().default(prod),
            /** AWS Backup for stateful AWS resources tagged `backup=true`, copied to the peer region. */
            awsBackup: z
                .strictObject({
                    enabled: z.boolean().default(prod),
                    /** AWS Backup cron, e.g. cron(0 5 * * ? *). */
                    schedule: z
                        .string()
                        .regex(/^cron\(.+\)$/, { message: "is not an AWS Backup schedule; expected cron(…)" })
                        .default("cron(0 5 * * ? *)"),
                    retentionDays: z.number().int().min(1).max(36500).default(35),
                    /** Vault Lock: recovery points cannot be deleted early; after `changeableForDays` the lock itself is permanent. */
                    vaultLock: z
                        .strictObject({ minRetentionDays: z.number().int().min(1), maxRetentionDays: z.number().int().min(1), changeableForDays: z.number().int().min(3) })
                        .optional(),
                })
                .prefault({}),
            /** Route 53 failover records and health checks for the user-facing hosts. */
            failover: z
                .strictObject({ hostedZoneId: z.string().regex(/^Z[A-Z0-9]+$/, { message: "is not a Route 53 hosted zone ID" }), records: z.array(failoverRecordSchema).min(1) })
                .optional(),
        })
        .superRefine((dr, ctx) => {
            if (dr.role === "standby" && !dr.primaryStack) {
                ctx.addIssue({
                    code: "custom",
                    path: ["primaryStack"],
                    input: dr.primaryStack,
                    message: "is required for a standby stack; expected <org>/<project>/<stack> of the primary",
                });
            }
            if (dr.role === "standby" && !dr.peerRegion) {
                ctx.addIssue({ code: "custom", path: ["peerRegion"], input: dr.peerRegion, message: "is required for a standby stack; expected the primary's region" });
            }
            const lock = dr.awsBackup.vaultLock;
            if (lock && lock.minRetentionDays > lock.maxRetentionDays) {
                ctx.addIssue({
                    code: "custom",
                    path: ["awsBackup", "vaultLock", "minRetentionDays"],
                    input: lock.minRetentionDays,
                    message: `is greater than maxRetentionDays (${lock.maxRetentionDays})`,
                });
            }
            if (lock && dr.awsBackup.retentionDays < lock.minRetentionDays) {
                ctx.addIssue({
                    code: "custom",
                    path: ["awsBackup", "retentionDays"],
                    input: dr.awsBackup.retentionDays,
                    message: `is below the vault lock's minRetentionDays (${lock.minRetentionDays}); the plan could not store its recovery points`,
                });
            }
        })
        .prefault({});
}

export type DrConfig = z.output<ReturnType<typeof drSchema>>;
