import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ObservabilityStack } from "../components/observability";
import { CLUSTER_SECRET_STORE, SecureCluster } from "../components/secure-cluster";
import { ServiceDeployment } from "../components/service-deployment";
import { AwsContext } from "../components/shared/iam";
import { PlatformConfig } from "./config";

/** The cost allocation tags every resource carries (provider defaultTags, node launch templates). */
export function costTags(config: PlatformConfig): Record<string, string> {
    return { environment: config.environment, owner: config.owner, "cost-center": config.costCenter, service: "platform", "managed-by": "pulumi" };
}

/** Secrets Manager secrets of the observability stack; their values (receiver keys, admin password) are set out of band. */
const OBSERVABILITY_SECRETS = [
    { service: "observability", name: "alertmanager-receivers", description: "PagerDuty routing key (pagerduty-routing-key) and Slack webhook URL (slack-webhook-url)" },
    { service: "observability", name: "grafana-admin", description: "Grafana admin credential (admin-user, admin-password)" },
];

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

/** Maps a stack's validated configuration to the platform's components. */
export function buildPlatform(config: PlatformConfig) {
    const name = `${config.project}-${config.stack}`;
    // Explicit provider: every resource gets the stack's region and the cost allocation tags.
    const provider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags: costTags(config) } });
    const identity = aws.getCallerIdentityOutput({}, { provider });
    const awsContext: AwsContext = { accountId: identity.accountId, partition: "aws", region: config.region };
    const prod = config.environment === "prod";
    const { cluster: clusterConfig } = config;

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
        secrets: [...Object.entries(config.services).flatMap(([service, spec]) => spec.secrets.map((secret) => ({ service, ...secret }))), ...OBSERVABILITY_SECRETS],
        secretsReplica: config.dr.role === "primary" && config.dr.peerRegion ? { region: config.dr.peerRegion } : undefined,
        waf: clusterConfig.waf,
        guardDuty: clusterConfig.guardDuty,
        nodeTags: costTags(config),
        protect: prod,
        existingCluster: config.cluster.existing ? { kubeconfig: existingKubeconfig(config)! } : undefined,
        provider,
    });

    const observability = new ObservabilityStack(`${name}-observability`, {
        aws: awsContext,
        eksClusterName: cluster.eks ? cluster.clusterName : undefined,
        vpcCidr: config.network.cidr,
        services: Object.keys(config.services),
        prometheus: { ...config.observability.prometheus, alertmanagerReplicas: config.observability.alertmanager.replicas },
        loki: config.observability.loki,
        tempo: config.observability.tempo,
        tracing: config.observability.tracing,
        secretPaths: {
            alertmanagerReceivers: cluster.secrets.secrets["observability/alertmanager-receivers"].path,
            grafanaAdmin: cluster.secrets.secrets["observability/grafana-admin"].path,
        },
        secretStore: CLUSTER_SECRET_STORE,
        rules: { backupRpoHours: 25, spotChurnPerHour: 5 },
        storageKeyArn: cluster.keys.storage.arn,
        certificateArns: [...new Set(Object.values(config.services).flatMap((spec) => (spec.public ? [spec.public.certificateArn] : [])))],
        protect: prod,
        providers: { aws: provider, kubernetes: cluster.kubernetesProvider },
    }, { dependsOn: [cluster.addons] });

    for (const [service, spec] of Object.entries(config.services)) {
        new ServiceDeployment(service, {
            ...spec,
            calls: spec.calls.map((callee) => ({ service: callee, port: config.services[callee].port })),
            callers: Object.entries(config.services).filter(([, other]) => other.calls.includes(service)).map(([caller]) => caller),
            secrets: spec.secrets.map((secret) => ({ name: secret.name, path: cluster.secrets.secrets[`${service}/${secret.name}`].path })),
            environment: config.environment,
            cluster: { name: cluster.clusterName, eks: cluster.eks !== undefined, vpcCidr: config.network.cidr, webAclArn: cluster.webAclArn, secretStore: CLUSTER_SECRET_STORE },
            awsContext,
            providers: { aws: provider, kubernetes: cluster.kubernetesProvider },
        }, { dependsOn: [cluster.addons, observability] });
    }

    // A standby reads the primary's outputs; it never writes to the primary's resources.
    const primary = config.dr.role === "standby" ? new pulumi.StackReference(config.dr.primaryStack!) : undefined;

    return {
        region: config.region,
        clusterName: cluster.clusterName,
        // Outputs that exist only when the stack creates EKS are null on an existing dev cluster.
        kubeconfig: cluster.eks ? pulumi.secret(cluster.eks.controlPlane.kubeconfigJson) : null,
        oidcProviderArn: cluster.eks?.controlPlane.cluster.oidcProviderArn ?? null,
        vpcId: cluster.eks?.network.vpcId ?? null,
        privateSubnetIds: cluster.eks?.network.privateSubnetIds ?? null,
        publicSubnetIds: cluster.eks?.network.publicSubnetIds ?? null,
        kmsKeyArns: pulumi.output({ secrets: cluster.keys.secrets.arn, logs: cluster.keys.logs.arn, storage: cluster.keys.storage.arn }),
        webAclArn: cluster.webAclArn,
        logsBucket: observability.logsBucket.name,
        tracesBucket: observability.tracesBucket.name,
        nodeRoleArn: cluster.eks?.controlPlane.nodeRole.arn ?? null,
        secretArns: pulumi.output(Object.fromEntries(Object.entries(cluster.secrets.secrets).map(([key, secret]) => [key, secret.arn]))),
        // Standby stacks only; null elsewhere (an undefined stack output draws a runtime warning).
        primary: primary ? { stack: config.dr.primaryStack!, vpcId: primary.requireOutput("vpcId") } : null,
    };
}
