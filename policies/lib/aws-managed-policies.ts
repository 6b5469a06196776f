/**
 * AWS managed IAM policies the platform attaches, with the path each lives under: most are at
 * `arn:<partition>:iam::aws:policy/<name>`, some under `policy/service-role/`, and the two differ
 * within one service (AWS Backup's S3 policies sit at the root, its other two under service-role).
 * An ARN with the wrong path does not exist, and the attachment fails at `pulumi up`.
 *
 * Source: the AWS Managed Policy Reference Guide (docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html,
 * "Policy ARN"), read 2026-11-30.
 */
export const AWS_MANAGED_POLICY_PATHS = {
    AmazonEKSWorkerNodePolicy: "/",
    AmazonEC2ContainerRegistryReadOnly: "/",
    AmazonEKS_CNI_Policy: "/",
    AmazonSSMManagedInstanceCore: "/",
    AmazonEBSCSIDriverPolicy: "/service-role/",
    AWSBackupServiceRolePolicyForBackup: "/service-role/",
    AWSBackupServiceRolePolicyForRestores: "/service-role/",
    AWSBackupServiceRolePolicyForS3Backup: "/",
    AWSBackupServiceRolePolicyForS3Restore: "/",
} as const;

export type AwsManagedPolicy = keyof typeof AWS_MANAGED_POLICY_PATHS;

/** The ARN of an AWS managed policy in a partition (`aws`, `aws-cn`, `aws-us-gov`). */
export function awsManagedPolicyArn(partition: string, name: AwsManagedPolicy): string {
    return `arn:${partition}:iam::aws:policy${AWS_MANAGED_POLICY_PATHS[name]}${name}`;
}

/** `arn:aws:iam::aws:policy/service-role/X` → { path: "/service-role/", name: "X" }; undefined for other ARNs. */
export function parseAwsManagedPolicyArn(arn: string): { path: string; name: string } | undefined {
    const match = /^arn:[\w-]+:iam::aws:policy(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)$/.exec(arn);
    return match ? { path: match[1], name: match[2] } : undefined;
}
