import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { addonEnablesNetworkPolicy, EKS_CLUSTER, EKS_COMPONENT, owningComponent } from "./lib/eks";
import { displayNamespace, EXEMPT_NAMESPACES_SCHEMA, exemptNamespaces, indexNamespaces } from "./lib/namespaces";
import { asArray, tryKnown } from "./lib/values";

/** Which directions a NetworkPolicy denies by default for every pod of its namespace. */
function defaultDenies(policy: PolicyResource): { ingress: boolean; egress: boolean } {
    const spec = tryKnown(() => policy.props.spec) ?? {};
    const selector = spec.podSelector ?? {};
    const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
    const types: string[] = asArray(spec.policyTypes);
    return {
        ingress: selectsAll && types.includes("Ingress") && asArray(spec.ingress).length === 0,
        egress: selectsAll && types.includes("Egress") && asArray(spec.egress).length === 0,
    };
}

export const namespaceDefaultDeny: StackValidationPolicy = {
    name: "namespace-default-deny",
    description: "Every namespace the stack runs pods in has a default-deny NetworkPolicy for ingress and egress; traffic is then allowed explicitly.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Add a NetworkPolicy with podSelector: {}, policyTypes: ["Ingress", "Egress"] and no rules to the namespace, then allow DNS, the ingress path and each declared call explicitly (ServiceDeployment does this from the service spec).',
    configSchema: EXEMPT_NAMESPACES_SCHEMA,
    validateStack: (args, reportViolation) => {
        const exempt = exemptNamespaces(args);
        const index = indexNamespaces(args.resources);
        const policies = index.objects("kubernetes:networking.k8s.io/v1:NetworkPolicy");
        for (const [key, workloads] of index.workloads) {
            if (exempt.includes(key)) {
                continue;
            }
            const denies = (policies.get(key) ?? []).map(defaultDenies);
            const missing = [denies.some((d) => d.ingress) ? "" : "ingress", denies.some((d) => d.egress) ? "" : "egress"].filter(Boolean);
            if (missing.length > 0) {
                const target = index.declared.get(key)?.urn ?? workloads[0].urn;
                reportViolation(
                    `${displayNamespace(key, index.declared)} has no default-deny NetworkPolicy for ${missing.join(" and ")}; add one selecting all pods (podSelector: {}).`,
                    target,
                );
            }
        }
    },
};

export const vpcCniNetworkPolicy: StackValidationPolicy = {
    name: "vpc-cni-network-policy",
    description: "The cluster enforces NetworkPolicies: the VPC CNI runs with network policy enforcement on.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'On eks.Cluster set useDefaultVpcCni: false and vpcCniOptions: { enableNetworkPolicy: true }; on a standalone vpc-cni aws.eks.Addon set configurationValues to {"enableNetworkPolicy": "true"}.',
    validateStack: (args, reportViolation) => {
        const enabling = args.resources.filter(addonEnablesNetworkPolicy);
        for (const cluster of args.resources) {
            if (cluster.type === EKS_COMPONENT) {
                const own = tryKnown(() => cluster.props.vpcCniOptions?.enableNetworkPolicy) === true;
                if (!own && !enabling.some((addon) => owningComponent(addon) === cluster)) {
                    reportViolation(
                        `EKS cluster "${cluster.name}" does not turn on VPC CNI network policy enforcement; set vpcCniOptions.enableNetworkPolicy: true (with useDefaultVpcCni: false).`,
                        cluster.urn,
                    );
                }
            } else if (cluster.type === EKS_CLUSTER && !owningComponent(cluster)) {
                const name = tryKnown(() => cluster.props.name);
                const addonFor = (addon: PolicyResource) =>
                    [...(addon.propertyDependencies?.clusterName ?? []), ...addon.dependencies].some((d) => d.urn === cluster.urn) ||
                    tryKnown(() => addon.props.clusterName) === name;
                if (!enabling.some(addonFor)) {
                    reportViolation(`EKS cluster "${cluster.name}" has no vpc-cni add-on with enableNetworkPolicy "true"; add one.`, cluster.urn);
                }
            }
        }
    },
};

export const networkPolicies: StackValidationPolicy[] = [namespaceDefaultDeny, vpcCniNetworkPolicy];
