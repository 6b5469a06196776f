import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsManagedPolicyArn } from "../../policies/lib/aws-managed-policies";
import { AwsContext, iamRoleName, serviceTrustPolicy } from "../shared/iam";
import { EncryptedBucket, EncryptedBucketArgs } from "../storage/encrypted-bucket";
import { BucketReplication, onlyReplicationReplicates, replicationRoleName } from "./replication";
import { EksClusterRef } from "../shared/pod-identity";
import { Velero, VeleroSchedule } from "./velero";

export { Velero, VELERO_NAMESPACE } from "./velero";

export interface FailoverRecord {
    /** The name users call. */
    host: string;
    /** This region's endpoint (a CNAME to its ALB). */
    regionalHost: string;
    healthCheckPath: string;
}

export interface FailoverArgs {
    hostedZoneId: string;
    records: FailoverRecord[];
    /** `PRIMARY` in the primary stack, `SECONDARY` in the standby. */
    role: "PRIMARY" | "SECONDARY";
    region: string;
}

/** Route 53 failover records with HTTPS health checks of this region's endpoints. */
export function failoverRecords(name: string, args: FailoverArgs, opts: pulumi.CustomResourceOptions): void {
    args.records.forEach((record, i) => {
        const check = new aws.route53.HealthCheck(
            `${name}-${i}`,
            {
                type: "HTTPS",
                fqdn: record.regionalHost,
                port: 443,
                resourcePath: record.healthCheckPath,
                failureThreshold: 3,
                requestInterval: 30,
                measureLatency: true,
                tags: { Name: `${record.host} in ${args.region}` },
            },
            opts,
        );
        new aws.route53.Record(
            `${name}-${i}`,
            {
                zoneId: args.hostedZoneId,
                name: record.host,
                type: "CNAME",
                ttl: 60,
                records: [record.regionalHost],
                setIdentifier: `${args.role.toLowerCase()}-${args.region}`,
                failoverRoutingPolicies: [{ type: args.role }],
                healthCheckId: check.id,
            },
            opts,
        );
    });
}

export interface DisasterRecoveryArgs {
    /** Account, partition and region of the primary. */
    aws: AwsContext;
    /** Where replicas go: the DR region, its provider, and the keys the primary created there. */
    peer: { region: string; provider: aws.Provider; storageKeyArn: pulumi.Input<string> };
    /** Key of the primary's backup bucket. */
    storageKeyArn: pulumi.Input<string>;
    /** Velero schedules; `services` schedules cover exactly the service namespaces. */
    schedules: VeleroSchedule[];
    /** Object Lock of the backup bucket. Default: none. */
    backupLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    replicationTimeControl: boolean;
    /** Other buckets to replicate (the observability buckets per config, the services' data), with the replica's purpose (default: the name), tags and retention (S3 does not replicate lifecycle expirations). */
    extraReplications: { name: string; bucket: EncryptedBucket; replica?: Partial<Pick<EncryptedBucketArgs, "purpose" | "tags" | "expirationDays" | "policyStatements">> }[];
    /** Name of AWS Backup's role, fixed so the data buckets' policies can let it read and restore. Default: generated. */
    backupRoleName?: string;
    /** AWS Backup for resources tagged backup=true, copied to the DR region; restore tested weekly. */
    awsBackup: { enabled: boolean; schedule: string; retentionDays: number; vaultLock?: { minRetentionDays: number; maxRetentionDays: number; changeableForDays: number } };
    failover?: Omit<FailoverArgs, "role" | "region">;
    eksCluster?: EksClusterRef;
    /** Most nodes the pools can reach (Velero's node agent runs on each). */
    maxNodes: number;
    protect: boolean;
    providers: { aws: aws.Provider; kubernetes: k8s.Provider };
}

/**
 * The primary's half of disaster recovery: Velero file-system backups to a locked, versioned,
 * encrypted bucket replicated into the DR region (re-encrypted there), the observability
 * buckets replicated where config asks, AWS Backup with a copy in the DR region and a weekly
 * restore test, and the PRIMARY Route 53 failover records.
 */
export class DisasterRecovery extends pulumi.ComponentResource {
    readonly backupBucket: EncryptedBucket;
    /** The replica the standby's Velero reads. */
    readonly backupReplica: EncryptedBucket;
    readonly replicas: { name: string; source: EncryptedBucket; replica: EncryptedBucket }[];

    constructor(name: string, args: DisasterRecoveryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:dr:DisasterRecovery", name, {}, opts);
        const awsOpts = { parent: this, provider: args.providers.aws };
        this.backupBucket = new EncryptedBucket(
            `${name}-backups`,
            {
                purpose: "backups",
                kmsKeyArn: args.storageKeyArn,
                // Velero expires backups by TTL; the bucket only cleans up old versions.
                noncurrentVersionExpirationDays: 30,
                objectLock: args.backupLock,
                protect: args.protect,
                provider: args.providers.aws,
            },
            { parent: this },
        );
        new Velero(
            `${name}-velero`,
            {
                bucket: this.backupBucket.name,
                bucketArn: this.backupBucket.arn,
                kmsKeyArn: args.storageKeyArn,
                region: args.aws.region,
                accessMode: "ReadWrite",
                schedules: args.schedules,
                eksCluster: args.eksCluster,
                maxNodes: args.maxNodes,
                providers: args.providers,
            },
            { parent: this },
        );

        const replications: DisasterRecoveryArgs["extraReplications"] = [{ name: "backups", bucket: this.backupBucket }, ...args.extraReplications];
        this.replicas = replications.map(({ name: replicationName, bucket, replica: replicaArgs }) => {
            const replication = `${name}-${replicationName}-replication`;
            const replicationRole = pulumi.interpolate`arn:${args.aws.partition}:iam::${args.aws.accountId}:role/${replicationRoleName(replication)}`;
            const replica = new EncryptedBucket(
                `${name}-${replicationName}-replica`,
                {
                    purpose: replicationName,
                    ...replicaArgs,
                    policyStatements: (arn) => [onlyReplicationReplicates(arn, replicationRole), ...(replicaArgs?.policyStatements?.(arn) ?? [])],
                    // S3 replicates locked objects only into a locked bucket; the replica keeps them as long.
                    objectLock: bucket.objectLock,
                    kmsKeyArn: args.peer.storageKeyArn,
                    noncurrentVersionExpirationDays: 30,
                    protect: args.protect,
                    provider: args.peer.provider,
                },
                { parent: this },
            );
            new BucketReplication(
                replication,
                {
                    aws: args.aws,
                    source: bucket,
                    sourceKeyArn: args.storageKeyArn,
                    sourceRegion: args.aws.region,
                    destination: replica,
                    destinationKeyArn: args.peer.storageKeyArn,
                    destinationRegion: args.peer.region,
                    replicationTimeControl: args.replicationTimeControl,
                    provider: args.providers.aws,
                },
                { parent: this },
            );
            return { name: replicationName, source: bucket, replica };
        });
        this.backupReplica = this.replicas[0].replica;

        if (args.awsBackup.enabled) {
            this.createAwsBackup(name, args, awsOpts);
        }
        if (args.failover) {
            failoverRecords(`${name}-failover`, { ...args.failover, role: "PRIMARY", region: args.aws.region }, awsOpts);
        }
        this.registerOutputs({ backupBucket: this.backupBucket.name, backupReplica: this.backupReplica.name });
    }

    private createAwsBackup(name: string, args: DisasterRecoveryArgs, awsOpts: pulumi.CustomResourceOptions): void {
        const backup = args.awsBackup;
        const vault = new aws.backup.Vault(`${name}-vault`, { kmsKeyArn: args.storageKeyArn, forceDestroy: !args.protect }, { ...awsOpts, protect: args.protect });
        if (backup.vaultLock) {
            new aws.backup.VaultLockConfiguration(`${name}-vault-lock`, { backupVaultName: vault.name, ...backup.vaultLock }, awsOpts);
        }
        const peerVault = new aws.backup.Vault(
            `${name}-peer-vault`,
            { kmsKeyArn: args.peer.storageKeyArn, forceDestroy: !args.protect },
            { parent: this, provider: args.peer.provider, protect: args.protect },
        );
        // No confused-deputy condition: AWS Backup does not send aws:SourceAccount when it assumes a role (docs/aws-constraints.md).
        const role = new aws.iam.Role(
            `${name}-backup`,
            { name: args.backupRoleName ?? iamRoleName(name, "backup"), assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com") },
            awsOpts,
        );
        (
            [
                "AWSBackupServiceRolePolicyForBackup",
                "AWSBackupServiceRolePolicyForRestores",
                "AWSBackupServiceRolePolicyForS3Backup",
                "AWSBackupServiceRolePolicyForS3Restore",
            ] as const
        ).forEach(
            (policy) => new aws.iam.RolePolicyAttachment(`${name}-backup-${policy}`, { role: role.name, policyArn: awsManagedPolicyArn(args.aws.partition, policy) }, awsOpts),
        );
        const plan = new aws.backup.Plan(
            `${name}-plan`,
            {
                rules: [
                    {
                        ruleName: "daily-with-dr-copy",
                        targetVaultName: vault.name,
                        schedule: backup.schedule,
                        startWindow: 60,
                        completionWindow: 360,
                        lifecycle: { deleteAfter: backup.retentionDays },
                        copyActions: [{ destinationVaultArn: peerVault.arn, lifecycle: { deleteAfter: backup.retentionDays } }],
                    },
                ],
            },
            awsOpts,
        );
        new aws.backup.Selection(
            `${name}-tagged`,
            {
                planId: plan.id,
                iamRoleArn: role.arn,
                resources: ["*"],
                selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "true" }],
            },
            awsOpts,
        );
        // A weekly drill: AWS Backup restores the latest EBS recovery point and checks it, then deletes it.
        const testing = new aws.backup.RestoreTestingPlan(
            `${name}-restore-test`,
            {
                name: `${name.replace(/-/g, "_")}_restore_test`,
                scheduleExpression: "cron(0 6 ? * SUN *)",
                startWindowHours: 24,
                recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [vault.arn], recoveryPointTypes: ["SNAPSHOT"], selectionWindowDays: 7 },
            },
            awsOpts,
        );
        new aws.backup.RestoreTestingSelection(
            `${name}-restore-test-ebs`,
            {
                name: "ebs_volumes",
                restoreTestingPlanName: testing.name,
                protectedResourceType: "EBS",
                iamRoleArn: role.arn,
                protectedResourceConditions: { stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] },
                validationWindowHours: 4,
            },
            awsOpts,
        );
    }
}

export interface DisasterRecoveryStandbyArgs {
    region: string;
    /** The replicated backup bucket (in this region) and the key its objects are encrypted with. */
    backupReplica: { name: pulumi.Input<string>; arn: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string> };
    failover?: Omit<FailoverArgs, "role" | "region">;
    eksCluster?: EksClusterRef;
    /** Most nodes the pools can reach (Velero's node agent runs on each). */
    maxNodes: number;
    providers: { aws: aws.Provider; kubernetes: k8s.Provider };
}

/**
 * The standby's half: Velero pointed read-only at the replicated backup bucket (it restores, it
 * never writes to the primary's data), and the SECONDARY failover records.
 */
export class DisasterRecoveryStandby extends pulumi.ComponentResource {
    constructor(name: string, args: DisasterRecoveryStandbyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:dr:DisasterRecoveryStandby", name, {}, opts);
        new Velero(
            `${name}-velero`,
            {
                bucket: args.backupReplica.name,
                bucketArn: args.backupReplica.arn,
                kmsKeyArn: args.backupReplica.kmsKeyArn,
                region: args.region,
                accessMode: "ReadOnly",
                schedules: [],
                eksCluster: args.eksCluster,
                maxNodes: args.maxNodes,
                providers: args.providers,
            },
            { parent: this },
        );
        if (args.failover) {
            failoverRecords(`${name}-failover`, { ...args.failover, role: "SECONDARY", region: args.region }, { parent: this, provider: args.providers.aws });
        }
        this.registerOutputs({});
    }
}
