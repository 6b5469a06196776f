import * as assert from "assert";
import { problemsOf } from "../support/config";

describe("cluster configuration errors", () => {
    it("a malformed CIDR, and the open internet in prod", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:cluster"].publicAccessCidrs = ["203.0.113.0/33"])),
            ['cluster.publicAccessCidrs[0]: "203.0.113.0/33" is not an IPv4 CIDR block; expected e.g. 10.20.0.0/16'],
        );
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:cluster"].publicAccessCidrs = ["0.0.0.0/0"])),
            ['cluster.publicAccessCidrs: ["0.0.0.0/0"] opens the API to the internet; prod allows only explicit CIDRs'],
        );
    });

    it("a node pool whose minimum exceeds its maximum, or whose desired size is outside them", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => {
                v["platform:cluster"].nodePools.spot.minSize = 8;
                v["platform:cluster"].nodePools.spot.maxSize = 4;
            }),
            ["cluster.nodePools.spot.minSize: 8 is greater than maxSize (4); expected minSize <= maxSize"],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:cluster"].nodePools.system.desiredSize = 9)),
            ["cluster.nodePools.system.desiredSize: 9 is outside [minSize 2, maxSize 3]"],
        );
    });

    it("a Kubernetes version that is not 1.<minor>", () => {
        for (const version of ["v1.33", "1.33.2", "latest", "2.0"]) {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:cluster"].kubernetesVersion = version)),
                [`cluster.kubernetesVersion: "${version}" is not a supported Kubernetes version; expected "1.<minor>" such as "1.33"`],
            );
        }
    });

    it("an instance type or admin role that is not one", () => {
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:cluster"].nodePools.spot.instanceTypes = ["large"])),
            ['cluster.nodePools.spot.instanceTypes[0]: "large" is not an EC2 instance type; expected a type AWS publishes, e.g. m7i.large (policies/lib/instance-types.json)'],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:cluster"].nodePools.spot.instanceTypes = ["m7i.larg"])),
            ['cluster.nodePools.spot.instanceTypes[0]: "m7i.larg" is not an EC2 instance type; did you mean m7i.large?'],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:cluster"].nodePools.system.instanceTypes = ["m7g.large"])),
            ['cluster.nodePools.system.instanceTypes[0]: "m7g.large" is an arm64 instance type; the node pools run amd64 images, e.g. m7i.large'],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:cluster"].adminRoleArns = ["platform-admins"])),
            ['cluster.adminRoleArns[0]: "platform-admins" is not an ARN of iam; expected arn:aws:iam:…'],
        );
    });
});

describe("existing-cluster option", () => {
    it("is dev only and needs exactly one kubeconfig source", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:cluster"].existing = { useKubeconfigEnv: true })),
            ['cluster.existing: "(set)" is a dev-only option; prod always creates its EKS cluster'],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:cluster"].existing = {})),
            ['cluster.existing: {"useKubeconfigEnv":false} needs exactly one of kubeconfig (a secret) or useKubeconfigEnv: true'],
        );
    });
});
