import { ResourceValidationPolicy } from "@pulumi/policy";
import { EKS_CLUSTER, EKS_COMPONENT } from "./lib/eks";
import { asArray, configOf } from "./lib/values";

/** The API endpoint settings of either form of an EKS cluster, with the provider's defaults filled in. */
function endpointOf(type: string, props: Record<string, any>): { publicAccess: boolean; privateAccess: boolean; cidrs: string[]; field: string } | undefined {
    if (type === EKS_COMPONENT) {
        // pulumi-eks defaults: public access on, private access off.
        return { publicAccess: props.endpointPublicAccess !== false, privateAccess: props.endpointPrivateAccess === true, cidrs: asArray(props.publicAccessCidrs), field: "" };
    }
    if (type === EKS_CLUSTER) {
        const vpc = props.vpcConfig ?? {};
        return { publicAccess: vpc.endpointPublicAccess !== false, privateAccess: vpc.endpointPrivateAccess === true, cidrs: asArray(vpc.publicAccessCidrs), field: "vpcConfig." };
    }
    return undefined;
}

const OPEN = ["0.0.0.0/0", "::/0"];

export const eksEndpointAccess: ResourceValidationPolicy = {
    name: "eks-endpoint-access",
    description:
        "The EKS API endpoint is private, or public only from explicit CIDRs (never 0.0.0.0/0 unless the stack's config allows it), and reachable privately from the nodes.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Set endpointPrivateAccess: true and endpointPublicAccess: false; if people must reach the API from outside the VPC, keep public access on with publicAccessCidrs listing only your VPN/office egress CIDRs.",
    configSchema: {
        properties: {
            allowOpenPublicEndpoint: { type: "boolean", default: false, description: "Allow a public endpoint open to 0.0.0.0/0 (never in prod)." },
        },
    },
    validateResource: (args, reportViolation) => {
        const endpoint = endpointOf(args.type, args.props);
        if (!endpoint) {
            return;
        }
        const { allowOpenPublicEndpoint } = configOf(args, { allowOpenPublicEndpoint: false });
        const f = endpoint.field;
        if (!endpoint.privateAccess) {
            reportViolation(`${f}endpointPrivateAccess is not true; turn it on so nodes and pods reach the API inside the VPC.`);
        }
        if (endpoint.publicAccess && !allowOpenPublicEndpoint) {
            if (endpoint.cidrs.length === 0) {
                reportViolation(`${f}endpointPublicAccess is on with no ${f}publicAccessCidrs, which AWS opens to 0.0.0.0/0; turn public access off or list explicit CIDRs.`);
            }
            const open = endpoint.cidrs.filter((cidr) => OPEN.includes(cidr));
            if (open.length > 0) {
                reportViolation(`${f}publicAccessCidrs includes ${open.join(", ")}; list only the CIDRs that must reach the API (VPN, office egress).`);
            }
        }
    },
};

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksControlPlaneLogs: ResourceValidationPolicy = {
    name: "eks-control-plane-logs",
    description: "EKS sends all five control-plane log types (api, audit, authenticator, controllerManager, scheduler) to CloudWatch Logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: `Set enabledClusterLogTypes: ${JSON.stringify(CONTROL_PLANE_LOG_TYPES)} on the cluster (retention and KMS of the log group per stack).`,
    validateResource: (args, reportViolation) => {
        if (args.type !== EKS_COMPONENT && args.type !== EKS_CLUSTER) {
            return;
        }
        const enabled = asArray(args.props.enabledClusterLogTypes);
        const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            reportViolation(`enabledClusterLogTypes lacks ${missing.join(", ")}; enable all five control-plane log types.`);
        }
    },
};

interface ImdsConfig {
    maxHopLimit: number;
}

function metadataProblems(options: Record<string, any> | undefined, maxHopLimit: number, field: string): string[] {
    const problems: string[] = [];
    if (options?.httpTokens !== "required") {
        problems.push(`${field}.httpTokens is not "required"; set it so only IMDSv2 (session tokens) answers`);
    }
    const hops = options?.httpPutResponseHopLimit;
    if (hops !== undefined && hops > maxHopLimit) {
        problems.push(`${field}.httpPutResponseHopLimit is ${hops}; set it to ${maxHopLimit} so pods cannot reach the node's credentials`);
    }
    return problems;
}

export const nodeImdsV2: ResourceValidationPolicy = {
    name: "node-imdsv2",
    description: "Nodes require IMDSv2 with a response hop limit of 1 (configurable), so pods cannot use the node role's credentials.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Give node groups a launch template with metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" }; on eks.Cluster set skipDefaultNodeGroup: true and use those node groups.',
    configSchema: {
        properties: {
            maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 1, description: "Largest allowed httpPutResponseHopLimit." },
        },
    },
    validateResource: (args, reportViolation) => {
        const { maxHopLimit } = configOf<ImdsConfig>(args, { maxHopLimit: 1 });
        const report = (problems: string[]) => problems.forEach((p) => reportViolation(`${p}.`));
        switch (args.type) {
            case "aws:ec2/launchTemplate:LaunchTemplate":
            case "aws:ec2/instance:Instance":
                report(metadataProblems(args.props.metadataOptions, maxHopLimit, "metadataOptions"));
                break;
            case "aws:eks/nodeGroup:NodeGroup":
                if (!args.props.launchTemplate) {
                    reportViolation("the node group has no launchTemplate, so its instance metadata options cannot be enforced; give it a launch template that requires IMDSv2.");
                }
                break;
            case EKS_COMPONENT:
                if (args.props.skipDefaultNodeGroup !== true) {
                    reportViolation(
                        "skipDefaultNodeGroup is not true: the default node group's metadata options cannot be verified; skip it and add managed node groups with a launch template.",
                    );
                }
                break;
        }
    },
};

export const clusterAccessPolicies: ResourceValidationPolicy[] = [eksEndpointAccess, eksControlPlaneLogs, nodeImdsV2];
