import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ContainerRegistryArgs {
    /** Repository names (the services' image repositories). */
    repositories: string[];
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
                { ...childOpts, protect: args.protect ?? true },
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
            const identity = aws.getCallerIdentityOutput({}, { provider: args.provider });
            // Replicated repositories are created from this template in the DR region: immutable and encrypted there too.
            new aws.ecr.RepositoryCreationTemplate(
                `${name}-replicas`,
                {
                    prefix: "ROOT",
                    appliedFors: ["REPLICATION"],
                    imageTagMutability: "IMMUTABLE",
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.replica.kmsKeyArn }],
                    description: "Repositories replicated from the primary region",
                },
                { parent: this, provider: args.replica.provider },
            );
            new aws.ecr.ReplicationConfiguration(
                name,
                {
                    replicationConfiguration: {
                        rules: [
                            {
                                destinations: [{ region: args.replica.region, registryId: identity.accountId }],
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
}
