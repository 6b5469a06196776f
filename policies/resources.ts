import { ResourceValidationPolicy } from "@pulumi/policy";
import { isHelmType } from "./lib/helm";
import { parseQuantity } from "./lib/quantities";
import { configOf } from "./lib/values";
import { describeContainer, podSpecOf } from "./lib/workloads";

interface ResourceLimitsConfig {
    requireCpuLimit: boolean;
    maxCpu?: string;
    maxMemory?: string;
}

/** A `resources` block to judge, with where it is written. */
interface ResourcesUse {
    where: string;
    resources: Record<string, any>;
    /** Patches and Helm values only assert what they set: nothing is "missing" there. */
    partial: boolean;
}

/** Every `resources` object Helm values set, e.g. `values.controller.resources`. */
function helmResources(value: unknown, path: string, found: ResourcesUse[]): void {
    if (Array.isArray(value)) {
        value.forEach((item, i) => helmResources(item, `${path}[${i}]`, found));
        return;
    }
    if (value === null || typeof value !== "object") {
        return;
    }
    for (const key of Object.keys(value)) {
        const child = (value as Record<string, any>)[key];
        if (key === "resources" && child !== null && typeof child === "object" && ("requests" in child || "limits" in child)) {
            found.push({ where: `Helm value ${path}.${key}`, resources: child, partial: true });
        } else {
            helmResources(child, `${path}.${key}`, found);
        }
    }
}

function resourcesOf(type: string, props: Record<string, any>): ResourcesUse[] {
    if (isHelmType(type)) {
        const found: ResourcesUse[] = [];
        helmResources(props.values, "values", found);
        return found;
    }
    const pod = podSpecOf(type, props);
    if (!pod) {
        return [];
    }
    return (
        pod.containers
            // Ephemeral (debug) containers cannot set resources.
            .filter((ref) => ref.list !== "ephemeralContainers")
            .filter((ref) => !pod.workload.isPatch || ref.container.resources !== undefined)
            .map((ref) => ({ where: describeContainer(ref), resources: ref.container.resources ?? {}, partial: pod.workload.isPatch }))
    );
}

const FIELDS = [
    { path: "requests.cpu", required: () => true },
    { path: "requests.memory", required: () => true },
    { path: "limits.memory", required: () => true },
    { path: "limits.cpu", required: (c: ResourceLimitsConfig) => c.requireCpuLimit },
] as const;

function problemsOf(use: ResourcesUse, config: ResourceLimitsConfig): string[] {
    const { requests = {}, limits = {} } = use.resources;
    const problems: string[] = [];
    const missing = FIELDS.filter((f) => f.required(config) && !use.partial)
        .filter((f) => (f.path.startsWith("requests") ? requests : limits)[f.path.split(".")[1]] === undefined)
        .map((f) => `resources.${f.path}`);
    if (missing.length > 0) {
        problems.push(`sets no ${missing.join(", ")}`);
    }
    for (const resource of ["cpu", "memory"] as const) {
        const request = parseQuantity(requests[resource]);
        const limit = parseQuantity(limits[resource]);
        if (request !== undefined && limit !== undefined && limit < request) {
            problems.push(`has resources.limits.${resource} ${limits[resource]} below resources.requests.${resource} ${requests[resource]}`);
        }
        const ceiling = resource === "cpu" ? config.maxCpu : config.maxMemory;
        const largest = Math.max(request ?? 0, limit ?? 0);
        if (ceiling !== undefined && largest > (parseQuantity(ceiling) ?? Infinity)) {
            problems.push(`asks for ${resource} ${limits[resource] ?? requests[resource]}, above the per-container ceiling of ${ceiling}`);
        }
    }
    return problems;
}

export const containerResources: ResourceValidationPolicy = {
    name: "container-resources",
    description:
        "Every container (init containers included) requests cpu and memory and limits memory (and cpu where required), with limits not below requests and within the per-container ceiling.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory (and resources.limits.cpu where the stack requires it) on the container, with each limit >= its request. Size from observed usage (p95 plus headroom); the namespace's LimitRange only supplies defaults.",
    configSchema: {
        properties: {
            requireCpuLimit: { type: "boolean", default: true, description: "Require resources.limits.cpu (prod: yes, to keep noisy neighbours bounded)." },
            maxCpu: { type: "string", description: 'Largest cpu a single container may request or be limited to, e.g. "4".' },
            maxMemory: { type: "string", description: 'Largest memory a single container may request or be limited to, e.g. "16Gi".' },
        },
    },
    validateResource: (args, reportViolation) => {
        const config = configOf<ResourceLimitsConfig>(args, { requireCpuLimit: true });
        for (const use of resourcesOf(args.type, args.props)) {
            for (const problem of problemsOf(use, config)) {
                reportViolation(`${use.where} ${problem}.`);
            }
        }
    },
};

export const resourcePolicies: ResourceValidationPolicy[] = [containerResources];
