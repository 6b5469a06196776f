import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, denyObjectActionsExcept, PolicyStatement } from "../shared/iam";
import { EncryptedBucket } from "../storage/encrypted-bucket";

export interface ServiceBucketSpec {
    /** What it holds; part of the bucket's name and its `purpose` tag. */
    purpose: string;
    /** Objects are deleted this many days after they are written. */
    retentionDays: number;
    /** Other services that may read it. */
    readers: string[];
}

export interface ApplicationDataArgs {
    /** Account and partition the role ARNs are built in. */
    aws: AwsContext;
    /** Buckets by owning service. */
    buckets: Record<string, ServiceBucketSpec[]>;
    /** The IAM role name of each service (its Pod Identity role): only these principals reach the data. */
    serviceRoleNames: Record<string, string>;
    /** AWS Backup's role name: it reads every bucket to back it up and writes to restore. Default: no AWS Backup access. */
    backupRoleName?: string;
    /** The platform's storage key (SSE-KMS with a bucket key). */
    kmsKeyArn: pulumi.Input<string>;
    /** `protect` and no force-destroy (prod). */
    protect: boolean;
    /** Provider of the buckets' region. */
    provider: aws.Provider;
}

/** A created bucket with what it was declared as. */
export interface ServiceBucket extends ServiceBucketSpec {
    /** The service that owns (writes) it. */
    owner: string;
    bucket: EncryptedBucket;
}

/**
 * Deny statements that keep a data bucket to its owner (writes) and readers, whatever IAM elsewhere
 * grants: aws:PrincipalArn conditions rather than principals, so they are valid before the roles
 * exist. The DR replicas get the same, naming the standby's roles.
 */
export function ownerAndReaderStatements(bucketArn: pulumi.Input<string>, writers: pulumi.Input<string>[], readers: pulumi.Input<string>[]): PolicyStatement[] {
    return [
        denyObjectActionsExcept("OnlyTheOwnerWrites", bucketArn, ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"], writers),
        denyObjectActionsExcept("OnlyOwnerAndReadersRead", bucketArn, ["s3:GetObject", "s3:GetObjectVersion"], [...writers, ...readers]),
    ];
}

/**
 * The services' own data: one encrypted, versioned, private, TLS-only bucket per declared purpose,
 * with lifecycle retention and server access logs, tagged for AWS Backup. The bucket policy denies
 * every principal but the owning service's role (and AWS Backup) from writing, and all but those
 * and the declared readers from reading, whatever IAM elsewhere might grant.
 */
export class ApplicationData extends pulumi.ComponentResource {
    readonly buckets: ServiceBucket[];

    constructor(name: string, args: ApplicationDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:ApplicationData", name, {}, opts);
        const roleArn = (roleName: string) => pulumi.interpolate`arn:${args.aws.partition}:iam::${args.aws.accountId}:role/${roleName}`;
        const accessLogs = new EncryptedBucket(
            `${name}-access-logs`,
            {
                purpose: "logs",
                serverAccessLogTarget: { sourceAccountId: args.aws.accountId },
                expirationDays: 365,
                protect: args.protect,
                forceDestroy: !args.protect,
                provider: args.provider,
            },
            { parent: this },
        );
        this.buckets = Object.entries(args.buckets).flatMap(([owner, specs]) =>
            specs.map((spec) => {
                // AWS Backup reads to back up and writes to restore in place.
                const backup = args.backupRoleName ? [roleArn(args.backupRoleName)] : [];
                const writers = [roleArn(args.serviceRoleNames[owner]), ...backup];
                const readerArns = spec.readers.map((reader) => roleArn(args.serviceRoleNames[reader]));
                const bucket = new EncryptedBucket(
                    `${name}-${owner}-${spec.purpose}`,
                    {
                        purpose: "data",
                        tags: { service: owner, backup: "true", "data-purpose": spec.purpose },
                        kmsKeyArn: args.kmsKeyArn,
                        expirationDays: spec.retentionDays,
                        accessLogsBucket: accessLogs.name,
                        policyStatements: (arn) => ownerAndReaderStatements(arn, writers, readerArns),
                        protect: args.protect,
                        forceDestroy: !args.protect,
                        provider: args.provider,
                    },
                    { parent: this },
                );
                return { ...spec, owner, bucket };
            }),
        );
        this.registerOutputs({ buckets: this.buckets.map((b) => b.bucket.name), accessLogsBucket: accessLogs.name });
    }
}
