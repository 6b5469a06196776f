import * as assert from "assert";
import { instanceTypeTable } from "../../scripts/generate-instance-types";

const INSTANCE_INFO = [
    '{"instanceType":"m7i.large","defaultMaxENIs":3,"ipv4AddressesPerInterface":10}',
    '{"instanceType":"x9.huge","defaultMaxENIs":2,"ipv4AddressesPerInterface":4}',
].join("\n");
const KARPENTER_REFERENCE = [
    "## m7i Family",
    "### `m7i.large`",
    "#### Labels",
    " | Label | Value |",
    " |--|--|",
    " |karpenter.k8s.aws/instance-cpu|2|",
    " |karpenter.k8s.aws/instance-memory|8192|",
    " |kubernetes.io/arch|amd64|",
    "### `m7g.large`",
    " |karpenter.k8s.aws/instance-cpu|2|",
    " |karpenter.k8s.aws/instance-memory|8192|",
    " |kubernetes.io/arch|arm64|",
].join("\n");

describe("npm run generate:instance-types", () => {
    it("joins AWS's network data and Karpenter's shapes, keeping the types both publish", () => {
        assert.deepStrictEqual(instanceTypeTable(INSTANCE_INFO, KARPENTER_REFERENCE, "both files", "2026-11-30"), {
            source: "both files",
            date: "2026-11-30",
            types: { "m7i.large": { vcpu: 2, memoryMiB: 8192, arch: "amd64", enis: 3, ipv4PerEni: 10 } },
        });
    });
});
