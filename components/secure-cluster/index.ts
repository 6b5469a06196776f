import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKeys } from "../kms";
import { Network, NetworkArgs } from "../network";
import { PlatformSecrets, SecretSpec } from "../secrets";
import { AwsContext } from "../shared/iam";
import { EksClusterRef } from "../shared/pod-identity";
import { POOLS } from "../shared/scheduling";
import { WebAcl, WebAclArgs } from "../waf";
import { ClusterAddons } from "./addons";
import { EksControlPlane } from "./control-plane";
import { EksThreatDetection } from "./guardduty";
import { NodePool } from "./node-pool";

export { CLUSTER_SECRET_STORE, PLATFORM_SYSTEM_NAMESPACE, SYSTEM_POOL_SCHEDULING } from "./addons";

export interface NodePoolSize {
    instanceTypes: string[];
    minSize: number;
    maxSize: number;
    desiredSize?: number;
    diskSizeGiB: number;
}

export interface SecureClusterArgs {
    /** Account, partition and region of the cluster. */
    aws: AwsContext;
    /** EKS cluster name; also prefixes key aliases, log groups and secrets. */
    clusterName: string;
    /** Kubernetes minor version, pinned. */
    kubernetesVersion: string;
    /** VPC layout (CIDR, zones, NAT, endpoints, flow log retention). */
    network: Omit<NetworkArgs, "aws" | "logsKeyArn" | "clusterName" | "provider">;
    /** CIDRs that may reach the public API endpoint. Default: none (private endpoint only). */
    publicAccessCidrs?: string[];
    /** IAM roles that become cluster admins (EKS access entries). Default: none. */
    adminRoleArns?: string[];
    /** Control-plane log retention. Default: 365 days. */
    logRetentionDays?: number;
    /** On-demand pool for critical add-ons and critical services. */
    systemPool: NodePoolSize;
    /** Spot pool for interruptible work. */
    spotPool: NodePoolSize;
    /** Secrets Manager secrets to create (a standby creates none: it reads the primary's replicas). */
    secrets: SecretSpec[];
    /** Path prefix of the platform's secrets, which External Secrets may read. Default: clusterName (a standby uses its primary's). */
    secretsPrefix?: string;
    /** Key of the secrets External Secrets decrypts. Default: this stack's secrets key (a standby: the primary's replica key). */
    externalSecretsKeyArn?: pulumi.Input<string>;
    /** Schedule the secrets' rotation; false until their values are set (a fresh account's bootstrap). Default: true. */
    rotateSecrets?: boolean;
    /** Replicate secrets to the DR region. */
    secretsReplica?: { region: string; kmsKeyArn?: pulumi.Input<string> };
    /** WAF settings (rate limit, Bot Control, account takeover prevention, log retention). */
    waf: Omit<WebAclArgs, "aws" | "logsKeyArn" | "provider">;
    /**
     * GuardDuty EKS protection on this cluster, and the region's detector: `create` it or use the
     * `existing` one (one per account and region). Default: off, and the cluster is tagged out of
     * GuardDuty's account-wide agent management.
     */
    guardDuty?: { enabled: boolean; detector: "create" | "existing" };
    /**
     * The account's AWSServiceRoleForAutoScaling, which node groups launch encrypted volumes through
     * and the storage key's policy names: `create` it (a fresh account) or `import` it (it exists once
     * any Auto Scaling group ran). Kept when the stack is destroyed. Used only when EKS is created.
     */
    autoScalingServiceLinkedRole: "create" | "import";
    /** Tags for node instances and volumes (launch templates do not inherit provider defaultTags). */
    nodeTags: Record<string, string>;
    /** Protect stateful resources and turn on deletion protection. Default: true. */
    protect?: boolean;
    /**
     * Dev only: run the Kubernetes parts on this existing cluster instead of creating EKS. No VPC,
     * control plane, node pools, GuardDuty or AWS-bound add-ons are created; keys, secrets and the
     * WAF still are.
     */
    existingCluster?: { kubeconfig: pulumi.Input<string> };
    provider: aws.Provider;
}

/** What exists only when SecureCluster creates EKS. */
export interface EksParts {
    network: Network;
    controlPlane: EksControlPlane;
}

/**
 * A secure-by-default EKS platform for one stack: customer-managed keys, a multi-AZ private
 * network, an encrypted private control plane with access entries, on-demand and spot node
 * pools, pinned add-ons with least-privilege Pod Identity roles, Secrets Manager secrets with
 * rotation and replicas, a WAF web ACL for the load balancers, and GuardDuty EKS protection.
 */
export class SecureCluster extends pulumi.ComponentResource {
    readonly keys: PlatformKeys;
    /** The VPC and EKS control plane; undefined on an existing cluster. */
    readonly eks?: EksParts;
    /** The EKS cluster's name, or `existing`. */
    readonly clusterName: pulumi.Output<string>;
    /** The EKS cluster for Pod Identity roles; undefined on an existing cluster. */
    readonly eksCluster?: EksClusterRef;
    /** Kubernetes provider for everything that runs on the cluster: no ambient kubeconfig is ever used. */
    readonly kubernetesProvider: k8s.Provider;
    readonly secrets: PlatformSecrets;
    readonly webAclArn: pulumi.Output<string>;
    readonly secretsPrefix: string;
    /** Where a service's secret lives in Secrets Manager (the ExternalSecret's key). */
    secretPath(service: string, secret: string): string {
        return `${this.secretsPrefix}/${service}/${secret}`;
    }

    /** The add-ons: workloads that use their CRDs (ExternalSecret) depend on them. */
    readonly addons: ClusterAddons;

    constructor(name: string, args: SecureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:SecureCluster", name, {}, opts);
        const protect = args.protect ?? true;
        const provider = args.provider;
        const autoScalingRole = args.existingCluster ? undefined : this.autoScalingServiceLinkedRole(name, args);
        this.keys = new PlatformKeys(
            `${name}-keys`,
            { aws: args.aws, aliasPrefix: args.clusterName, autoScalingRoleArn: autoScalingRole?.arn, protect, provider },
            { parent: this },
        );
        // The kubeconfig is a credential: a secret in the provider's inputs, so state and previews mask it.
        const kubernetesProvider = (kubeconfig: pulumi.Input<string>) =>
            new k8s.Provider(`${name}-k8s`, { kubeconfig: pulumi.secret(kubeconfig), enableServerSideApply: true }, { parent: this });
        if (args.existingCluster) {
            this.clusterName = pulumi.output("existing");
            this.kubernetesProvider = kubernetesProvider(args.existingCluster.kubeconfig);
        } else {
            this.eks = this.createEks(name, args, protect);
            this.clusterName = this.eks.controlPlane.clusterName;
            this.eksCluster = { name: this.clusterName, arn: this.eks.controlPlane.clusterArn };
            this.kubernetesProvider = kubernetesProvider(this.eks.controlPlane.kubeconfigJson);
        }
        this.secretsPrefix = args.secretsPrefix ?? args.clusterName;
        this.addons = new ClusterAddons(
            `${name}-addons`,
            {
                aws: args.aws,
                eks: this.eks ? { clusterName: args.clusterName, clusterArn: this.eks.controlPlane.clusterArn, vpcId: this.eks.network.vpcId } : undefined,
                secretsPrefix: this.secretsPrefix,
                secretsKeyArn: args.externalSecretsKeyArn ?? this.keys.secrets.arn,
                storageKeyArn: this.keys.storage.arn,
                awsProvider: provider,
                k8sProvider: this.kubernetesProvider,
            },
            { parent: this, dependsOn: this.eks ? [this.eks.controlPlane] : [] },
        );

        this.secrets = new PlatformSecrets(
            `${name}-secrets`,
            {
                prefix: this.secretsPrefix,
                secrets: args.secrets,
                kmsKeyArn: this.keys.secrets.arn,
                replica: args.secretsReplica,
                recoveryWindowInDays: protect ? 30 : 7,
                rotate: args.rotateSecrets,
                provider,
            },
            { parent: this },
        );
        this.webAclArn = new WebAcl(`${name}-waf`, { ...args.waf, aws: args.aws, logsKeyArn: this.keys.logs.arn, provider }, { parent: this }).arn;
        if (args.guardDuty?.enabled && this.eks) {
            new EksThreatDetection(`${name}-guardduty`, { detector: args.guardDuty.detector, provider }, { parent: this });
        }
        this.registerOutputs({ clusterName: this.clusterName, webAclArn: this.webAclArn });
    }

    /**
     * The account-wide Auto Scaling service-linked role, created or adopted (`import` by its ARN;
     * description and tags as AWS made them). Never deleted: other stacks' groups use it too.
     */
    private autoScalingServiceLinkedRole(name: string, args: SecureClusterArgs): aws.iam.ServiceLinkedRole {
        const { partition, accountId } = args.aws;
        const arn = `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
        return new aws.iam.ServiceLinkedRole(
            `${name}-autoscaling`,
            { awsServiceName: "autoscaling.amazonaws.com" },
            {
                parent: this,
                provider: args.provider,
                retainOnDelete: true,
                import: args.autoScalingServiceLinkedRole === "import" ? arn : undefined,
                ignoreChanges: ["description", "tags", "tagsAll"],
            },
        );
    }

    /** Network, control plane and the two node pools. */
    private createEks(name: string, args: SecureClusterArgs, protect: boolean): EksParts {
        const network = new Network(
            `${name}-net`,
            { ...args.network, aws: args.aws, logsKeyArn: this.keys.logs.arn, clusterName: args.clusterName, provider: args.provider },
            { parent: this },
        );
        const controlPlane = new EksControlPlane(
            `${name}-eks`,
            {
                aws: args.aws,
                clusterName: args.clusterName,
                kubernetesVersion: args.kubernetesVersion,
                vpcId: network.vpcId,
                privateSubnetIds: network.privateSubnetIds,
                publicAccessCidrs: args.publicAccessCidrs ?? [],
                adminRoleArns: args.adminRoleArns ?? [],
                secretsKeyArn: this.keys.secrets.arn,
                logsKeyArn: this.keys.logs.arn,
                logRetentionDays: args.logRetentionDays ?? 365,
                guardDutyManaged: args.guardDuty?.enabled ?? false,
                protect,
                provider: args.provider,
            },
            { parent: this },
        );
        const pool = (kind: keyof typeof POOLS, size: NodePoolSize, capacityType: "ON_DEMAND" | "SPOT") =>
            new NodePool(
                `${name}-${kind}`,
                {
                    clusterName: controlPlane.clusterName,
                    kubernetesVersion: args.kubernetesVersion,
                    nodeRoleArn: controlPlane.nodeRole.arn,
                    subnetIds: network.privateSubnetIds,
                    capacityType,
                    ...size,
                    storageKeyArn: this.keys.storage.arn,
                    labels: POOLS[kind].label,
                    taints: [POOLS[kind].taint],
                    tags: { ...args.nodeTags, "platform.io/pool": kind },
                    provider: args.provider,
                },
                { parent: this },
            );
        pool("system", args.systemPool, "ON_DEMAND");
        pool("spot", args.spotPool, "SPOT");
        return { network, controlPlane };
    }
}
