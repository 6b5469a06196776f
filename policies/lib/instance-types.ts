import table from "./instance-types.json";

/**
 * EC2 instance types as AWS publishes them (instance-types.json, written by
 * `npm run generate:instance-types` from amazon-eks-ami's instance-info.jsonl and Karpenter's
 * generated reference; see its `source` and `date`), and what the kubelet leaves allocatable on
 * them (EKS AL2023 defaults: kube-reserved cpu by the published ladder, memory 255 MiB + 11 MiB
 * per pod of max-pods, 100 MiB hard eviction). An estimate for guardrails, not a scheduler.
 */

/** One type's facts as the table stores them. */
export interface InstanceTypeFacts {
    vcpu: number;
    memoryMiB: number;
    /** `amd64` or `arm64` (Kubernetes' names). */
    arch: string;
    /** Network interfaces and IPv4 addresses per interface: with the VPC CNI they bound max pods. */
    enis: number;
    ipv4PerEni: number;
}

export interface InstanceTypeTable {
    source: string;
    date: string;
    types: Record<string, InstanceTypeFacts>;
}

export const INSTANCE_TYPES: InstanceTypeTable = table;

export interface NodeShape {
    vcpu: number;
    memoryGiB: number;
}

export interface InstanceType extends NodeShape {
    maxPods: number;
    arch?: string;
}

/**
 * Max pods as nodeadm computes it without prefix delegation (ENIs × (addresses − 1) + 2), capped at
 * EKS's recommended 110 below 30 vCPUs and 250 above.
 */
function maxPodsOf(facts: InstanceTypeFacts): number {
    return Math.min(facts.vcpu < 30 ? 110 : 250, facts.enis * (facts.ipv4PerEni - 1) + 2);
}

/**
 * The shape of an instance type like `m7i.large`, or undefined for a type AWS does not publish.
 * `extra` (policy config) describes types the table lacks; their max pods assume 110.
 */
export function instanceType(name: string, extra: Record<string, NodeShape> = {}): InstanceType | undefined {
    const facts = INSTANCE_TYPES.types[name];
    if (facts) {
        return { vcpu: facts.vcpu, memoryGiB: facts.memoryMiB / 1024, maxPods: maxPodsOf(facts), arch: facts.arch };
    }
    return extra[name] ? { ...extra[name], maxPods: 110 } : undefined;
}

/** CPU the kubelet reserves: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% above. */
function reservedCpu(vcpu: number): number {
    const ladder = [0.06, 0.01, 0.005, 0.005];
    return ladder.slice(0, Math.min(vcpu, 4)).reduce((a, b) => a + b, 0) + Math.max(0, vcpu - 4) * 0.0025;
}

/** What pods can request on one node of this type (cores, GiB). */
export function allocatable(type: InstanceType): NodeShape {
    const reservedMemoryGiB = (255 + 11 * type.maxPods + 100) / 1024;
    return { vcpu: type.vcpu - reservedCpu(type.vcpu), memoryGiB: type.memoryGiB - reservedMemoryGiB };
}
