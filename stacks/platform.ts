import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureCluster } from "../components/secure-cluster";
import { AwsContext } from "../components/shared/iam";
import { PlatformConfig } from "./config";

/** Maps a stack's validated configuration to the platform's components. */
export function buildPlatform(config: PlatformConfig) {
    const name = `${config.project}-${config.stack}`;
    // Explicit provider: every resource gets the cost allocation tags and the stack's region.
    const provider = new aws.Provider("aws", {
        region: config.region as aws.Region,
        defaultTags: { tags: { environment: config.environment, owner: config.owner, "cost-center": config.costCenter, service: "platform", "managed-by": "pulumi" } },
    });
    const identity = aws.getCallerIdentityOutput({}, { provider });
    const awsContext: AwsContext = { accountId: identity.accountId, partition: "aws", region: config.region };
    const prod = config.environment === "prod";

    const cluster = new SecureCluster(name, {
        aws: awsContext,
        clusterName: name,
        network: config.network,
        protect: prod,
        provider,
    });

    // A standby reads the primary's outputs; it never writes to the primary's resources.
    const primary = config.dr.role === "standby" ? new pulumi.StackReference(config.dr.primaryStack!) : undefined;

    return {
        region: config.region,
        // Standby stacks only; null elsewhere (an undefined stack output draws a runtime warning).
        primary: primary ? { stack: config.dr.primaryStack!, vpcId: primary.requireOutput("vpcId") } : null,
        vpcId: cluster.network.vpcId,
        privateSubnetIds: cluster.network.privateSubnetIds,
        kmsKeyArns: pulumi.output({ secrets: cluster.keys.secrets.arn, logs: cluster.keys.logs.arn, storage: cluster.keys.storage.arn }),
    };
}
