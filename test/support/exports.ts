import { hardenedContainer, hardenedPod } from "./workloads";

/**
 * Synthetic `pulumi stack export` files of N workloads: Deployments spread over namespaces that each
 * carry a quota, a LimitRange and a default-deny policy. Every tenth Deployment forgets its memory
 * limit, so a check reports violations too. Used by the check tests and by `npm run bench`.
 */

const STACK = "urn:pulumi:bench::platform";
const PER_NAMESPACE = 50;

function resource(type: string, name: string, inputs: Record<string, unknown>, dependencies: string[] = []) {
    return { urn: `${STACK}::${type}::${name}`, custom: true, id: name, type, inputs, outputs: inputs, dependencies };
}

function deployment(i: number, namespace: string, nsUrn: string) {
    const requests = { cpu: "100m", memory: "128Mi" };
    const limits = i % 10 === 0 ? { cpu: "500m" } : { cpu: "500m", memory: "256Mi" };
    const container = hardenedContainer({ image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.${i}.0@sha256:${"d".repeat(64)}`, resources: { requests, limits } });
    const spec = hardenedPod({ containers: [container] });
    return resource("kubernetes:apps/v1:Deployment", `app-${i}`, { metadata: { name: `app-${i}`, namespace }, spec: { template: { spec } } }, [nsUrn]);
}

function namespaceResources(namespace: string, nsUrn: string) {
    return [
        resource("kubernetes:core/v1:Namespace", namespace, { metadata: { name: namespace } }),
        resource(
            "kubernetes:core/v1:ResourceQuota",
            `${namespace}-quota`,
            { metadata: { namespace }, spec: { hard: { "requests.cpu": "20", "requests.memory": "40Gi", "limits.memory": "80Gi", pods: "100" } } },
            [nsUrn],
        ),
        resource(
            "kubernetes:core/v1:LimitRange",
            `${namespace}-limits`,
            { metadata: { namespace }, spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] } },
            [nsUrn],
        ),
        resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", `${namespace}-deny`, { metadata: { namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, [
            nsUrn,
        ]),
    ];
}

export function workloadExport(workloads: number): object {
    const resources: object[] = [{ urn: `${STACK}::pulumi:pulumi:Stack::platform-bench`, custom: false, type: "pulumi:pulumi:Stack", outputs: {} }];
    for (let i = 0; i < workloads; i++) {
        const namespace = `team-${Math.floor(i / PER_NAMESPACE)}`;
        const nsUrn = `${STACK}::kubernetes:core/v1:Namespace::${namespace}`;
        if (i % PER_NAMESPACE === 0) {
            resources.push(...namespaceResources(namespace, nsUrn));
        }
        resources.push(deployment(i, namespace, nsUrn));
    }
    return { version: 3, deployment: { manifest: { time: new Date(0).toISOString(), magic: "bench", version: "v3" }, resources } };
}
