/**
 * Capacity of the EC2 instance types node pools use, and what the kubelet leaves allocatable on
 * them (EKS AL2023 defaults: kube-reserved cpu by the published ladder, memory 255 MiB + 11 MiB per
 * pod of max-pods, 100 MiB hard eviction). An estimate for guardrails, not a scheduler.
 */

export interface NodeShape {
    vcpu: number;
    memoryGiB: number;
}

/** vCPU by size, and network interfaces × IPv4 addresses per interface (which bound max-pods). */
const SIZES: Record<string, { vcpu: number; enis: number; ipsPerEni: number }> = {
    medium: { vcpu: 1, enis: 2, ipsPerEni: 6 },
    large: { vcpu: 2, enis: 3, ipsPerEni: 10 },
    xlarge: { vcpu: 4, enis: 4, ipsPerEni: 15 },
    "2xlarge": { vcpu: 8, enis: 4, ipsPerEni: 15 },
    "4xlarge": { vcpu: 16, enis: 8, ipsPerEni: 30 },
    "8xlarge": { vcpu: 32, enis: 8, ipsPerEni: 30 },
    "12xlarge": { vcpu: 48, enis: 8, ipsPerEni: 30 },
    "16xlarge": { vcpu: 64, enis: 15, ipsPerEni: 50 },
};

/** GiB of memory per vCPU by family letter: general purpose 4, compute 2, memory 8 (t3 bursts like m). */
const MEMORY_PER_VCPU: Record<string, number> = { m: 4, t: 4, c: 2, r: 8 };

export interface InstanceType extends NodeShape {
    maxPods: number;
}

/** The shape of an instance type like `m7i.large`, or undefined for families we do not know. */
export function instanceType(name: string, extra: Record<string, NodeShape> = {}): InstanceType | undefined {
    const [family, size] = name.split(".");
    const sizeInfo = SIZES[size];
    const perVcpu = MEMORY_PER_VCPU[family?.[0] ?? ""];
    const known = extra[name] ?? (sizeInfo && perVcpu && /^[mtcr]\d+[a-z]*$/.test(family) ? { vcpu: sizeInfo.vcpu, memoryGiB: sizeInfo.vcpu * perVcpu } : undefined);
    if (!known) {
        return undefined;
    }
    const enis = sizeInfo ?? { enis: 4, ipsPerEni: 15 };
    const maxPods = Math.min(known.vcpu > 30 ? 250 : 110, enis.enis * (enis.ipsPerEni - 1) + 2);
    return { ...known, maxPods };
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
