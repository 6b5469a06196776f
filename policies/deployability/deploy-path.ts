import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { EKS_CLUSTER, EKS_COMPONENT, owningComponent } from "../lib/eks";
import { asArray, tryKnown } from "../lib/values";

const PROJECT = "aws:codebuild/project:Project";

/** Whether a cluster's API has no public endpoint (pulumi-eks component, or a raw cluster). */
function privateOnly(cluster: PolicyResource): boolean {
    const open = cluster.type === EKS_COMPONENT ? tryKnown(() => cluster.props.endpointPublicAccess) : tryKnown(() => cluster.props.vpcConfig?.endpointPublicAccess);
    return open === false;
}

/** Values and, while they are unknown, the resources they come from: two inputs match if either matches. */
function identities(resource: PolicyResource, property: string, value: unknown): string[] {
    const deps = (resource.propertyDependencies?.[property] ?? []).map((d) => d.urn);
    return [...[value].flat().filter((v): v is string => typeof v === "string"), ...deps];
}

/** The cluster's VPC (component: vpcId) or subnets (raw cluster), and a runner project's. */
function clusterNetwork(cluster: PolicyResource): string[] {
    return cluster.type === EKS_COMPONENT
        ? identities(
              cluster,
              "vpcId",
              tryKnown(() => cluster.props.vpcId),
          )
        : identities(
              cluster,
              "vpcConfig",
              tryKnown(() => cluster.props.vpcConfig?.subnetIds),
          );
}

function projectNetwork(project: PolicyResource): string[] {
    const vpc = tryKnown(() => project.props.vpcConfig);
    return vpc ? identities(project, "vpcConfig", [vpc.vpcId, asArray(vpc.subnets)]) : [];
}

export const eksPrivateApiDeployPath: StackValidationPolicy = {
    name: "eks-private-api-deploy-path",
    description:
        "A stack that deploys to an EKS cluster whose API endpoint is private also runs its deploys inside that cluster's VPC: `pulumi preview` and `pulumi up` talk to the Kubernetes API, which runners outside the VPC (GitHub-hosted ones) cannot reach (EKS user guide, cluster endpoint access).",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
        "Add a runner inside the VPC, e.g. an AWS CodeBuild project of GitHub Actions runner type with vpcConfig in the cluster's private subnets (components/deploy-runner), and run the workflows on it; or deploy from a self-hosted runner or Pulumi Deployments agent in the VPC and set this policy to disabled in the stack's policy config.",
    validateStack: (args, reportViolation) => {
        const deploysToKubernetes = args.resources.some((r) => r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
        if (!deploysToKubernetes) {
            return;
        }
        const runners = args.resources.filter((r) => r.type === PROJECT).map(projectNetwork);
        for (const cluster of args.resources.filter((r) => r.type === EKS_COMPONENT || (r.type === EKS_CLUSTER && !owningComponent(r)))) {
            const network = clusterNetwork(cluster);
            if (privateOnly(cluster) && !runners.some((runner) => runner.some((id) => network.includes(id)))) {
                reportViolation(
                    `EKS cluster "${cluster.name}" has a private API endpoint only, and nothing in the stack runs inside its VPC: a deploy from outside (a GitHub-hosted runner) cannot reach the Kubernetes API. Run deploys on a runner in the VPC.`,
                    cluster.urn,
                );
            }
        }
    },
};
