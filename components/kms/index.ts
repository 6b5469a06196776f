import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountRootArn, AwsContext, policyDocument, PolicyStatement } from "../shared/iam";

/** Purposes we keep apart so one key's grants never open another's data. */
export type KeyPurpose = "secrets" | "logs" | "storage";

export interface PlatformKeysArgs {
    /** Account, partition and region the keys live in. */
    aws: AwsContext;
    /** Alias prefix: keys become `alias/<prefix>-<purpose>`. */
    aliasPrefix: string;
    /** Protect keys from deletion by Pulumi. Default: true (prod must keep it). */
    protect?: boolean;
    /** Waiting period before a scheduled deletion destroys a key. Default: 30 days (the maximum). */
    deletionWindowInDays?: number;
    /**
     * The Auto Scaling service-linked role node groups launch encrypted volumes through; given, the
     * storage key lets it use the key. The ARN should be the role resource's output, so the key is
     * created after the role: KMS refuses a policy naming a principal that does not exist.
     */
    autoScalingRoleArn?: pulumi.Input<string>;
    /** Provider of the account and region the keys belong to. */
    provider: aws.Provider;
}

/** Administration of the key plus use delegated to IAM policies; no wildcard actions. */
const ROOT_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:CreateGrant",
    "kms:RotateKeyOnDemand",
];
const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

function serviceStatements(purpose: KeyPurpose, ctx: AwsContext, autoScalingRoleArn?: pulumi.Input<string>): PolicyStatement[] {
    switch (purpose) {
        case "logs":
            // CloudWatch Logs encrypts with the key only for log groups of this account and region.
            return [
                {
                    Sid: "CloudWatchLogs",
                    Effect: "Allow",
                    Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
                    Action: USE_ACTIONS,
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` } },
                },
            ];
        case "storage": {
            // Managed node groups launch encrypted EBS volumes through the Auto Scaling service-linked role.
            const autoScaling: PolicyStatement[] = autoScalingRoleArn
                ? [
                      { Sid: "AutoScalingVolumes", Effect: "Allow", Principal: { AWS: autoScalingRoleArn }, Action: USE_ACTIONS, Resource: "*" },
                      {
                          Sid: "AutoScalingGrants",
                          Effect: "Allow",
                          Principal: { AWS: autoScalingRoleArn },
                          Action: "kms:CreateGrant",
                          Resource: "*",
                          Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                      },
                  ]
                : [];
            return [
                ...autoScaling,
                // CloudWatch alarms, budgets and cost anomaly alerts publish to the encrypted alerts topic.
                {
                    Sid: "AlarmPublishers",
                    Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
                },
            ];
        }
        case "secrets":
            return [];
    }
}

export type CustomerManagedKeyArgs = PlatformKeysArgs;

/** One rotating CMK with its alias `alias/<prefix>-<purpose>` and the key policy its purpose needs. */
export function customerManagedKey(name: string, purpose: KeyPurpose, args: CustomerManagedKeyArgs, opts: pulumi.ComponentResourceOptions): aws.kms.Key {
    const key = new aws.kms.Key(
        name,
        {
            description: `${args.aliasPrefix} ${purpose} key`,
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: args.deletionWindowInDays ?? 30,
            policy: policyDocument([
                { Sid: "AccountAdministersAndDelegatesToIam", Effect: "Allow", Principal: { AWS: accountRootArn(args.aws) }, Action: ROOT_ACTIONS, Resource: "*" },
                ...serviceStatements(purpose, args.aws, args.autoScalingRoleArn),
            ]),
        },
        { ...opts, provider: args.provider, protect: args.protect ?? true },
    );
    new aws.kms.Alias(name, { name: `alias/${args.aliasPrefix}-${purpose}`, targetKeyId: key.keyId }, { ...opts, provider: args.provider });
    return key;
}

/**
 * Customer-managed KMS keys with yearly rotation, one per purpose: `secrets` (EKS envelope
 * encryption, Secrets Manager), `logs` (CloudWatch Logs), `storage` (EBS, S3, backups, SNS).
 */
export class PlatformKeys extends pulumi.ComponentResource {
    readonly secrets: aws.kms.Key;
    readonly logs: aws.kms.Key;
    readonly storage: aws.kms.Key;

    constructor(name: string, args: PlatformKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:kms:PlatformKeys", name, {}, opts);
        const make = (purpose: KeyPurpose) => customerManagedKey(`${name}-${purpose}`, purpose, args, { parent: this });
        this.secrets = make("secrets");
        this.logs = make("logs");
        this.storage = make("storage");
        this.registerOutputs({ secretsKeyArn: this.secrets.arn, logsKeyArn: this.logs.arn, storageKeyArn: this.storage.arn });
    }
}
