import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, denyObjectActionsExcept, iamRoleName, policyDocument, PolicyStatement, serviceTrustPolicy } from "../shared/iam";
import { EncryptedBucket } from "../storage/encrypted-bucket";

export interface BucketReplicationArgs {
    /** Account and partition of both buckets (the role's trust is limited to this account's source bucket). */
    aws: AwsContext;
    source: EncryptedBucket;
    sourceKeyArn: pulumi.Input<string>;
    sourceRegion: string;
    destination: EncryptedBucket;
    destinationKeyArn: pulumi.Input<string>;
    destinationRegion: string;
    /** S3 Replication Time Control: 15-minute SLA and replication metrics. */
    replicationTimeControl: boolean;
    provider: aws.Provider;
}

/**
 * Cross-region replication of one encrypted bucket into another (SSE-KMS objects re-encrypted
 * with the destination region's key), deletes included, with its own least-privilege role.
 */
/** The replication role's name for a BucketReplication named `name`. */
export function replicationRoleName(name: string): string {
    return iamRoleName(name);
}

/** The destination's statement that only the replication role replicates objects into it. */
export function onlyReplicationReplicates(bucketArn: pulumi.Input<string>, roleArn: pulumi.Input<string>): PolicyStatement {
    return denyObjectActionsExcept("OnlyReplicationReplicates", bucketArn, ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], roleArn);
}

export class BucketReplication extends pulumi.ComponentResource {
    readonly configuration: aws.s3.BucketReplicationConfig;
    /** The role S3 replicates as; the destination's policy lets only it replicate in. */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:BucketReplication", name, {}, opts);
        if (args.source.objectLock && !args.destination.objectLock) {
            // S3 replicates a locked object only into a bucket created with Object Lock.
            throw new Error(`${name}: ${args.source.purpose} bucket has Object Lock, so its replica must be created with Object Lock too`);
        }
        const childOpts = { parent: this, provider: args.provider };
        // A fixed name within IAM's 64 characters (an autonamed one adds 8 to a long logical name), known
        // before the role exists so the destination's policy can name it.
        const role = new aws.iam.Role(
            name,
            {
                name: replicationRoleName(name),
                // No aws:SourceArn/SourceAccount condition: S3's replication guide documents none for this role, and a
                // condition on a key S3 does not send denies AssumeRole, silently stopping replication (docs/aws-constraints.md).
                assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com"),
            },
            childOpts,
        );
        this.roleArn = role.arn;
        new aws.iam.RolePolicy(name, { role: role.id, policy: policyDocument(replicationStatements(args)) }, childOpts);
        const rtc = args.replicationTimeControl
            ? { replicationTime: { status: "Enabled", time: { minutes: 15 } }, metrics: { status: "Enabled", eventThreshold: { minutes: 15 } } }
            : {};
        this.configuration = new aws.s3.BucketReplicationConfig(
            name,
            {
                bucket: args.source.bucket.id,
                role: role.arn,
                rules: [
                    {
                        id: "to-dr-region",
                        status: "Enabled",
                        filter: {},
                        deleteMarkerReplication: { status: "Enabled" },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: { bucket: args.destination.arn, encryptionConfiguration: { replicaKmsKeyId: args.destinationKeyArn }, storageClass: "STANDARD", ...rtc },
                    },
                ],
            },
            { ...childOpts, dependsOn: [args.source.versioning, args.destination.versioning] },
        );
        this.registerOutputs({});
    }
}

/** What S3 replication needs of the role, and nothing more: read the source's versions, write the replicas, decrypt and re-encrypt. */
function replicationStatements(args: Omit<BucketReplicationArgs, "aws" | "provider" | "replicationTimeControl">): PolicyStatement[] {
    // Locked source objects: the role reads each version's retention and legal hold to carry them over.
    const lockReads = args.source.objectLock ? ["s3:GetObjectRetention", "s3:GetObjectLegalHold"] : [];
    return [
        { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: args.source.arn },
        {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", ...lockReads],
            Resource: pulumi.interpolate`${args.source.arn}/*`,
        },
        {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: pulumi.interpolate`${args.destination.arn}/*`,
        },
        {
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.sourceKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.sourceRegion}.amazonaws.com` } },
        },
        {
            // Decrypt too: with an S3 Bucket Key on the destination, S3 verifies the bucket key with it.
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
            Resource: args.destinationKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.destinationRegion}.amazonaws.com` } },
        },
    ];
}
