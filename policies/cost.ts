import { PolicyConfigSchema, PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { CostResource, estimateMonthlyCost } from "./lib/cost-estimate";
import { allocatable, instanceType, NodeShape } from "./lib/instance-types";
import { parseQuantity } from "./lib/quantities";
import { asArray, configOf, tryKnown } from "./lib/values";
import { podSpecOf } from "./lib/workloads";

interface CapacityConfig {
    /** Shapes of instance types the built-in table does not know. */
    instanceTypes: Record<string, NodeShape>;
}

const CAPACITY_SCHEMA: PolicyConfigSchema = {
    properties: {
        instanceTypes: {
            type: "object",
            default: {},
            additionalProperties: { type: "object", properties: { vcpu: { type: "number" }, memoryGiB: { type: "number" } }, required: ["vcpu", "memoryGiB"] },
            description: 'vCPU and memory of instance types outside the built-in m/c/r/t table, e.g. {"x2idn.16xlarge": {"vcpu": 64, "memoryGiB": 1024}}.',
        },
    },
};

interface Pool {
    name: string;
    /** Allocatable of its smallest instance type (the scheduler may get any of them). */
    node: NodeShape;
    maxSize: number;
    unknownTypes: string[];
}

function nodePools(args: StackValidationArgs): Pool[] {
    const { instanceTypes } = configOf<CapacityConfig>(args, { instanceTypes: {} });
    return args.resources
        .filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup")
        .map((r) => {
            const types: string[] = asArray(tryKnown(() => r.props.instanceTypes));
            const shapes = types.map((t) => instanceType(t, instanceTypes)).filter((s) => s !== undefined);
            const nodes = shapes.map(allocatable);
            const smallest = nodes.sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB)[0] ?? { vcpu: 0, memoryGiB: 0 };
            return {
                name: r.name,
                node: smallest,
                maxSize: Number(tryKnown(() => r.props.scalingConfig?.maxSize) ?? 0),
                unknownTypes: types.filter((t) => !instanceType(t, instanceTypes)),
            };
        });
}

const fmt = (n: number) => Math.round(n * 10) / 10;

export const quotasFitNodePools: StackValidationPolicy = {
    name: "quotas-fit-node-pools",
    description: "The namespaces' ResourceQuotas (requests) add up to no more than the node pools can schedule at their maximum size.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        "Raise the node pools' maxSize (platform:cluster.nodePools) or lower services' replicas.max / resources (their quotas follow), so quotas promise no more than the cluster can hold.",
    configSchema: CAPACITY_SCHEMA,
    validateStack: (args, reportViolation) => {
        const pools = nodePools(args);
        if (pools.length === 0) {
            return;
        }
        const capacity = pools.reduce((sum, p) => ({ vcpu: sum.vcpu + p.node.vcpu * p.maxSize, memoryGiB: sum.memoryGiB + p.node.memoryGiB * p.maxSize }), {
            vcpu: 0,
            memoryGiB: 0,
        });
        const quotas = { vcpu: 0, memoryGiB: 0 };
        for (const quota of args.resources.filter((r) => r.type === "kubernetes:core/v1:ResourceQuota")) {
            const hard = tryKnown(() => quota.props.spec?.hard) ?? {};
            quotas.vcpu += parseQuantity(hard["requests.cpu"] ?? hard.cpu) ?? 0;
            quotas.memoryGiB += (parseQuantity(hard["requests.memory"] ?? hard.memory) ?? 0) / 2 ** 30;
        }
        const pairs: [string, number, number, string][] = [
            ["cpu", quotas.vcpu, capacity.vcpu, "cores"],
            ["memory", quotas.memoryGiB, capacity.memoryGiB, "GiB"],
        ];
        for (const [what, requested, available, unit] of pairs) {
            if (requested > available) {
                reportViolation(
                    `ResourceQuotas promise ${fmt(requested)} ${unit} of ${what} requests, but the node pools at maximum size can schedule ${fmt(available)} ${unit} (${pools.map((p) => `${p.name}: ${p.maxSize} × ${fmt(what === "cpu" ? p.node.vcpu : p.node.memoryGiB)}`).join(", ")}).`,
                );
            }
        }
    },
};

/** A pod's requests: its containers' sum, or its largest init container if that is more. */
function podRequests(spec: Record<string, any>): NodeShape {
    const sum = (containers: any[]) =>
        containers.reduce(
            (s, c) => ({
                vcpu: s.vcpu + (parseQuantity(c?.resources?.requests?.cpu) ?? 0),
                memoryGiB: s.memoryGiB + (parseQuantity(c?.resources?.requests?.memory) ?? 0) / 2 ** 30,
            }),
            { vcpu: 0, memoryGiB: 0 },
        );
    const app = sum(asArray(spec.containers));
    const init = asArray(spec.initContainers).map((c) => sum([c]));
    return { vcpu: Math.max(app.vcpu, ...init.map((i) => i.vcpu)), memoryGiB: Math.max(app.memoryGiB, ...init.map((i) => i.memoryGiB)) };
}

export const podFitsLargestNode: StackValidationPolicy = {
    name: "pod-fits-largest-node",
    description: "No pod requests more cpu or memory than the largest node of the stack's pools can give it: such a pod would stay Pending forever.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Lower the pod's requests, or add a larger instance type to a node pool (platform:cluster.nodePools.<pool>.instanceTypes).",
    configSchema: CAPACITY_SCHEMA,
    validateStack: (args, reportViolation) => {
        const pools = nodePools(args);
        if (pools.length === 0) {
            return;
        }
        const largest = { vcpu: Math.max(...pools.map((p) => p.node.vcpu)), memoryGiB: Math.max(...pools.map((p) => p.node.memoryGiB)) };
        for (const workload of args.resources) {
            const pod = tryKnown(() => podSpecOf(workload.type, workload.props));
            if (!pod || pod.workload.isPatch) {
                continue;
            }
            const requests = podRequests(pod.spec);
            const over = [
                requests.vcpu > largest.vcpu ? `${fmt(requests.vcpu)} cores of cpu (largest node: ${fmt(largest.vcpu)})` : "",
                requests.memoryGiB > largest.memoryGiB ? `${fmt(requests.memoryGiB)} GiB of memory (largest node: ${fmt(largest.memoryGiB)})` : "",
            ].filter(Boolean);
            if (over.length > 0) {
                reportViolation(`${workload.type} "${workload.name}": one pod requests ${over.join(" and ")}; it can never be scheduled.`, workload.urn);
            }
        }
    },
};

/** The stack's resources as the estimator reads them, each in its provider's region. */
function costResources(resources: PolicyResource[]): { resources: CostResource[]; region: string } {
    const regions = new Map<string, number>();
    const converted = resources.map((r) => {
        const region = tryKnown(() => r.provider?.props?.region);
        if (typeof region === "string") {
            regions.set(region, (regions.get(region) ?? 0) + 1);
        }
        return { urn: r.urn, type: r.type, name: r.name, parent: r.parent?.urn, props: r.props, region: typeof region === "string" ? region : undefined };
    });
    const region = [...regions.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "us-east-1";
    return { resources: converted, region };
}

export const costWithinBudget: StackValidationPolicy = {
    name: "cost-within-budget",
    description: "The stack's estimated monthly cost (npm run cost) stays within its AWS Budget.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps:
        "Compare `npm run cost -- --stack <stack>` with platform:cost.monthlyBudgetUsd; shrink the biggest lines (node pools' sizes, NAT gateways, endpoints) or raise the budget after review.",
    validateStack: (args, reportViolation) => {
        const budget = args.resources.find(
            (r) =>
                r.type === "aws:budgets/budget:Budget" &&
                asArray(tryKnown(() => r.props.costFilters)).some(
                    (f: any) => f?.name === "TagKeyValue" && asArray(f.values).some((v: string) => v.startsWith("user:environment$")),
                ),
        );
        const limit = parseFloat(String(tryKnown(() => budget?.props.limitAmount)));
        if (!budget || Number.isNaN(limit)) {
            return;
        }
        const { resources, region } = costResources(args.resources);
        const estimate = estimateMonthlyCost(resources, region);
        if (estimate.totalMin > limit) {
            reportViolation(`The estimated cost at minimum node pool size, $${estimate.totalMin}/month, exceeds the budget of $${limit}.`, budget.urn);
        } else if (estimate.totalMax > limit) {
            reportViolation(
                `The estimated cost at maximum node pool size, $${estimate.totalMax}/month, would exceed the budget of $${limit} (at minimum size: $${estimate.totalMin}).`,
                budget.urn,
            );
        }
    },
};

export const costPolicies: StackValidationPolicy[] = [quotasFitNodePools, podFitsLargestNode, costWithinBudget];
