import { partition } from "@aws-sdk/util-endpoints";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DisasterRecovery, DisasterRecoveryStandby } from "../components/disaster-recovery";
import { CostGuardrails } from "../components/cost";
import { DeployRunner } from "../components/deploy-runner";
import { ApplicationData, ownerAndReaderStatements } from "../components/data";
import { Identity } from "../components/identity";
import { customerManagedKey } from "../components/kms";
import { ObservabilityStack } from "../components/observability";
import { ContainerRegistry } from "../components/registry";
import { CLUSTER_SECRET_STORE, SecureCluster } from "../components/secure-cluster";
import { ServiceDeployment } from "../components/service-deployment";
import { AwsContext, iamRoleName } from "../components/shared/iam";
import { PlatformConfig } from "./config";

/**
 * The cost allocation tags every resource carries (provider defaultTags, node launch templates).
 * `environment` is the stack (dev, prod, prod-dr), so each stack's budget sees its own spend.
 */
export function costTags(config: PlatformConfig): Record<string, string> {
    return { environment: config.stack, owner: config.owner, "cost-center": config.costCenter, service: "platform", "managed-by": "pulumi" };
}

/** Secrets Manager secrets of the observability stack; their values (receiver keys, admin password) are set out of band. */
const OBSERVABILITY_SECRETS = [
    { service: "observability", name: "alertmanager-receivers", description: "PagerDuty routing key (pagerduty-routing-key) and Slack webhook URL (slack-webhook-url)" },
    { service: "observability", name: "grafana-admin", description: "Grafana admin credential (admin-user, admin-password)" },
];

/** What a primary stack exports for its standby (read through a StackReference). */
export interface PrimaryDisasterRecoveryOutputs {
    /** Prefix of the secrets whose replicas the standby reads. */
    secretsPrefix: string;
    /** Keys the primary created in the standby's region for its replicas. */
    replicaSecretsKeyArn: string;
    replicaStorageKeyArn: string;
    /** The replicated Velero bucket, in the standby's region. */
    backupReplicaBucket: string;
    backupReplicaBucketArn: string;
    /** Replicas of the services' data buckets in the standby's region, by `<service>/<purpose>`. */
    dataReplicas: Record<string, { name: string; arn: string }>;
}

/** A data bucket a service reaches, wherever it lives: the primary's own, or its replica on a standby. */
interface DataBucket {
    owner: string;
    purpose: string;
    readers: string[];
    name: pulumi.Input<string>;
    arn: pulumi.Input<string>;
}

/** The buckets a service owns (read-write) or was granted (read). */
function grantsOf(service: string, buckets: DataBucket[]) {
    return buckets
        .filter((b) => b.owner === service || b.readers.includes(service))
        .map((b) => ({ purpose: b.purpose, name: b.name, arn: b.arn, access: b.owner === service ? ("read-write" as const) : ("read" as const) }));
}

/** The standby's data buckets: the primary's replicas in this region. */
function replicaDataBuckets(config: PlatformConfig, primary: pulumi.Output<PrimaryDisasterRecoveryOutputs>): DataBucket[] {
    return Object.entries(config.services).flatMap(([owner, spec]) =>
        spec.buckets.map(({ purpose, readers }) => {
            const replica = primary.apply((outputs) => {
                const found = outputs.dataReplicas?.[`${owner}/${purpose}`];
                if (!found) {
                    throw new pulumi.RunError(`${config.dr.primaryStack} exports no replica of ${owner}'s "${purpose}" bucket; add the bucket to the primary and deploy it first`);
                }
                return found;
            });
            return { owner, purpose, readers, name: replica.name, arn: replica.arn };
        }),
    );
}

/** The kubeconfig of an existing dev cluster: from secret config, or the file KUBECONFIG names. */
function existingKubeconfig(config: PlatformConfig): pulumi.Output<string> | undefined {
    const existing = config.cluster.existing;
    if (!existing) {
        return undefined;
    }
    if (existing.kubeconfig) {
        return pulumi.secret(existing.kubeconfig);
    }
    const file = process.env.KUBECONFIG?.split(path.delimiter)[0] || path.join(os.homedir(), ".kube", "config");
    return pulumi.secret(fs.readFileSync(file, "utf8"));
}

/** The repository name of an image reference: `<registry>/<repository>:<tag>@<digest>` → `<repository>`. */
function repositoryOf(image: string): string {
    return image
        .split("@")[0]
        .replace(/:[^/:]+$/, "")
        .split("/")
        .slice(1)
        .join("/");
}

/** The regional host and path Route 53 probes for a public host with failover, if it has one. */
function regionalHealthCheck(config: PlatformConfig, host: string): { host: string; path: string } | undefined {
    const record = config.dr.failover?.records.find((r) => r.host === host);
    return record && { host: record.regionalHost, path: record.healthCheckPath };
}

/** Maps a stack's validated configuration to the platform's components. */
export function buildPlatform(config: PlatformConfig) {
    const name = `${config.project}-${config.stack}`;
    const tags = costTags(config);
    // Explicit providers: every resource gets its region and the cost allocation tags, and credentials
    // of any other account are refused before anything is read or changed.
    const providerArgs = (region: string) => ({ region: region as aws.Region, allowedAccountIds: [config.account.id], defaultTags: { tags } });
    const provider = new aws.Provider("aws", providerArgs(config.region));
    // The partition (aws, aws-cn, aws-us-gov, ...) by AWS's own endpoint rules for the region.
    const awsContext: AwsContext = { accountId: config.account.id, partition: partition(config.region).name, region: config.region };
    const prod = config.environment === "prod";
    const { cluster: clusterConfig, dr: drConfig } = config;
    const standby = drConfig.role === "standby";

    // A standby reads the primary's outputs; it never writes to the primary's resources.
    const primaryReference = standby ? new pulumi.StackReference(drConfig.primaryStack!) : undefined;
    const primary = primaryReference?.requireOutput("disasterRecovery") as pulumi.Output<PrimaryDisasterRecoveryOutputs> | undefined;
    // A primary with a peer region owns the keys its replicas are encrypted with there.
    const peer =
        !standby && drConfig.peerRegion
            ? (() => {
                  const peerProvider = new aws.Provider("aws-peer", providerArgs(drConfig.peerRegion!));
                  const keyArgs = { aws: { ...awsContext, region: drConfig.peerRegion! }, aliasPrefix: `${name}-replica`, protect: prod, provider: peerProvider };
                  return {
                      region: drConfig.peerRegion!,
                      provider: peerProvider,
                      secretsKey: customerManagedKey(`${name}-replica-secrets`, "secrets", keyArgs, {}),
                      storageKey: customerManagedKey(`${name}-replica-storage`, "storage", keyArgs, {}),
                  };
              })()
            : undefined;

    const cluster = new SecureCluster(name, {
        aws: awsContext,
        clusterName: name,
        kubernetesVersion: clusterConfig.kubernetesVersion,
        network: config.network,
        publicAccessCidrs: clusterConfig.publicAccessCidrs,
        adminRoleArns: clusterConfig.adminRoleArns,
        logRetentionDays: clusterConfig.logRetentionDays,
        systemPool: clusterConfig.nodePools.system,
        spotPool: clusterConfig.nodePools.spot,
        secrets: standby ? [] : [...Object.entries(config.services).flatMap(([service, spec]) => spec.secrets.map((secret) => ({ service, ...secret }))), ...OBSERVABILITY_SECRETS],
        // The standby's External Secrets reads the primary's replicas in this region.
        secretsPrefix: standby ? `${config.project}-${drConfig.primaryStack!.split("/").pop()}` : undefined,
        externalSecretsKeyArn: primary?.replicaSecretsKeyArn,
        // A fresh account's first deploy: the secrets exist but have no value to rotate yet.
        rotateSecrets: !config.bootstrap,
        secretsReplica: peer ? { region: peer.region, kmsKeyArn: peer.secretsKey.arn } : undefined,
        waf: clusterConfig.waf,
        guardDuty: { enabled: clusterConfig.guardDuty.enabled, detector: config.account.guardDutyDetector },
        autoScalingServiceLinkedRole: config.account.autoScalingServiceLinkedRole,
        nodeTags: tags,
        protect: prod,
        existingCluster: clusterConfig.existing ? { kubeconfig: existingKubeconfig(config)! } : undefined,
        provider,
    });
    const eksCluster = cluster.eksCluster;
    // The EKS API is private: previews and deploys of this stack run on a runner inside its VPC.
    const runner =
        config.deploy && cluster.eks
            ? new DeployRunner(`${name}-deploy`, {
                  aws: awsContext,
                  projectName: `${name}-deploy`,
                  githubRepository: config.deploy.githubRepository,
                  connectionArn: config.deploy.connectionArn,
                  vpcId: cluster.eks.network.vpcId,
                  privateSubnetIds: cluster.eks.network.privateSubnetIds,
                  clusterSecurityGroupId: cluster.eks.controlPlane.clusterSecurityGroupId,
                  logsKeyArn: cluster.keys.logs.arn,
                  provider,
              })
            : undefined;
    const maxNodes = clusterConfig.nodePools.system.maxSize + clusterConfig.nodePools.spot.maxSize;
    const providers = { aws: provider, kubernetes: cluster.kubernetesProvider };

    const observability = new ObservabilityStack(
        `${name}-observability`,
        {
            aws: awsContext,
            eksCluster,
            vpcCidr: config.network.cidr,
            alertEmails: config.observability.alertEmails,
            services: Object.keys(config.services),
            maxNodes,
            prometheus: { ...config.observability.prometheus, alertmanagerReplicas: config.observability.alertmanager.replicas },
            loki: config.observability.loki,
            tempo: config.observability.tempo,
            tracing: config.observability.tracing,
            secretPaths: {
                alertmanagerReceivers: cluster.secretPath("observability", "alertmanager-receivers"),
                grafanaAdmin: cluster.secretPath("observability", "grafana-admin"),
            },
            secretStore: CLUSTER_SECRET_STORE,
            rules: { backupRpoHours: drConfig.rpoHours, spotChurnPerHour: 5 },
            storageKeyArn: cluster.keys.storage.arn,
            certificateArns: [...new Set(Object.values(config.services).flatMap((spec) => (spec.public ? [spec.public.certificateArn] : [])))],
            protect: prod,
            providers,
        },
        { dependsOn: [cluster.addons] },
    );

    new CostGuardrails(`${name}-cost`, {
        aws: awsContext,
        environment: config.stack,
        monthlyBudgetUsd: config.cost.monthlyBudgetUsd,
        serviceBudgetsUsd: config.cost.serviceBudgetsUsd,
        anomalyThresholdUsd: config.cost.anomalyThresholdUsd,
        alertsTopicArn: observability.alertsTopic.arn,
        alertEmails: config.cost.alertEmails,
        provider,
    });

    const users = config.identity
        ? new Identity(`${name}-users`, {
              region: config.region,
              mfa: config.identity.mfa,
              threatProtection: config.identity.threatProtection,
              domainPrefix: config.identity.domainPrefix,
              passwordMinimumLength: config.identity.passwordMinimumLength,
              adminCreateUserOnly: config.identity.adminCreateUserOnly,
              clients: Object.fromEntries(Object.entries(config.services).flatMap(([service, spec]) => (spec.auth ? [[service, spec.auth]] : []))),
              protect: prod,
              provider,
          })
        : undefined;

    // Role names are fixed in advance: the data buckets' policies name them.
    const serviceRoleName = (service: string) => iamRoleName(name, service);
    const backupRoleName = peer && drConfig.awsBackup.enabled ? iamRoleName(name, "backup") : undefined;
    const ownedBuckets = Object.fromEntries(Object.entries(config.services).flatMap(([service, spec]) => (spec.buckets.length > 0 ? [[service, spec.buckets]] : [])));
    // The primary owns the data; a standby reads the primary's replicas (and writes them after failover).
    const data =
        !standby && Object.keys(ownedBuckets).length > 0
            ? new ApplicationData(`${name}-data`, {
                  aws: awsContext,
                  buckets: ownedBuckets,
                  serviceRoleNames: Object.fromEntries(Object.keys(config.services).map((service) => [service, serviceRoleName(service)])),
                  backupRoleName,
                  kmsKeyArn: cluster.keys.storage.arn,
                  protect: prod,
                  provider,
              })
            : undefined;
    const dataBuckets: DataBucket[] = standby
        ? replicaDataBuckets(config, primary!)
        : (data?.buckets ?? []).map((b) => ({ owner: b.owner, purpose: b.purpose, readers: b.readers, name: b.bucket.name, arn: b.bucket.arn }));
    const dataReplicationName = (b: { owner: string; purpose: string }) => `${b.owner}-${b.purpose}`;
    const standbyRoleArn = (service: string) =>
        `arn:${awsContext.partition}:iam::${awsContext.accountId}:role/${iamRoleName(`${config.project}-${drConfig.standbyStack}`, service)}`;

    const disasterRecovery = peer
        ? new DisasterRecovery(
              `${name}-recovery`,
              {
                  aws: awsContext,
                  peer: { region: peer.region, provider: peer.provider, storageKeyArn: peer.storageKey.arn },
                  storageKeyArn: cluster.keys.storage.arn,
                  schedules: drConfig.schedules.map((s) => ({ ...s, includedNamespaces: s.scope === "services" ? Object.keys(config.services) : undefined })),
                  backupLock: drConfig.backupLock,
                  replicationTimeControl: drConfig.replicationTimeControl,
                  extraReplications: [
                      ...(config.observability.replicateToDr
                          ? [
                                { name: "logs", bucket: observability.logsBucket },
                                { name: "traces", bucket: observability.tracesBucket },
                            ]
                          : []),
                      ...(data?.buckets ?? []).map((b) => ({
                          name: dataReplicationName(b),
                          bucket: b.bucket,
                          replica: {
                              purpose: "data",
                              tags: { service: b.owner, "data-purpose": b.purpose },
                              expirationDays: b.retentionDays,
                              // After a failover the standby's roles own the replicas, as the primary's own the data.
                              policyStatements: (arn: pulumi.Output<string>) => ownerAndReaderStatements(arn, [standbyRoleArn(b.owner)], b.readers.map(standbyRoleArn)),
                          },
                      })),
                  ],
                  backupRoleName,
                  awsBackup: drConfig.awsBackup,
                  failover: drConfig.failover,
                  eksCluster,
                  maxNodes,
                  protect: prod,
                  providers,
              },
              { dependsOn: [cluster.addons, observability] },
          )
        : undefined;
    const dataKeyArn = standby ? primary!.replicaStorageKeyArn : cluster.keys.storage.arn;
    if (standby) {
        new DisasterRecoveryStandby(
            `${name}-recovery`,
            {
                region: config.region,
                backupReplica: { name: primary!.backupReplicaBucket, arn: primary!.backupReplicaBucketArn, kmsKeyArn: primary!.replicaStorageKeyArn },
                failover: drConfig.failover,
                eksCluster,
                maxNodes,
                providers,
            },
            { dependsOn: [cluster.addons, observability] },
        );
    }
    // One stack per account and region owns the services' repositories (platform:account.containerRepositories);
    // a standby gets them by replication.
    const repositories = config.account.containerRepositories;
    const registry =
        repositories !== "external"
            ? new ContainerRegistry(`${name}-registry`, {
                  aws: awsContext,
                  mode: repositories,
                  repositories: [...new Set(Object.values(config.services).map((spec) => repositoryOf(spec.image)))],
                  kmsKeyArn: cluster.keys.storage.arn,
                  replica: peer ? { region: peer.region, kmsKeyArn: peer.storageKey.arn, provider: peer.provider } : undefined,
                  protect: prod,
                  provider,
              })
            : undefined;

    // A fresh account's first deploy stops before the services: their images and secret values come next (docs/operations.md).
    for (const [service, spec] of config.bootstrap ? [] : Object.entries(config.services)) {
        new ServiceDeployment(
            service,
            {
                ...spec,
                public: spec.public && { ...spec.public, healthCheck: regionalHealthCheck(config, spec.public.host) },
                buckets: grantsOf(service, dataBuckets),
                roleName: serviceRoleName(service),
                login: users?.logins[service],
                calls: spec.calls.map((callee) => ({ service: callee, port: config.services[callee].port })),
                callers: Object.entries(config.services)
                    .filter(([, other]) => other.calls.includes(service))
                    .map(([caller]) => caller),
                secrets: spec.secrets.map((secret) => ({ name: secret.name, path: cluster.secretPath(service, secret.name) })),
                environment: config.environment,
                cluster: {
                    eks: eksCluster,
                    vpcCidr: config.network.cidr,
                    webAclArn: cluster.webAclArn,
                    secretStore: CLUSTER_SECRET_STORE,
                    dataKeyArn,
                },
                awsContext,
                providers,
            },
            { dependsOn: [cluster.addons, observability] },
        );
    }

    const eks = cluster.eks;
    return {
        region: config.region,
        clusterName: cluster.clusterName,
        // Outputs that exist only when the stack creates EKS are null on an existing dev cluster.
        kubeconfig: eks ? pulumi.secret(eks.controlPlane.kubeconfigJson) : null,
        oidcProviderArn: eks?.controlPlane.cluster.oidcProviderArn ?? null,
        vpcId: eks?.network.vpcId ?? null,
        privateSubnetIds: eks?.network.privateSubnetIds ?? null,
        publicSubnetIds: eks?.network.publicSubnetIds ?? null,
        kmsKeyArns: pulumi.output({ secrets: cluster.keys.secrets.arn, logs: cluster.keys.logs.arn, storage: cluster.keys.storage.arn }),
        webAclArn: cluster.webAclArn,
        // The `runs-on` label prefix of this stack's deploy jobs: codebuild-<project>-<run id>-<attempt>.
        deployRunnerProject: runner?.projectName ?? null,
        logsBucket: observability.logsBucket.name,
        tracesBucket: observability.tracesBucket.name,
        alertsTopicArn: observability.alertsTopic.arn,
        nodeRoleArn: eks?.controlPlane.nodeRole.arn ?? null,
        secretArns: pulumi.output(Object.fromEntries(Object.entries(cluster.secrets.secrets).map(([key, secret]) => [key, secret.arn]))),
        repositoryUrls: registry ? pulumi.output(registry.repositoryUrls) : null,
        // What the services' clients need to log users in; no client secret (the ALB reads it from Cognito).
        identity: users
            ? {
                  userPoolId: users.userPool.id,
                  issuerUrl: users.issuerUrl,
                  clientIds: Object.fromEntries(Object.entries(users.logins).map(([service, login]) => [service, login.clientId])),
              }
            : null,
        dataBuckets: Object.fromEntries(dataBuckets.map((b) => [`${b.owner}/${b.purpose}`, b.name])),
        disasterRecovery:
            disasterRecovery && peer
                ? pulumi.output({
                      secretsPrefix: cluster.secretsPrefix,
                      replicaSecretsKeyArn: peer.secretsKey.arn,
                      replicaStorageKeyArn: peer.storageKey.arn,
                      backupReplicaBucket: disasterRecovery.backupReplica.name,
                      backupReplicaBucketArn: disasterRecovery.backupReplica.arn,
                      dataReplicas: Object.fromEntries(
                          (data?.buckets ?? []).map((b) => {
                              const replica = disasterRecovery.replicas.find((r) => r.name === dataReplicationName(b))!.replica;
                              return [`${b.owner}/${b.purpose}`, { name: replica.name, arn: replica.arn }];
                          }),
                      ),
                  })
                : null,
        // Standby stacks only; null elsewhere (an undefined stack output draws a runtime warning).
        primary: primaryReference ? { stack: drConfig.primaryStack!, vpcId: primaryReference.requireOutput("vpcId") } : null,
    };
}
