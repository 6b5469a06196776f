import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE_NAME_LABEL } from "../namespace";
import { AGENTS_NAMESPACE, MONITORING_NAMESPACE, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from "../observability/endpoints";
import { POD_IDENTITY_AGENT_EGRESS } from "../shared/pod-identity";

export interface ServiceTraffic {
    /** Namespace (= service name) the rules apply to. */
    namespace: pulumi.Input<string>;
    /** Selects the service's pods. */
    podLabels: Record<string, string>;
    port: number;
    metricsPort: number;
    /** Services that call this one. */
    callers: string[];
    /** Services this one calls, with their ports. */
    calls: { service: string; port: number }[];
    /** Public services: the ALB reaches pods (target type ip) from inside the VPC. */
    vpcCidr?: string;
    /** Services with an AWS role: HTTPS to AWS endpoints and the Pod Identity agent. */
    awsAccess: boolean;
}

const inNamespace = (name: string, podLabels?: Record<string, string>) => ({
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } },
    ...(podLabels ? { podSelector: { matchLabels: podLabels } } : {}),
});
const tcp = (port: number) => ({ protocol: "TCP", port });

/**
 * The explicit allows on top of the namespace's default deny: callers in, callees out, the ALB
 * in (public services), Prometheus in to the metrics port, telemetry out to the collector agent,
 * AWS out (services with a role). Nothing else.
 */
export function serviceNetworkPolicies(name: string, traffic: ServiceTraffic, opts: pulumi.CustomResourceOptions): void {
    const policy = (suffix: string, spec: Record<string, unknown>) =>
        new k8s.networking.v1.NetworkPolicy(
            `${name}-${suffix}`,
            { metadata: { name: suffix, namespace: traffic.namespace }, spec: { podSelector: { matchLabels: traffic.podLabels }, ...spec } },
            opts,
        );

    if (traffic.callers.length > 0) {
        policy("allow-from-callers", {
            policyTypes: ["Ingress"],
            ingress: [{ from: traffic.callers.map((caller) => inNamespace(caller, { "app.kubernetes.io/name": caller })), ports: [tcp(traffic.port)] }],
        });
    }
    if (traffic.calls.length > 0) {
        policy("allow-to-callees", {
            policyTypes: ["Egress"],
            egress: traffic.calls.map((callee) => ({ to: [inNamespace(callee.service, { "app.kubernetes.io/name": callee.service })], ports: [tcp(callee.port)] })),
        });
    }
    if (traffic.vpcCidr) {
        policy("allow-from-load-balancer", { policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: traffic.vpcCidr } }], ports: [tcp(traffic.port)] }] });
    }
    policy("allow-from-prometheus", {
        policyTypes: ["Ingress"],
        ingress: [{ from: [inNamespace(MONITORING_NAMESPACE, { "app.kubernetes.io/name": "prometheus" })], ports: [tcp(traffic.metricsPort)] }],
    });
    policy("allow-to-telemetry", {
        policyTypes: ["Egress"],
        egress: [{ to: [inNamespace(AGENTS_NAMESPACE)], ports: [tcp(OTLP_GRPC_PORT), tcp(OTLP_HTTP_PORT)] }],
    });
    if (traffic.awsAccess) {
        policy("allow-to-aws", {
            policyTypes: ["Egress"],
            egress: [
                POD_IDENTITY_AGENT_EGRESS,
                // AWS APIs: interface endpoints in the VPC, the S3 gateway's public ranges, regional endpoints via NAT.
                { ports: [tcp(443)] },
            ],
        });
    }
}
