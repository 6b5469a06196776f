import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, PolicyStatement } from "../shared/iam";

interface BucketSettings {
    /** What the bucket holds (`logs`, `traces`, `backups`, `data`); becomes the `purpose` tag the policies read. */
    purpose: string;
    /** Extra tags (the owning `service`, `backup=true` for AWS Backup's selection). */
    tags?: Record<string, string>;
    /** Delete current objects after this many days. Default: keep. */
    expirationDays?: number;
    /** Delete overwritten/deleted versions after this many days. Default: 30. */
    noncurrentVersionExpirationDays?: number;
    /** Server access logs go to this bucket (under `<bucket>/`). Default: none. */
    accessLogsBucket?: pulumi.Input<string>;
    /** Object Lock in governance or compliance mode for this many days (backups). Default: off. */
    objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    /** Extra bucket policy statements (e.g. a replication source's access); TLS-only is always added. */
    policyStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<PolicyStatement>[];
    /** Protect from deletion (prod). Default: true. */
    protect?: boolean;
    /** Empty the bucket on destroy (dev only). Default: false. */
    forceDestroy?: boolean;
    /** Provider of the bucket's region. */
    provider: aws.Provider;
}

export type EncryptedBucketArgs = BucketSettings &
    (
        | {
              /** Customer-managed KMS key for SSE-KMS (with a bucket key). */
              kmsKeyArn: pulumi.Input<string>;
              serverAccessLogTarget?: never;
          }
        | {
              /**
               * A target of S3 server access logs from this account's buckets. S3 delivers access
               * logs only to SSE-S3 buckets, so this one bucket kind is SSE-S3, not SSE-KMS.
               */
              serverAccessLogTarget: { sourceAccountId: pulumi.Input<string> };
              kmsKeyArn?: never;
          }
    );

/**
 * An S3 bucket as the platform keeps data: SSE-KMS with a bucket key (SSE-S3 only for a server
 * access log target), versioning, all public access blocked, ACLs disabled, TLS-only, lifecycle
 * rules, optional access logging and Object Lock, tagged with its purpose, protected in prod.
 */
export class EncryptedBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** The versioning configuration; replication must wait for it. */
    readonly versioning: aws.s3.BucketVersioning;
    /** What the bucket holds (its `purpose` tag). */
    readonly purpose: string;
    /** Its Object Lock, if any: a replica of a locked bucket must be locked too. */
    readonly objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };

    constructor(name: string, args: EncryptedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:storage:EncryptedBucket", name, {}, opts);
        this.purpose = args.purpose;
        this.objectLock = args.objectLock;
        const childOpts = { parent: this, provider: args.provider };
        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucketPrefix: `${name.slice(0, 36)}-`,
                forceDestroy: args.forceDestroy ?? false,
                objectLockEnabled: args.objectLock !== undefined,
                tags: { ...args.tags, purpose: args.purpose },
            },
            { ...childOpts, protect: args.protect ?? true },
        );
        this.name = this.bucket.bucket;
        this.arn = this.bucket.arn;
        const bucket = this.bucket.id;

        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            {
                bucket,
                rules: [
                    args.kmsKeyArn
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            childOpts,
        );
        this.versioning = new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, childOpts);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            name,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            childOpts,
        );
        new aws.s3.BucketOwnershipControls(name, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, childOpts);
        new aws.s3.BucketPolicy(
            name,
            {
                bucket,
                policy: policyDocument([
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [this.arn, pulumi.interpolate`${this.arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": false } },
                    },
                    ...(args.serverAccessLogTarget
                        ? [
                              {
                                  Sid: "S3ServerAccessLogs",
                                  Effect: "Allow" as const,
                                  Principal: { Service: "logging.s3.amazonaws.com" },
                                  Action: "s3:PutObject",
                                  Resource: pulumi.interpolate`${this.arn}/*`,
                                  Condition: { StringEquals: { "aws:SourceAccount": args.serverAccessLogTarget.sourceAccountId } },
                              },
                          ]
                        : []),
                    ...(args.policyStatements?.(this.arn) ?? []),
                ]),
            },
            { ...childOpts, dependsOn: [publicAccess] },
        );
        new aws.s3.BucketLifecycleConfiguration(
            name,
            {
                bucket,
                rules: [
                    {
                        id: "retention",
                        status: "Enabled",
                        filter: {},
                        ...(args.expirationDays ? { expiration: { days: args.expirationDays } } : {}),
                        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { ...childOpts, dependsOn: [this.versioning] },
        );
        if (args.accessLogsBucket) {
            new aws.s3.BucketLogging(name, { bucket, targetBucket: args.accessLogsBucket, targetPrefix: pulumi.interpolate`${this.name}/` }, childOpts);
        }
        if (args.objectLock) {
            new aws.s3.BucketObjectLockConfiguration(
                name,
                {
                    bucket,
                    objectLockEnabled: "Enabled",
                    rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } },
                },
                { ...childOpts, dependsOn: [this.versioning] },
            );
        }
        this.registerOutputs({ name: this.name, arn: this.arn });
    }
}

/** Read and write objects of one bucket (and list it): the statements a Pod Identity role of a bucket's sole user needs. */
export function bucketReadWriteStatements(bucketArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string>): PolicyStatement[] {
    return [
        { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
        {
            Sid: "Objects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: pulumi.interpolate`${bucketArn}/*`,
        },
        { Sid: "BucketKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: kmsKeyArn },
    ];
}
