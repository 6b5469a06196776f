import * as assert from "assert";
import { allocatable, INSTANCE_TYPES, instanceType } from "../../../policies/lib/instance-types";

describe("instance type facts (policies/lib/instance-types.json)", () => {
    it("name their source and date", () => {
        assert.match(INSTANCE_TYPES.source, /amazon-eks-ami .*instance-info\.jsonl at [0-9a-f]{40}/);
        assert.match(INSTANCE_TYPES.source, /karpenter-provider-aws .*instance-types\.md at [0-9a-f]{40}/);
        assert.match(INSTANCE_TYPES.date, /^\d{4}-\d{2}-\d{2}$/);
    });

    it("give max pods as AWS publishes them (eni-max-pods.txt), vCPU and memory as EC2 reports them", () => {
        // AWS's eni-max-pods.txt: t3.medium 17, t3.large 35, m7i.large 29, m6a.large 29, m5.4xlarge 234 (capped at 110 below 30 vCPUs).
        const shape = (name: string) => {
            const type = instanceType(name)!;
            return [type.vcpu, type.memoryGiB, type.maxPods, type.arch];
        };
        assert.deepStrictEqual(shape("t3.medium"), [2, 4, 17, "amd64"]);
        assert.deepStrictEqual(shape("t3.large"), [2, 8, 35, "amd64"]);
        assert.deepStrictEqual(shape("m7i.large"), [2, 8, 29, "amd64"]);
        assert.deepStrictEqual(shape("m6a.large"), [2, 8, 29, "amd64"]);
        assert.deepStrictEqual(shape("m7g.large"), [2, 8, 29, "arm64"]);
        assert.deepStrictEqual(shape("m5.4xlarge"), [16, 64, 110, "amd64"]);
        assert.deepStrictEqual(shape("m7i.16xlarge"), [64, 256, 250, "amd64"]);
        assert.strictEqual(instanceType("m7i.larg"), undefined);
    });

    it("leave allocatable what the kubelet's reservations leave", () => {
        const node = allocatable(instanceType("m7i.large")!);
        // 2 vCPU − (0.06 + 0.01); 8 GiB − (255 + 11 × 29 + 100) MiB.
        assert.strictEqual(node.vcpu.toFixed(2), "1.93");
        assert.strictEqual(node.memoryGiB.toFixed(3), (8 - (255 + 319 + 100) / 1024).toFixed(3));
    });
});
