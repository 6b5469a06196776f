import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SecretSpec {
    /** Owning service; the secret lives at `<prefix>/<service>/<name>`. */
    service: string;
    name: string;
    description: string;
    /** Rotation by a Lambda on a schedule; without it the owner rotates by hand. */
    rotation?: { lambdaArn: string; days: number };
}

export interface PlatformSecretsArgs {
    /** Path prefix of every platform secret, e.g. `platform/prod`; ESO may read only below it. */
    prefix: string;
    secrets: SecretSpec[];
    /** Customer-managed key that encrypts the secrets. */
    kmsKeyArn: pulumi.Input<string>;
    /** Replicate each secret to this region (DR), encrypted with `replicaKmsKeyArn` there. */
    replica?: { region: string; kmsKeyArn?: pulumi.Input<string> };
    /** Days a deleted secret can be restored. Default: 30. */
    recoveryWindowInDays?: number;
    /**
     * Schedule the secrets' rotation. False while the secrets have no value yet (a fresh account's
     * bootstrap): a rotation Lambda cannot rotate a secret without a current version. Default: true.
     */
    rotate?: boolean;
    provider: aws.Provider;
}

export interface PlatformSecret {
    /** `<prefix>/<service>/<name>`, the key ExternalSecrets refer to. */
    path: string;
    arn: pulumi.Output<string>;
}

/**
 * The platform's Secrets Manager secrets: encrypted with the platform's secrets key, replicated
 * to the DR region, rotated by their Lambda where one exists. Values are never set here: the
 * rotation Lambda (or the owner, once) writes them, so no value passes through config or state.
 */
export class PlatformSecrets extends pulumi.ComponentResource {
    readonly secrets: Record<string, PlatformSecret>;

    constructor(name: string, args: PlatformSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:PlatformSecrets", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        this.secrets = {};
        for (const spec of args.secrets) {
            const path = `${args.prefix}/${spec.service}/${spec.name}`;
            const resourceName = `${name}-${spec.service}-${spec.name}`;
            const secret = new aws.secretsmanager.Secret(
                resourceName,
                {
                    name: path,
                    description: spec.description || `${spec.name} of ${spec.service}`,
                    kmsKeyId: args.kmsKeyArn,
                    recoveryWindowInDays: args.recoveryWindowInDays ?? 30,
                    replicas: args.replica ? [{ region: args.replica.region, kmsKeyId: args.replica.kmsKeyArn }] : [],
                    tags: { service: spec.service },
                },
                childOpts,
            );
            if (spec.rotation && (args.rotate ?? true)) {
                // Secrets Manager invokes the Lambda only with this permission; scoped to this secret (confused deputy).
                const invoke = new aws.lambda.Permission(
                    resourceName,
                    {
                        function: spec.rotation.lambdaArn,
                        action: "lambda:InvokeFunction",
                        principal: "secretsmanager.amazonaws.com",
                        sourceArn: secret.arn,
                    },
                    childOpts,
                );
                new aws.secretsmanager.SecretRotation(
                    resourceName,
                    {
                        secretId: secret.id,
                        rotationLambdaArn: spec.rotation.lambdaArn,
                        rotationRules: { automaticallyAfterDays: spec.rotation.days },
                        // The first rotation waits for the schedule: the owner sets the value after `pulumi up`.
                        rotateImmediately: false,
                    },
                    { ...childOpts, dependsOn: [invoke] },
                );
            }
            this.secrets[`${spec.service}/${spec.name}`] = { path, arn: secret.arn };
        }
        this.registerOutputs({ secretArns: Object.fromEntries(Object.entries(this.secrets).map(([k, v]) => [k, v.arn])) });
    }
}
