import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { S3_BUCKET_TYPES } from "../lib/s3";
import { asArray, asObject, tryKnown } from "../lib/values";

const LOCK_CONFIGURATION = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

/** Resources one of `resource`'s inputs depends on (the Pulumi engine records them per property). */
function dependenciesOf(resource: PolicyResource, property: string, types: string[]): PolicyResource[] {
    return (resource.propertyDependencies?.[property] ?? []).filter((d) => types.includes(d.type));
}

/** Object Lock on a bucket: at creation, or by a lock configuration of it. */
function hasObjectLock(bucket: PolicyResource, resources: PolicyResource[]): boolean {
    return (
        tryKnown(() => bucket.props.objectLockEnabled) === true ||
        resources.some((r) => r.type === LOCK_CONFIGURATION && dependenciesOf(r, "bucket", S3_BUCKET_TYPES).some((b) => b.urn === bucket.urn))
    );
}

/** Whether an IAM action pattern (`s3:Get*`) covers an action (`s3:GetObjectRetention`). */
function covers(pattern: string, action: string): boolean {
    return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action);
}

/** The actions a role's inline policies allow, or undefined while a policy is unknown. */
function allowedActions(role: PolicyResource, resources: PolicyResource[]): string[] | undefined {
    const policies = resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.dependencies.some((d) => d.urn === role.urn));
    const documents = policies.map((p) => asObject(tryKnown(() => p.props.policy)));
    if (documents.some((d) => d === undefined)) {
        return undefined;
    }
    return documents.flatMap((d) =>
        asArray(d!.Statement)
            .filter((s) => s?.Effect === "Allow")
            .flatMap((s) => asArray(Array.isArray(s.Action) ? s.Action : [s.Action])),
    );
}

const LOCK_READS = ["s3:GetObjectRetention", "s3:GetObjectLegalHold"];

export const s3ReplicationObjectLock: StackValidationPolicy = {
    name: "s3-replication-object-lock",
    description:
        "Replication from a bucket with Object Lock can replicate: every destination has Object Lock too (else S3 fails each object with DstBucketObjectLockConfigMissing) and the replication role may read retention and legal holds (s3:GetObjectRetention, s3:GetObjectLegalHold).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Create the destination bucket with objectLockEnabled: true (and the same default retention), and add s3:GetObjectRetention and s3:GetObjectLegalHold on the source's objects to the replication role's policy.",
    validateStack: (args, reportViolation) => {
        for (const replication of args.resources.filter((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
            const source = dependenciesOf(replication, "bucket", S3_BUCKET_TYPES)[0];
            if (!source || !hasObjectLock(source, args.resources)) {
                continue;
            }
            for (const destination of dependenciesOf(replication, "rules", S3_BUCKET_TYPES).filter((b) => !hasObjectLock(b, args.resources))) {
                reportViolation(
                    `Replication "${replication.name}" copies Object Lock bucket "${source.name}" into "${destination.name}", which has no Object Lock: S3 refuses every locked object. Create "${destination.name}" with objectLockEnabled: true.`,
                    replication.urn,
                );
            }
            const role = dependenciesOf(replication, "role", ["aws:iam/role:Role"])[0];
            const actions = role && allowedActions(role, args.resources);
            const missing = actions && LOCK_READS.filter((needed) => !actions.some((a) => covers(a, needed)));
            if (role && missing && missing.length > 0) {
                reportViolation(
                    `Replication "${replication.name}" copies Object Lock bucket "${source.name}", but its role "${role.name}" may not ${missing.join(" or ")}: S3 cannot replicate the locked objects. Allow them on the source's objects.`,
                    replication.urn,
                );
            }
        }
    },
};

export const ecrCreationTemplateRole: ResourceValidationPolicy = {
    name: "ecr-creation-template-role",
    description:
        "An ECR repository creation template that encrypts with a KMS key or sets tags names the role ECR assumes to create the repositories (customRoleArn); without it the repositories replication creates are not encrypted or tagged as the template says.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Create an IAM role trusted by ecr.amazonaws.com allowing ecr:CreateRepository, ecr:ReplicateImage, ecr:TagResource and kms:CreateGrant, kms:RetireGrant, kms:DescribeKey on the template's key, and set it as the template's customRoleArn (AWS ECR user guide, repository creation templates).",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate" || tryKnown(() => args.props.customRoleArn ?? null) !== null) {
            return;
        }
        const kms = asArray(tryKnown(() => args.props.encryptionConfigurations)).some((c) => c?.encryptionType === "KMS");
        const tags = Object.keys(tryKnown(() => args.props.resourceTags) ?? {}).length > 0;
        if (kms || tags) {
            reportViolation(
                `ECR repository creation template "${args.name}" ${kms ? "encrypts with a KMS key" : "sets resource tags"} without customRoleArn; ECR needs a role of yours to do that. Set customRoleArn.`,
            );
        }
    },
};
