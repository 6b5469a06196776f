import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLUSTER_SECRET_STORE, SecureCluster } from "../components/secure-cluster";
import { ServiceDeployment } from "../components/service-deployment";
import { AwsContext } from "../components/shared/iam";
import { PlatformConfig } from "./config";

/** The cost allocation tags every resource carries (provider defaultTags, node launch templates). */
export function costTags(config: PlatformConfig): Record<string, string> {
    return { environment: config.environment, owner: config.owner, "cost-center": config.costCenter, service: "platform", "managed-by": "pulumi" };
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
        secrets: Object.entries(config.services).flatMap(([service, spec]) => spec.secrets.map((secret) => ({ service, ...secret }))),
        secretsReplica: config.dr.role === "primary" && config.dr.peerRegion ? { region: config.dr.peerRegion } : undefined,
        waf: clusterConfig.waf,
        guardDuty: clusterConfig.guardDuty,
        nodeTags: costTags(config),
        protect: prod,
        existingCluster: config.cluster.existing ? { kubeconfig: existingKubeconfig(config)! } : undefined,
        provider,
    });

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
        }, { dependsOn: [cluster.addons] });
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
        nodeRoleArn: cluster.eks?.controlPlane.nodeRole.arn ?? null,
        secretArns: pulumi.output(Object.fromEntries(Object.entries(cluster.secrets.secrets).map(([key, secret]) => [key, secret.arn]))),
        // Standby stacks only; null elsewhere (an undefined stack output draws a runtime warning).
        primary: primary ? { stack: config.dr.primaryStack!, vpcId: primary.requireOutput("vpcId") } : null,
    };
}
