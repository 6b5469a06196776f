import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, iamRoleName, policyDocument, serviceTrustPolicy } from "../shared/iam";

export interface DeployRunnerArgs {
    aws: AwsContext;
    /** The CodeBuild project's name; GitHub jobs select it with `runs-on: codebuild-<name>-${{ github.run_id }}-${{ github.run_attempt }}`. */
    projectName: string;
    /** `owner/name` of the GitHub repository whose workflow jobs the runner takes. */
    githubRepository: string;
    /**
     * The AWS CodeConnections connection to GitHub (created and authorised once in the console: the
     * OAuth handshake cannot be automated), which CodeBuild uses to register as a runner.
     */
    connectionArn: string;
    /** The VPC and private subnets the runner runs in: it reaches the private EKS API from there. */
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The EKS cluster security group (the API endpoint's); the runner gets HTTPS into it. */
    clusterSecurityGroupId: pulumi.Input<string>;
    /** KMS key of the runner's log group. */
    logsKeyArn: pulumi.Input<string>;
    /** Default: 90 days. */
    logRetentionDays?: number;
    provider: aws.Provider;
}

/**
 * A GitHub Actions runner inside the VPC (an AWS CodeBuild project of runner type): `pulumi
 * preview` and `pulumi up` talk to the private EKS API endpoint, which GitHub-hosted runners
 * cannot reach. The runner's own role can only run the runner (logs, its network interfaces in
 * these subnets, the GitHub connection); the job assumes the deploy role through GitHub's OIDC as
 * before, and that role is a cluster admin through an EKS access entry (platform:cluster.adminRoleArns).
 */
export class DeployRunner extends pulumi.ComponentResource {
    readonly projectName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: DeployRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:deploy:DeployRunner", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const { partition, accountId, region } = args.aws;

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-runner`,
            {
                vpcId: args.vpcId,
                description: "GitHub Actions runner (CodeBuild): out to the EKS API and, through NAT, to GitHub, npm and the Pulumi backend",
                egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS: EKS API, AWS APIs, GitHub, npm, Pulumi" }],
            },
            childOpts,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-eks-api`,
            {
                securityGroupId: args.clusterSecurityGroupId,
                referencedSecurityGroupId: securityGroup.id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "The deploy runner reaches the private EKS API",
            },
            childOpts,
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-runner`,
            { name: `/aws/codebuild/${args.projectName}`, retentionInDays: args.logRetentionDays ?? 90, kmsKeyId: args.logsKeyArn },
            childOpts,
        );
        const role = new aws.iam.Role(
            `${name}-runner`,
            {
                name: iamRoleName(args.projectName, "runner"),
                assumeRolePolicy: serviceTrustPolicy("codebuild.amazonaws.com", { StringEquals: { "aws:SourceAccount": accountId } }),
            },
            childOpts,
        );
        new aws.iam.RolePolicy(
            `${name}-runner`,
            {
                role: role.id,
                // CodeBuild user guide, VPC support: the network interface actions; Describe* take no resource.
                policy: policyDocument([
                    { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` },
                    {
                        Sid: "VpcNetworkInterfaces",
                        Effect: "Allow",
                        Action: [
                            "ec2:CreateNetworkInterface",
                            "ec2:DeleteNetworkInterface",
                            "ec2:DescribeNetworkInterfaces",
                            "ec2:DescribeDhcpOptions",
                            "ec2:DescribeSubnets",
                            "ec2:DescribeSecurityGroups",
                            "ec2:DescribeVpcs",
                        ],
                        Resource: "*",
                    },
                    {
                        Sid: "NetworkInterfacePermission",
                        Effect: "Allow",
                        Action: "ec2:CreateNetworkInterfacePermission",
                        Resource: `arn:${partition}:ec2:${region}:${accountId}:network-interface/*`,
                        Condition: { StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" } },
                    },
                    { Sid: "GitHubConnection", Effect: "Allow", Action: ["codeconnections:UseConnection", "codeconnections:GetConnectionToken"], Resource: args.connectionArn },
                ]),
            },
            childOpts,
        );
        const project = new aws.codebuild.Project(
            `${name}-runner`,
            {
                name: args.projectName,
                description: `GitHub Actions runner for ${args.githubRepository} inside the VPC`,
                serviceRole: role.arn,
                source: {
                    type: "GITHUB",
                    location: `https://github.com/${args.githubRepository}`,
                    auth: { type: "CODECONNECTIONS", resource: args.connectionArn },
                },
                artifacts: { type: "NO_ARTIFACTS" },
                environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_MEDIUM", image: "aws/codebuild/amazonlinux-x86_64-standard:5.0" },
                vpcConfig: { vpcId: args.vpcId, subnets: args.privateSubnetIds, securityGroupIds: [securityGroup.id] },
                logsConfig: { cloudwatchLogs: { groupName: logGroup.name, status: "ENABLED" } },
                buildTimeout: 120,
            },
            childOpts,
        );
        // Only workflow jobs of this repository start builds (CodeBuild user guide, self-hosted GitHub Actions runners).
        new aws.codebuild.Webhook(
            `${name}-runner`,
            { projectName: project.name, buildType: "BUILD", filterGroups: [{ filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] }] },
            childOpts,
        );
        this.projectName = project.name;
        this.securityGroupId = securityGroup.id;
        this.registerOutputs({ projectName: this.projectName });
    }
}
