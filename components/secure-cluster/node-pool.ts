import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NODE_IMAGE } from "./node-image";

export interface NodePoolArgs {
    clusterName: pulumi.Input<string>;
    /** Kubernetes minor of the nodes: the control plane's, so an upgrade of the cluster rolls the nodes too. */
    kubernetesVersion: string;
    /** Role the nodes run as (registered with the cluster by an access entry). */
    nodeRoleArn: pulumi.Input<string>;
    /** Private subnets across the zones; the node group spreads over them. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** `ON_DEMAND` for the system pool, `SPOT` for interruptible work. */
    capacityType: "ON_DEMAND" | "SPOT";
    instanceTypes: string[];
    minSize: number;
    maxSize: number;
    /** Default: minSize. */
    desiredSize?: number;
    diskSizeGiB: number;
    /** KMS key that encrypts the root volumes. */
    storageKeyArn: pulumi.Input<string>;
    /** Node labels pods select on. */
    labels: Record<string, string>;
    /** Taints that keep workloads off unless they tolerate them. */
    taints: { key: string; value: string; effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE" }[];
    /** Tags propagated to instances and volumes (cost allocation). */
    tags: Record<string, string>;
    provider: aws.Provider;
}

/**
 * An EKS managed node group with its own launch template: encrypted gp3 root volumes, IMDSv2
 * only with hop limit 1 (pods cannot borrow the node role), tags on instances and volumes, and
 * (EKS tags the group's Auto Scaling group for cluster-autoscaler discovery itself). Spot groups
 * rely on managed node groups' capacity rebalancing: EKS drains a node when AWS signals its
 * interruption.
 */
export class NodePool extends pulumi.ComponentResource {
    readonly nodeGroup: aws.eks.NodeGroup;

    constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:NodePool", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const launchTemplate = new aws.ec2.LaunchTemplate(
            name,
            {
                description: `Nodes of ${name}`,
                updateDefaultVersion: true,
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeType: "gp3", volumeSize: args.diskSizeGiB, encrypted: "true", kmsKeyId: args.storageKeyArn, deleteOnTermination: "true" },
                    },
                ],
                monitoring: { enabled: true },
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: { ...args.tags, Name: name } })),
            },
            childOpts,
        );
        this.nodeGroup = new aws.eks.NodeGroup(
            name,
            {
                clusterName: args.clusterName,
                nodeRoleArn: args.nodeRoleArn,
                subnetIds: args.subnetIds,
                capacityType: args.capacityType,
                instanceTypes: args.instanceTypes,
                amiType: NODE_IMAGE.amiType,
                version: args.kubernetesVersion,
                launchTemplate: { id: launchTemplate.id, version: pulumi.interpolate`${launchTemplate.latestVersion}` },
                scalingConfig: { minSize: args.minSize, maxSize: args.maxSize, desiredSize: args.desiredSize ?? args.minSize },
                // One node at a time: PodDisruptionBudgets keep services up while nodes roll.
                updateConfig: { maxUnavailable: 1 },
                labels: args.labels,
                taints: args.taints,
                tags: args.tags,
            },
            {
                ...childOpts,
                // The cluster autoscaler owns the desired size after creation.
                ignoreChanges: ["scalingConfig.desiredSize"],
            },
        );
        this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName });
    }
}
