import * as assert from "assert";
import { TestResource, urnOf, violationsOf } from "../support/policy-harness";
import { hardenedPod, workload } from "../support/workloads";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const ns: TestResource = { type: "kubernetes:core/v1:Namespace", name: "shop", inputs: { metadata: { name: "shop" } } };
const app = workload("kubernetes:apps/v1:Deployment", hardenedPod());
function netpol(name: string, spec: Record<string, unknown>): TestResource {
    return { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name, inputs: { metadata: { name, namespace: "shop" }, spec } };
}

describe("policy namespace-default-deny (stack)", () => {
    const policy = "namespace-default-deny";

    it("passes one policy denying both directions, or two policies one direction each", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [ns, app, netpol("deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })]), []);
        assert.deepStrictEqual(
            await violationsOf(policy, [ns, app, netpol("in", { podSelector: {}, policyTypes: ["Ingress"] }), netpol("out", { podSelector: {}, policyTypes: ["Egress"] })]),
            [],
        );
    });

    it("does not count allow rules or policies that select some pods as default deny", async () => {
        const violations = await violationsOf(policy, [
            ns,
            app,
            netpol("allow-dns", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] }),
            netpol("some", { podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Ingress"] }),
        ]);
        assert.deepStrictEqual(details(violations), ['namespace "shop" has no default-deny NetworkPolicy for ingress and egress; add one selecting all pods (podSelector: {}).']);
        assert.strictEqual(violations[0].urn, urnOf("kubernetes:core/v1:Namespace", "shop"));
    });

    it("names the missing direction", async () => {
        assert.deepStrictEqual(details(await violationsOf(policy, [ns, app, netpol("in", { podSelector: {}, policyTypes: ["Ingress"] })])), [
            'namespace "shop" has no default-deny NetworkPolicy for egress; add one selecting all pods (podSelector: {}).',
        ]);
    });
});

describe("policy vpc-cni-network-policy (stack)", () => {
    const policy = "vpc-cni-network-policy";
    const component = (inputs: Record<string, unknown>): TestResource => ({ type: "eks:index:Cluster", name: "eks", inputs, custom: false });

    it("passes the component with vpcCniOptions.enableNetworkPolicy (what mocks see)", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [component({ useDefaultVpcCni: false, vpcCniOptions: { enableNetworkPolicy: true } })]), []);
        assert.deepStrictEqual(details(await violationsOf(policy, [component({})])), [
            'EKS cluster "eks" does not turn on VPC CNI network policy enforcement; set vpcCniOptions.enableNetworkPolicy: true (with useDefaultVpcCni: false).',
        ]);
    });

    it("passes a real preview's children: the add-on under the component, or a standalone vpc-cni add-on of a bare cluster", async () => {
        const parent = urnOf("eks:index:Cluster", "eks");
        const addon: TestResource = {
            type: "aws:eks/addon:Addon",
            name: "vpc-cni",
            parent,
            inputs: { addonName: "vpc-cni", configurationValues: '{"enableNetworkPolicy":"true"}' },
        };
        assert.deepStrictEqual(await violationsOf(policy, [component({}), addon]), []);
        const cluster: TestResource = { type: "aws:eks/cluster:Cluster", name: "bare", inputs: { name: "bare" } };
        const standalone: TestResource = {
            type: "aws:eks/addon:Addon",
            name: "cni",
            inputs: { addonName: "vpc-cni", clusterName: "bare", configurationValues: '{"enableNetworkPolicy":"true"}' },
        };
        assert.deepStrictEqual(await violationsOf(policy, [cluster, standalone]), []);
        assert.strictEqual((await violationsOf(policy, [cluster])).length, 1);
    });
});
