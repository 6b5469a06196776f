import * as assert from "assert";
import { TestResource, violationsOf } from "../support/policy-harness";
import { hardenedContainer, hardenedPod, workload } from "../support/workloads";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const pool = (name: string, types: string[], maxSize: number): TestResource => ({
    type: "aws:eks/nodeGroup:NodeGroup",
    name,
    inputs: { instanceTypes: types, scalingConfig: { minSize: 1, maxSize, desiredSize: 1 } },
});
const quota = (name: string, cpu: string, memory: string): TestResource => ({
    type: "kubernetes:core/v1:ResourceQuota",
    name,
    inputs: { metadata: { namespace: name }, spec: { hard: { "requests.cpu": cpu, "requests.memory": memory } } },
});

describe("policy quotas-fit-node-pools (stack, advisory)", () => {
    it("passes quotas the pools can hold at maximum size", async () => {
        assert.deepStrictEqual(await violationsOf("quotas-fit-node-pools", [pool("spot", ["m7i.large"], 4), quota("a", "3", "8Gi"), quota("b", "4", "12Gi")]), []);
    });

    it("warns with the numbers when the quotas add up to more than the pools", async () => {
        const violations = await violationsOf("quotas-fit-node-pools", [pool("spot", ["m7i.large", "m7i.xlarge"], 2), quota("a", "3", "8Gi"), quota("b", "4", "12Gi")]);
        assert.deepStrictEqual(details(violations), [
            "ResourceQuotas promise 7 cores of cpu requests, but the node pools at maximum size can schedule 3.9 cores (spot: 2 × 1.9).",
            "ResourceQuotas promise 20 GiB of memory requests, but the node pools at maximum size can schedule 14.7 GiB (spot: 2 × 7.3).",
        ]);
        assert.ok(violations.every((v) => v.enforcementLevel === "advisory"));
    });
});

describe("policy pod-fits-largest-node (stack, mandatory)", () => {
    it("fails a pod that requests more than the largest node can give", async () => {
        const big = workload(
            "kubernetes:apps/v1:Deployment",
            hardenedPod({ containers: [hardenedContainer({ resources: { requests: { cpu: "3", memory: "2Gi" }, limits: { cpu: "3", memory: "2Gi" } } })] }),
        );
        const violations = await violationsOf("pod-fits-largest-node", [pool("system", ["m7i.large"], 3), pool("spot", ["m6i.large"], 6), big]);
        assert.deepStrictEqual(details(violations), [
            'kubernetes:apps/v1:Deployment "deployment-apps-v1": one pod requests 3 cores of cpu (largest node: 1.9); it can never be scheduled.',
        ]);
        assert.strictEqual(violations[0].enforcementLevel, "mandatory");
        assert.deepStrictEqual(await violationsOf("pod-fits-largest-node", [pool("big", ["m7i.xlarge"], 1), big]), [], "fits a 4-vCPU node");
    });

    it("counts an init container that asks for more than the app containers", async () => {
        const init = workload(
            "kubernetes:batch/v1:Job",
            hardenedPod({
                initContainers: [hardenedContainer({ name: "warm", resources: { requests: { cpu: "100m", memory: "10Gi" }, limits: { cpu: "100m", memory: "10Gi" } } })],
            }),
        );
        assert.match(details(await violationsOf("pod-fits-largest-node", [pool("spot", ["m7i.large"], 2), init]))[0], /one pod requests 10 GiB of memory \(largest node: 7\.3\)/);
    });
});

describe("policy cost-within-budget (stack, advisory)", () => {
    const budget = (limit: string): TestResource => ({
        type: "aws:budgets/budget:Budget",
        name: "monthly",
        inputs: { limitAmount: limit, costFilters: [{ name: "TagKeyValue", values: ["user:environment$prod"] }] },
    });
    const cluster: TestResource = { type: "eks:index:Cluster", name: "eks", inputs: {}, custom: false };
    const nodes = pool("spot", ["m7i.large"], 10);

    it("warns when the estimate at maximum size exceeds the budget, and at minimum size", async () => {
        assert.deepStrictEqual(await violationsOf("cost-within-budget", [budget("1000.00"), cluster, nodes]), []);
        assert.match(
            details(await violationsOf("cost-within-budget", [budget("200.00"), cluster, nodes]))[0],
            /^The estimated cost at maximum node pool size, \$\d+(\.\d+)?\/month, would exceed the budget of \$200 \(at minimum size: \$\d+(\.\d+)?\)\.$/,
        );
        assert.match(
            details(await violationsOf("cost-within-budget", [budget("100.00"), cluster, nodes]))[0],
            /^The estimated cost at minimum node pool size, \$\d+(\.\d+)?\/month, exceeds the budget of \$100\.$/,
        );
    });
});
