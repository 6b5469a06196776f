import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { awsManagedPolicyArn } from "../../policies/lib/aws-managed-policies";
import { AwsContext, serviceTrustPolicy } from "../shared/iam";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface EksControlPlaneArgs {
    aws: AwsContext;
    clusterName: string;
    /** Kubernetes minor version, e.g. "1.33". */
    kubernetesVersion: string;
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** CIDRs allowed to the public endpoint; empty keeps the API private. */
    publicAccessCidrs: string[];
    /** IAM roles that become cluster admins through access entries. */
    adminRoleArns: string[];
    secretsKeyArn: pulumi.Input<string>;
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /**
     * Whether GuardDuty's account-wide agent management installs its agent here; false tags the
     * cluster `GuardDutyManaged: false` (GuardDuty user guide, runtime monitoring for EKS), so a dev
     * cluster sharing prod's account stays out.
     */
    guardDutyManaged: boolean;
    /** Deletion protection and `protect` (prod). */
    protect: boolean;
    provider: aws.Provider;
}

/**
 * The EKS control plane through pulumi-eks: pinned version, Secrets envelope-encrypted with the
 * CMK, private endpoint, all five control-plane log types into a KMS-encrypted log group with
 * retention, API authentication with access entries, an OIDC provider, the VPC CNI with network
 * policy enforcement, and the EKS Pod Identity agent. Node groups are separate (see NodePool).
 */
export class EksControlPlane extends pulumi.ComponentResource {
    readonly cluster: eks.Cluster;
    readonly nodeRole: aws.iam.Role;
    readonly kubeconfigJson: pulumi.Output<string>;
    /** The cluster's name as an output: depending on it orders work after the cluster exists. */
    readonly clusterName: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    /** The security group of the API endpoint's network interfaces (EKS creates it). */
    readonly clusterSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: EksControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:EksControlPlane", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        // EKS would create this group itself, unencrypted and kept forever; we own it first.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            {
                name: `/aws/eks/${args.clusterName}/cluster`,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: args.logsKeyArn,
            },
            { ...childOpts, protect: args.protect },
        );

        this.nodeRole = new aws.iam.Role(`${name}-nodes`, { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") }, childOpts);
        // Worker, registry pull, and CNI (the aws-node DaemonSet runs with the node's role), plus SSM instead of SSH.
        (["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"] as const).forEach(
            (policy) =>
                new aws.iam.RolePolicyAttachment(`${name}-nodes-${policy}`, { role: this.nodeRole.name, policyArn: awsManagedPolicyArn(args.aws.partition, policy) }, childOpts),
        );

        const publicAccess = args.publicAccessCidrs.length > 0;
        this.cluster = new eks.Cluster(
            name,
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: publicAccess,
                publicAccessCidrs: publicAccess ? args.publicAccessCidrs : undefined,
                encryptionConfigKeyArn: args.secretsKeyArn,
                enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: Object.fromEntries(
                    args.adminRoleArns.map((principalArn, i) => [
                        `admin-${i}`,
                        {
                            principalArn,
                            accessPolicies: { admin: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } } },
                        },
                    ]),
                ),
                instanceRoles: [this.nodeRole],
                createOidcProvider: true,
                skipDefaultNodeGroup: true,
                useDefaultVpcCni: false,
                vpcCniOptions: { enableNetworkPolicy: true },
                deletionProtection: args.protect,
                upgradePolicy: { supportType: "STANDARD" },
                clusterTags: { GuardDutyManaged: String(args.guardDutyManaged) },
            },
            { parent: this, providers: { aws: args.provider }, protect: args.protect, dependsOn: [logGroup] },
        );
        this.kubeconfigJson = this.cluster.kubeconfigJson;
        this.clusterName = this.cluster.eksCluster.name;
        this.clusterArn = this.cluster.eksCluster.arn;
        this.clusterSecurityGroupId = this.cluster.eksCluster.vpcConfig.clusterSecurityGroupId;

        new aws.eks.Addon(
            `${name}-pod-identity-agent`,
            {
                clusterName: this.clusterName,
                addonName: "eks-pod-identity-agent",
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
            },
            childOpts,
        );
        this.registerOutputs({ clusterName: args.clusterName });
    }
}
