import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, serviceTrustPolicy } from "../shared/iam";
import { EncryptedBucket } from "../storage/encrypted-bucket";

export interface BucketReplicationArgs {
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
export class BucketReplication extends pulumi.ComponentResource {
    readonly configuration: aws.s3.BucketReplicationConfig;

    constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:BucketReplication", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const role = new aws.iam.Role(name, { assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com") }, childOpts);
        new aws.iam.RolePolicy(
            name,
            {
                role: role.id,
                policy: policyDocument([
                    { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: args.source.arn },
                    {
                        Sid: "ReadSourceVersions",
                        Effect: "Allow",
                        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
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
                        Sid: "EncryptReplicas",
                        Effect: "Allow",
                        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                        Resource: args.destinationKeyArn,
                        Condition: { StringEquals: { "kms:ViaService": `s3.${args.destinationRegion}.amazonaws.com` } },
                    },
                ]),
            },
            childOpts,
        );
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
