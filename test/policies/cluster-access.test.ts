import * as assert from "assert";
import { TestResource, violationsOf } from "../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const component = (inputs: Record<string, unknown>): TestResource => ({ type: "eks:index:Cluster", name: "eks", inputs, custom: false });
const cluster = (vpcConfig: Record<string, unknown>, extra: Record<string, unknown> = {}): TestResource => ({
    type: "aws:eks/cluster:Cluster",
    name: "eks",
    inputs: { vpcConfig, ...extra },
});

describe("policy eks-endpoint-access", () => {
    const policy = "eks-endpoint-access";

    it("passes a private endpoint and a public one limited to explicit CIDRs, in both forms", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [component({ endpointPrivateAccess: true, endpointPublicAccess: false })]), []);
        assert.deepStrictEqual(await violationsOf(policy, [cluster({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })]), []);
    });

    it("flags the pulumi-eks defaults: public to the world, no private access", async () => {
        assert.deepStrictEqual(details(await violationsOf(policy, [component({})])), [
            "endpointPrivateAccess is not true; turn it on so nodes and pods reach the API inside the VPC.",
            "endpointPublicAccess is on with no publicAccessCidrs, which AWS opens to 0.0.0.0/0; turn public access off or list explicit CIDRs.",
        ]);
    });

    it("flags 0.0.0.0/0 on the aws:eks/cluster:Cluster a real preview sees, unless the stack allows it", async () => {
        const open = cluster({ endpointPrivateAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
        assert.deepStrictEqual(details(await violationsOf(policy, [open])), [
            "vpcConfig.publicAccessCidrs includes 0.0.0.0/0; list only the CIDRs that must reach the API (VPN, office egress).",
        ]);
        assert.deepStrictEqual(await violationsOf(policy, [open], { config: { [policy]: { properties: { allowOpenPublicEndpoint: true } } } }), []);
    });
});

describe("policy eks-control-plane-logs", () => {
    it("requires all five log types in both forms", async () => {
        const all = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
        assert.deepStrictEqual(await violationsOf("eks-control-plane-logs", [component({ enabledClusterLogTypes: all }), cluster({}, { enabledClusterLogTypes: all })]), []);
        assert.deepStrictEqual(details(await violationsOf("eks-control-plane-logs", [cluster({}, { enabledClusterLogTypes: ["api", "audit"] })])), [
            "enabledClusterLogTypes lacks authenticator, controllerManager, scheduler; enable all five control-plane log types.",
        ]);
    });
});

describe("policy node-imdsv2", () => {
    const policy = "node-imdsv2";
    const template = (metadataOptions?: Record<string, unknown>): TestResource => ({
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "lt",
        inputs: metadataOptions ? { metadataOptions } : {},
    });

    it("requires IMDSv2 with hop limit 1 on launch templates", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [template({ httpTokens: "required", httpPutResponseHopLimit: 1 })]), []);
        assert.deepStrictEqual(details(await violationsOf(policy, [template({ httpTokens: "optional", httpPutResponseHopLimit: 2 })])), [
            'metadataOptions.httpTokens is not "required"; set it so only IMDSv2 (session tokens) answers.',
            "metadataOptions.httpPutResponseHopLimit is 2; set it to 1 so pods cannot reach the node's credentials.",
        ]);
        assert.deepStrictEqual(
            await violationsOf(policy, [template({ httpTokens: "required", httpPutResponseHopLimit: 2 })], { config: { [policy]: { properties: { maxHopLimit: 2 } } } }),
            [],
        );
    });

    it("flags node groups without a launch template and an EKS default node group", async () => {
        assert.deepStrictEqual(details(await violationsOf(policy, [{ type: "aws:eks/nodeGroup:NodeGroup", name: "ng", inputs: {} }, component({})])), [
            "the node group has no launchTemplate, so its instance metadata options cannot be enforced; give it a launch template that requires IMDSv2.",
            "skipDefaultNodeGroup is not true: the default node group's metadata options cannot be verified; skip it and add managed node groups with a launch template.",
        ]);
    });
});
