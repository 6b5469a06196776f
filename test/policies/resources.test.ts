import * as assert from "assert";
import { violationsOf } from "../support/policy-harness";
import { hardenedContainer, hardenedPod, sdkWorkloadTypes, workload } from "../support/workloads";

const policy = "container-resources";
const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const deploymentWith = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    workload("kubernetes:apps/v1:Deployment", hardenedPod({ containers: [container], ...extra }));

describe("policy container-resources", () => {
    it("passes a container with requests, limits and limits >= requests", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [deploymentWith(hardenedContainer())]), []);
    });

    it("names each missing field, for every non-Patch workload type", async () => {
        const types = sdkWorkloadTypes().filter((t) => !t.endsWith("Patch"));
        const violations = await violationsOf(
            policy,
            types.map((type) => workload(type, { containers: [{ name: "api", image: "x" }] })),
        );
        assert.strictEqual(violations.length, types.length);
        assert.match(
            details(violations)[0],
            /^container "api" \(.*containers\[0\]\) sets no resources\.requests\.cpu, resources\.requests\.memory, resources\.limits\.memory, resources\.limits\.cpu\.$/,
        );
    });

    it("checks init containers, skips ephemeral ones (they cannot set resources)", async () => {
        const pod = hardenedPod({
            initContainers: [{ name: "migrate", image: "x", resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "64Mi" } } }],
            ephemeralContainers: [{ name: "debug", image: "x" }],
        });
        assert.deepStrictEqual(details(await violationsOf(policy, [workload("kubernetes:batch/v1:Job", pod)])), [
            'init container "migrate" (spec.template.spec.initContainers[0]) sets no resources.limits.cpu.',
        ]);
    });

    it("requires the cpu limit only where config says so", async () => {
        const noCpuLimit = deploymentWith(hardenedContainer({ resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } } }));
        assert.strictEqual((await violationsOf(policy, [noCpuLimit])).length, 1);
        assert.deepStrictEqual(await violationsOf(policy, [noCpuLimit], { config: { [policy]: { properties: { requireCpuLimit: false } } } }), []);
    });

    it("flags limits below requests, comparing quantities across units", async () => {
        const inverted = deploymentWith(hardenedContainer({ resources: { requests: { cpu: "1.5", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1000Mi" } } }));
        assert.deepStrictEqual(details(await violationsOf(policy, [inverted])), [
            'container "app" (spec.template.spec.containers[0]) has resources.limits.cpu 1000m below resources.requests.cpu 1.5.',
            'container "app" (spec.template.spec.containers[0]) has resources.limits.memory 1000Mi below resources.requests.memory 1Gi.',
        ]);
    });

    it("enforces the per-container ceiling from config", async () => {
        const big = deploymentWith(hardenedContainer({ resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "6", memory: "32Gi" } } }));
        const violations = await violationsOf(policy, [big], { config: { [policy]: { properties: { maxCpu: "4", maxMemory: "16Gi" } } } });
        assert.deepStrictEqual(details(violations), [
            'container "app" (spec.template.spec.containers[0]) asks for cpu 6, above the per-container ceiling of 4.',
            'container "app" (spec.template.spec.containers[0]) asks for memory 32Gi, above the per-container ceiling of 16Gi.',
        ]);
    });

    it("Patch types and Helm values only answer for what they set", async () => {
        const patch = workload("kubernetes:apps/v1:DeploymentPatch", {
            containers: [
                { name: "app", image: "x" },
                { name: "side", resources: { requests: { memory: "2Gi" }, limits: { memory: "1Gi" } } },
            ],
        });
        assert.deepStrictEqual(details(await violationsOf(policy, [patch])), [
            'container "side" (spec.template.spec.containers[1]) has resources.limits.memory 1Gi below resources.requests.memory 2Gi.',
        ]);
        const release = { type: "kubernetes:helm.sh/v3:Release", inputs: { values: { controller: { resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } } } } };
        assert.deepStrictEqual(details(await violationsOf(policy, [release])), [
            "Helm value values.controller.resources has resources.limits.cpu 1 below resources.requests.cpu 2.",
        ]);
    });
});
