/** Scheduling conventions shared by the node pools (SecureCluster) and the workloads (ServiceDeployment). */

/** Labels and taints of the two managed node group pools. */
export const POOLS = {
    /** On-demand; tainted so only critical add-ons and critical services land there. */
    system: { label: { "platform.io/pool": "system" }, taint: { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" as const } },
    /** Spot; tainted so only workloads that accept interruption land there. */
    spot: { label: { "platform.io/pool": "spot" }, taint: { key: "platform.io/spot", value: "true", effect: "NO_SCHEDULE" as const } },
};

/** Toleration of a pool's taint (the Kubernetes spelling of the effect). */
export function tolerationOf(pool: keyof typeof POOLS) {
    const { key, value } = POOLS[pool].taint;
    return { key, operator: "Equal", value, effect: "NoSchedule" };
}

/** Where the platform's own controllers go on EKS: the on-demand system pool. */
export const SYSTEM_POOL_SCHEDULING = { nodeSelector: POOLS.system.label, tolerations: [tolerationOf("system")] };

/**
 * Placement of the platform's pods in a chart's values: `pods` for Deployments and StatefulSets
 * (the system pool on EKS), `daemonSets` for node agents, which tolerate every pool's taint. On an
 * existing cluster (no pools of ours) both are empty. The design: docs/architecture.md, Scheduling.
 */
export interface PlatformScheduling {
    pods: { nodeSelector?: Record<string, string>; tolerations?: object[] };
    daemonSets: { tolerations?: object[] };
}

export function platformScheduling(onOurPools: boolean): PlatformScheduling {
    return onOurPools ? { pods: SYSTEM_POOL_SCHEDULING, daemonSets: { tolerations: [{ operator: "Exists", effect: "NoSchedule" }] } } : { pods: {}, daemonSets: {} };
}

/** Label EKS sets on managed nodes with their capacity type. */
export const CAPACITY_TYPE_LABEL = "eks.amazonaws.com/capacityType";

export type Tier = "critical" | "standard" | "batch";

/** PriorityClasses by tier: under pressure batch work yields first, critical work last. */
export const PRIORITY_CLASSES: Record<Tier, { name: string; value: number; preempt: boolean; description: string }> = {
    critical: { name: "platform-critical", value: 100000, preempt: true, description: "User-facing services that must stay up" },
    standard: { name: "platform-standard", value: 10000, preempt: true, description: "Services that tolerate brief disruption" },
    batch: { name: "platform-batch", value: 1000, preempt: false, description: "Interruptible work; never preempts others" },
};
