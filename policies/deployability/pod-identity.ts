import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, tryKnown } from "../lib/values";

const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const ADDON = "aws:eks/addon:Addon";
/** Where EKS installs an add-on when its namespaceConfig names none. */
const ADDON_DEFAULT_NAMESPACE = "kube-system";

/** The cluster a resource names: its clusterName, or (unknown during preview) the resource it comes from. */
function clusterOf(resource: PolicyResource): string {
    const name = tryKnown(() => resource.props.clusterName);
    return typeof name === "string" ? name : (resource.propertyDependencies?.clusterName?.[0]?.urn ?? "an unknown cluster");
}

/** Each service account an association (standalone, or one of an add-on's) claims. */
function claims(resources: PolicyResource[]): { key: string; account: string; resource: PolicyResource; via: string }[] {
    return resources.flatMap((r) => {
        if (r.type === ASSOCIATION) {
            const account = `${tryKnown(() => r.props.namespace)}/${tryKnown(() => r.props.serviceAccount)}`;
            return [{ key: `${clusterOf(r)} ${account}`, account, resource: r, via: `PodIdentityAssociation "${r.name}"` }];
        }
        if (r.type === ADDON) {
            const namespace = tryKnown(() => r.props.namespaceConfig?.namespace) ?? ADDON_DEFAULT_NAMESPACE;
            return asArray(tryKnown(() => r.props.podIdentityAssociations)).map((a) => {
                const account = `${namespace}/${a?.serviceAccount}`;
                return { key: `${clusterOf(r)} ${account}`, account, resource: r, via: `the podIdentityAssociations of add-on "${r.name}"` };
            });
        }
        return [];
    });
}

export const podIdentityAssociationUnique: StackValidationPolicy = {
    name: "pod-identity-association-unique",
    description:
        "One EKS Pod Identity association per service account and cluster: EKS refuses a second one (ResourceInUseException), whether it comes from a standalone PodIdentityAssociation or from an add-on's podIdentityAssociations.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Keep exactly one association per service account: where an aws.eks.Addon associates its role through podIdentityAssociations, create the role without a standalone association (PodIdentityRole\'s associatedBy: "addon").',
    validateStack: (args, reportViolation) => {
        const seen = new Map<string, string>();
        for (const claim of claims(args.resources)) {
            const first = seen.get(claim.key);
            if (first) {
                reportViolation(
                    `Service account ${claim.account} is associated twice on cluster ${claim.key.split(" ")[0]}: by ${first} and by ${claim.via}; EKS accepts one association per service account. Remove one of them.`,
                    claim.resource.urn,
                );
            } else {
                seen.set(claim.key, claim.via);
            }
        }
    },
};

/** The conditions on a trust statement: any of these session tags names the cluster (dev and prod may share an account). */
const CLUSTER_TAGS = ["aws:RequestTag/eks-cluster-arn", "aws:RequestTag/eks-cluster-name"];
const SERVICE_ACCOUNT_TAGS = ["aws:RequestTag/kubernetes-service-account"];

/** The condition keys a trust statement tests, whatever the operator. */
function conditionKeys(statement: Record<string, any>): string[] {
    return Object.values((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((byKey) => Object.keys(byKey ?? {}));
}

export const podIdentityTrustScoped: ResourceValidationPolicy = {
    name: "pod-identity-trust-scoped",
    description:
        "An IAM role EKS Pod Identity assumes (trusting pods.eks.amazonaws.com) names the cluster and the service account in its trust policy's conditions: without them, any Pod Identity association in the account, on any cluster, can claim the role (EKS user guide, pod-id-role).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add StringEquals conditions on aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account (components/shared/iam.ts podIdentityTrustPolicy).",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") {
            return;
        }
        const document = asObject(tryKnown(() => args.props.assumeRolePolicy));
        for (const statement of asArray(document?.Statement)) {
            const service = statement?.Principal?.Service;
            const trustsPods = (Array.isArray(service) ? service : [service]).includes("pods.eks.amazonaws.com");
            if (!trustsPods || statement.Effect !== "Allow") {
                continue;
            }
            const keys = conditionKeys(statement);
            const missing = [
                ...(keys.some((k) => CLUSTER_TAGS.includes(k)) ? [] : ["the cluster (aws:RequestTag/eks-cluster-arn)"]),
                ...(keys.some((k) => SERVICE_ACCOUNT_TAGS.includes(k)) ? [] : ["the service account (aws:RequestTag/kubernetes-service-account)"]),
            ];
            if (missing.length > 0) {
                reportViolation(
                    `Role "${args.name}" trusts EKS Pod Identity without naming ${missing.join(" or ")}: a pod on another cluster of the account can assume it. Add the condition.`,
                );
            }
        }
    },
};
