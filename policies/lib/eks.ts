import { PolicyResource } from "@pulumi/policy";
import { asObject, tryKnown } from "./values";

/** EKS clusters as a real preview sees them (the eks:index:Cluster component and its aws:eks/cluster:Cluster child) and as mocks do (the component only). */

export const EKS_COMPONENT = "eks:index:Cluster";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";

/** The eks:index:Cluster a resource belongs to (itself or its nearest ancestor). */
export function owningComponent(resource: PolicyResource): PolicyResource | undefined {
    for (let r: PolicyResource | undefined = resource; r; r = r.parent) {
        if (r.type === EKS_COMPONENT) {
            return r;
        }
    }
    return undefined;
}

/** Whether a VPC CNI add-on resource turns network policy enforcement on. */
export function addonEnablesNetworkPolicy(resource: PolicyResource): boolean {
    if (resource.type === "eks:index:VpcCniAddon") {
        return tryKnown(() => resource.props.enableNetworkPolicy) === true;
    }
    if (resource.type === "aws:eks/addon:Addon" && tryKnown(() => resource.props.addonName) === "vpc-cni") {
        const values = asObject(tryKnown(() => resource.props.configurationValues));
        return String(values?.enableNetworkPolicy) === "true";
    }
    return false;
}
