import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface ResourceAmounts {
    cpu: string;
    memory: string;
}

export interface NamespaceQuota {
    /** Sum of cpu requests of all pods. */
    requestsCpu: string;
    /** Sum of memory requests. */
    requestsMemory: string;
    /** Sum of cpu limits. */
    limitsCpu: string;
    /** Sum of memory limits. */
    limitsMemory: string;
    pods: number;
    /** Default: 10. */
    services?: number;
    /** Default: 0 (stateless namespaces). */
    persistentVolumeClaims?: number;
}

/** A quota from the expected sum of requests (cores, GiB); limits may burst to twice that. */
export function quotaFromRequests(cpu: number, memoryGiB: number, pods: number, persistentVolumeClaims = 0): NamespaceQuota {
    const round = (n: number) => Math.ceil(n * 10) / 10;
    return {
        requestsCpu: String(round(cpu)),
        requestsMemory: `${Math.ceil(memoryGiB * 1024)}Mi`,
        limitsCpu: String(round(cpu * 2)),
        limitsMemory: `${Math.ceil(memoryGiB * 2 * 1024)}Mi`,
        pods,
        persistentVolumeClaims,
    };
}

export interface GuardedNamespaceArgs {
    /** Pod Security Admission level enforced on the namespace. Default: `restricted`; `privileged` only for node agents. */
    podSecurity?: "restricted" | "baseline" | "privileged";
    /** Hard totals of the namespace (ResourceQuota). */
    quota: NamespaceQuota;
    /** Container defaults (LimitRange) for pods that do not set their own. */
    containerDefaults: { request: ResourceAmounts; limit: ResourceAmounts };
    /** Extra labels, e.g. the team or tier. */
    labels?: Record<string, string>;
    provider: k8s.Provider;
}

/** Label NetworkPolicies use to select a namespace by name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * A namespace with the guardrails every workload namespace carries: Pod Security Admission
 * (enforce, audit, warn), a ResourceQuota, a LimitRange with container defaults, and a
 * default-deny NetworkPolicy for ingress and egress with one allow: DNS to CoreDNS.
 */
export class GuardedNamespace extends pulumi.ComponentResource {
    /** The namespace name, known at preview (it is the component's name). */
    readonly name: string;
    readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: GuardedNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:kubernetes:GuardedNamespace", name, {}, opts);
        this.name = name;
        const level = args.podSecurity ?? "restricted";
        const childOpts = { parent: this, provider: args.provider };
        this.namespace = new k8s.core.v1.Namespace(
            name,
            {
                metadata: {
                    name,
                    labels: {
                        ...args.labels,
                        "pod-security.kubernetes.io/enforce": level,
                        // Audit always against restricted, so any exception stays visible in the audit log.
                        "pod-security.kubernetes.io/audit": "restricted",
                        "pod-security.kubernetes.io/warn": level,
                    },
                },
            },
            childOpts,
        );
        const inNamespace = { ...childOpts, dependsOn: [this.namespace] };
        const metadata = (suffix: string) => ({ name: `${name}-${suffix}`, namespace: this.namespace.metadata.name });
        const { quota } = args;
        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            {
                metadata: metadata("quota"),
                spec: {
                    hard: {
                        "requests.cpu": quota.requestsCpu,
                        "requests.memory": quota.requestsMemory,
                        "limits.cpu": quota.limitsCpu,
                        "limits.memory": quota.limitsMemory,
                        pods: String(quota.pods),
                        services: String(quota.services ?? 10),
                        persistentvolumeclaims: String(quota.persistentVolumeClaims ?? 0),
                    },
                },
            },
            inNamespace,
        );
        new k8s.core.v1.LimitRange(
            `${name}-limits`,
            {
                metadata: metadata("limits"),
                spec: { limits: [{ type: "Container", default: { ...args.containerDefaults.limit }, defaultRequest: { ...args.containerDefaults.request } }] },
            },
            inNamespace,
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-default-deny`,
            {
                metadata: metadata("default-deny"),
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            },
            inNamespace,
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-allow-dns`,
            {
                metadata: metadata("allow-dns"),
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                            ports: [
                                { protocol: "UDP", port: 53 },
                                { protocol: "TCP", port: 53 },
                            ],
                        },
                    ],
                },
            },
            inNamespace,
        );
        this.registerOutputs({ name });
    }
}
