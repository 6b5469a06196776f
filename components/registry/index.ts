import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, iamRoleName, policyDocument, serviceTrustPolicy } from "../shared/iam";

export interface ContainerRegistryArgs {
    /** Account, partition and region of the registry. */
    aws: AwsContext;
    /** Repository names (the services' image repositories). */
    repositories: string[];
    /**
     * `create` the repositories, or `import` existing ones by name (the account already has them;
     * their settings must match, as Pulumi imports only what it would have created). Default: create.
     */
    mode?: "create" | "import";
    /** KMS key the images are encrypted with. */
    kmsKeyArn: pulumi.Input<string>;
    /** Replicate every repository to this region, where they are created immutable and KMS-encrypted with `kmsKeyArn`. */
    replica?: { region: string; kmsKeyArn: pulumi.Input<string>; provider: aws.Provider };
    /** Protect the repositories (prod). Default: true. */
    protect?: boolean;
    provider: aws.Provider;
}

/**
 * The services' ECR repositories: immutable tags (a digest pinned in config cannot change under
 * it), scan on push, KMS encryption, a lifecycle that keeps the last 50 releases, and
 * replication into the DR region.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:registry:ContainerRegistry", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        this.repositoryUrls = {};
        for (const repository of args.repositories) {
            const repo = new aws.ecr.Repository(
                `${name}-${repository}`,
                {
                    name: repository,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                    tags: { service: repository },
                },
                { ...childOpts, protect: args.protect ?? true, import: args.mode === "import" ? repository : undefined },
            );
            new aws.ecr.LifecyclePolicy(
                `${name}-${repository}`,
                {
                    repository: repo.name,
                    policy: JSON.stringify({
                        rules: [
                            {
                                rulePriority: 1,
                                description: "Untagged layers go after a week",
                                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                                action: { type: "expire" },
                            },
                            {
                                rulePriority: 2,
                                description: "Keep the last 50 releases",
                                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
                                action: { type: "expire" },
                            },
                        ],
                    }),
                },
                childOpts,
            );
            this.repositoryUrls[repository] = repo.repositoryUrl;
        }
        if (args.replica) {
            // Replicated repositories are created from this template in the DR region: immutable and encrypted there too.
            // ECR creates KMS-encrypted repositories only through a role of ours (customRoleArn).
            const templateRole = this.replicaCreationRole(name, args, args.replica);
            new aws.ecr.RepositoryCreationTemplate(
                `${name}-replicas`,
                {
                    prefix: "ROOT",
                    appliedFors: ["REPLICATION"],
                    imageTagMutability: "IMMUTABLE",
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.replica.kmsKeyArn }],
                    description: "Repositories replicated from the primary region",
                    customRoleArn: templateRole.arn,
                },
                { parent: this, provider: args.replica.provider },
            );
            new aws.ecr.ReplicationConfiguration(
                name,
                {
                    replicationConfiguration: {
                        rules: [
                            {
                                destinations: [{ region: args.replica.region, registryId: args.aws.accountId }],
                                repositoryFilters: args.repositories.map((filter) => ({ filter, filterType: "PREFIX_MATCH" })),
                            },
                        ],
                    },
                },
                childOpts,
            );
        }
        this.registerOutputs({ repositoryUrls: this.repositoryUrls });
    }

    /**
     * The role ECR assumes to create the replicas from the template: create, replicate and tag only
     * our repositories in the replica region, and grants on the replica key only (ECR user guide,
     * repository creation templates: the custom role).
     */
    private replicaCreationRole(name: string, args: ContainerRegistryArgs, replica: NonNullable<ContainerRegistryArgs["replica"]>): aws.iam.Role {
        const { partition, accountId } = args.aws;
        const role = new aws.iam.Role(
            `${name}-replica-creation`,
            { name: iamRoleName(name, "replica-creation"), assumeRolePolicy: serviceTrustPolicy("ecr.amazonaws.com") },
            { parent: this, provider: args.provider },
        );
        new aws.iam.RolePolicy(
            `${name}-replica-creation`,
            {
                role: role.name,
                policy: policyDocument([
                    {
                        Sid: "CreateReplicaRepositories",
                        Effect: "Allow",
                        Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
                        Resource: args.repositories.map((repository) => `arn:${partition}:ecr:${replica.region}:${accountId}:repository/${repository}`),
                    },
                    { Sid: "EncryptReplicas", Effect: "Allow", Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], Resource: replica.kmsKeyArn },
                ]),
            },
            { parent: this, provider: args.provider },
        );
        return role;
    }
}
