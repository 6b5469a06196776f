import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, policyDocument, serviceTrustPolicy } from "../shared/iam";
import { SUBNET_MASKS } from "./layout";

export type VpcEndpointService = "ecr.api" | "ecr.dkr" | "s3" | "sts" | "secretsmanager" | "logs";

export interface NetworkArgs {
    /** Account, partition and region of the VPC. */
    aws: AwsContext;
    /** VPC CIDR block. Default: `10.0.0.0/16`. */
    cidr?: string;
    /** Availability zones to span. Default: 3 (prod needs at least 3). */
    availabilityZones?: number;
    /** NAT gateways: `onePerAz` (default) keeps egress through a zone outage; `single` is cheaper. */
    natGateways?: "onePerAz" | "single";
    /** AWS services reachable through VPC endpoints. Default: none. `s3` is a gateway endpoint, the rest interface endpoints. */
    vpcEndpoints?: VpcEndpointService[];
    /** Retention of VPC flow logs. Default: 365 days. */
    flowLogRetentionDays?: number;
    /** KMS key that encrypts the flow log group (required: logs rest encrypted). */
    logsKeyArn: pulumi.Input<string>;
    /** Cluster name for the `kubernetes.io/cluster/<name>` subnet tags. */
    clusterName: string;
    provider: aws.Provider;
}

/**
 * A multi-AZ VPC for EKS: private subnets for nodes (tagged for internal load balancers), public
 * subnets for internet-facing ALBs, NAT per zone, flow logs to an encrypted log group, and VPC
 * endpoints so node traffic to AWS APIs stays off the internet.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly cidr: string;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Network", name, {}, opts);
        const { region } = args.aws;
        this.cidr = args.cidr ?? "10.0.0.0/16";
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
        const endpoints = args.vpcEndpoints ?? [];

        const vpc = new awsx.ec2.Vpc(
            name,
            {
                cidrBlock: this.cidr,
                numberOfAvailabilityZones: args.availabilityZones ?? 3,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                natGateways: { strategy: args.natGateways === "single" ? awsx.ec2.NatGatewayStrategy.Single : awsx.ec2.NatGatewayStrategy.OnePerAz },
                subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
                subnetSpecs: [
                    { type: awsx.ec2.SubnetType.Private, cidrMask: SUBNET_MASKS.private, tags: { ...clusterTag, "kubernetes.io/role/internal-elb": "1" } },
                    { type: awsx.ec2.SubnetType.Public, cidrMask: SUBNET_MASKS.public, tags: { ...clusterTag, "kubernetes.io/role/elb": "1" } },
                ],
                // The S3 gateway endpoint is free and attaches to the route tables awsx creates.
                vpcEndpointSpecs: endpoints.includes("s3") ? [{ serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway" }] : [],
            },
            { parent: this, provider: args.provider },
        );
        this.vpcId = vpc.vpcId;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.publicSubnetIds = vpc.publicSubnetIds;

        this.createFlowLogs(name, args, vpc.vpcId);
        const interfaceEndpoints = endpoints.filter((service) => service !== "s3");
        if (interfaceEndpoints.length > 0) {
            this.createInterfaceEndpoints(name, args, interfaceEndpoints);
        }
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds });
    }

    private createFlowLogs(name: string, args: NetworkArgs, vpcId: pulumi.Output<string>): void {
        const opts = { parent: this, provider: args.provider };
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: `/aws/vpc/${name}/flow-logs`,
                retentionInDays: args.flowLogRetentionDays ?? 365,
                kmsKeyId: args.logsKeyArn,
            },
            opts,
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", { StringEquals: { "aws:SourceAccount": args.aws.accountId } }),
            },
            opts,
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: role.id,
                policy: policyDocument([
                    {
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                    },
                ]),
            },
            opts,
        );
        new aws.ec2.FlowLog(
            `${name}-flow-logs`,
            {
                vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
            },
            opts,
        );
    }

    private createInterfaceEndpoints(name: string, args: NetworkArgs, services: VpcEndpointService[]): void {
        const opts = { parent: this, provider: args.provider };
        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            {
                vpcId: this.vpcId,
                description: "HTTPS from inside the VPC to AWS interface endpoints",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [this.cidr], description: "HTTPS from the VPC" }],
            },
            opts,
        );
        for (const service of services) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(".", "-")}`,
                {
                    vpcId: this.vpcId,
                    serviceName: `com.amazonaws.${args.aws.region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.privateSubnetIds,
                    securityGroupIds: [securityGroup.id],
                },
                opts,
            );
        }
    }
}
