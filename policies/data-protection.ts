import { Policy, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { EKS_CLUSTER, EKS_COMPONENT } from "./lib/eks";
import { bucketsWith, S3_BUCKET_TYPES } from "./lib/s3";
import { configOf, tryKnown } from "./lib/values";

const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

function allBlocked(block: PolicyResource): boolean {
    return BLOCK_FLAGS.every((flag) => tryKnown(() => block.props[flag]) === true);
}

export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "s3-public-access-block",
    description: "Every S3 bucket blocks public access (all four settings), through its own BucketPublicAccessBlock or the account-level block.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    validateStack: (args, reportViolation) => {
        if (args.resources.some((r) => r.type === "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock" && allBlocked(r))) {
            return;
        }
        for (const { bucket, configs } of bucketsWith(args.resources, ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"])) {
            if (configs.length === 0) {
                reportViolation(`S3 bucket "${bucket.name}" has no BucketPublicAccessBlock; add one with all four settings true.`, bucket.urn);
            } else if (!configs.some(allBlocked)) {
                const off = BLOCK_FLAGS.filter((flag) => !configs.some((c) => tryKnown(() => c.props[flag]) === true));
                reportViolation(`S3 bucket "${bucket.name}" has a BucketPublicAccessBlock with ${off.join(", ")} not true; set all four to true.`, bucket.urn);
            }
        }
    },
};

interface VersioningConfig {
    purposeTag: string;
    versionedPurposes: string[];
}

const VERSIONING_TYPES = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];

export const s3Versioning: StackValidationPolicy = {
    name: "s3-versioning",
    description: "Buckets holding backups, logs or application data (by their purpose tag) are versioned, so an overwrite or delete can be undone.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration { status: "Enabled" } (and a lifecycle rule expiring noncurrent versions).',
    configSchema: {
        properties: {
            purposeTag: { type: "string", default: "purpose", description: "Tag that says what a bucket holds." },
            versionedPurposes: { type: "array", items: { type: "string" }, default: ["backups", "logs", "data"], description: "Purposes whose buckets must be versioned." },
        },
    },
    validateStack: (args, reportViolation) => {
        const config = configOf<VersioningConfig>(args, { purposeTag: "purpose", versionedPurposes: ["backups", "logs", "data"] });
        for (const { bucket, configs } of bucketsWith(args.resources, VERSIONING_TYPES)) {
            const purpose = tryKnown(() => bucket.props.tags?.[config.purposeTag]);
            if (!config.versionedPurposes.includes(purpose)) {
                continue;
            }
            if (!configs.some((c) => tryKnown(() => c.props.versioningConfiguration?.status) === "Enabled")) {
                reportViolation(`S3 bucket "${bucket.name}" holds ${purpose} but is not versioned; add a BucketVersioning with status "Enabled".`, bucket.urn);
            }
        }
    },
};

interface ProtectionConfig {
    auditLogGroupPattern: string;
}

const STATEFUL_TYPES = new Set([...S3_BUCKET_TYPES, "aws:kms/key:Key", "aws:backup/vault:Vault", "aws:cognito/userPool:UserPool", EKS_COMPONENT, EKS_CLUSTER]);

export const statefulResourcesProtected: ResourceValidationPolicy = {
    name: "stateful-resources-protected",
    description:
        "Stateful resources (S3 buckets, KMS keys, backup vaults, Cognito user pools, the EKS cluster, audit log groups) carry `protect`, so no update or destroy deletes them by accident.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Create the resource with the `protect: true` resource option (SecureCluster and DisasterRecovery do this when the stack protects). Note: policies receive `protect` but not `retainOnDelete`, so protect is what this checks.",
    configSchema: {
        properties: {
            auditLogGroupPattern: { type: "string", default: "^/aws/eks/.+/cluster$|audit", description: "Regular expression for log group names that hold audit data." },
        },
    },
    validateResource: (args, reportViolation) => {
        const { auditLogGroupPattern } = configOf<ProtectionConfig>(args, { auditLogGroupPattern: "^/aws/eks/.+/cluster$|audit" });
        const audit = args.type === "aws:cloudwatch/logGroup:LogGroup" && new RegExp(auditLogGroupPattern).test(String(args.props.name ?? ""));
        if ((STATEFUL_TYPES.has(args.type) || audit) && !args.opts.protect) {
            reportViolation(`${args.type} "${args.name}" is not protected; create it with the resource option protect: true.`);
        }
    },
};

export const dataProtectionPolicies: Policy[] = [s3PublicAccessBlock, s3Versioning, statefulResourcesProtected];
