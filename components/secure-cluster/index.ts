import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKeys } from "../kms";
import { Network, NetworkArgs } from "../network";
import { AwsContext } from "../shared/iam";

export interface SecureClusterArgs {
    /** Account, partition and region of the cluster. */
    aws: AwsContext;
    /** EKS cluster name; also prefixes key aliases and log groups. */
    clusterName: string;
    /** VPC layout (CIDR, zones, NAT, endpoints, flow log retention). */
    network: Omit<NetworkArgs, "aws" | "logsKeyArn" | "clusterName" | "provider">;
    /** Protect stateful resources (keys) from deletion. Default: true. */
    protect?: boolean;
    provider: aws.Provider;
}

/** The secure base of a stack: customer-managed keys and a multi-AZ network. */
export class SecureCluster extends pulumi.ComponentResource {
    readonly keys: PlatformKeys;
    readonly network: Network;

    constructor(name: string, args: SecureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:SecureCluster", name, {}, opts);
        this.keys = new PlatformKeys(`${name}-keys`, { aws: args.aws, aliasPrefix: args.clusterName, protect: args.protect ?? true, provider: args.provider }, { parent: this });
        this.network = new Network(`${name}-net`, { ...args.network, aws: args.aws, logsKeyArn: this.keys.logs.arn, clusterName: args.clusterName, provider: args.provider }, { parent: this });
        this.registerOutputs({ vpcId: this.network.vpcId });
    }
}
