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

    it("a Kubernetes version EKS does not list, or one that left standard support (finding 8), on the date checked", () => {
        assert.strictEqual(process.env.PLATFORM_CHECK_DATE, "2026-12-08", "tools/test.js injects the date: never the wall clock");
        for (const version of ["v1.33", "1.33.2", "latest", "1.36"]) {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:cluster"].kubernetesVersion = version)),
                [`cluster.kubernetesVersion: "${version}" is not an EKS Kubernetes version the platform knows; expected one of 1.32, 1.33, 1.34, 1.35`],
            );
        }
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:cluster"].kubernetesVersion = "1.33")),
            ['cluster.kubernetesVersion: "1.33" left EKS standard support on 2026-07-29 (checked 2026-12-08); upgrade to "1.35" (docs/operations.md, Upgrade Kubernetes)'],
        );
    });

    it("a Kubernetes version the pinned Cluster Autoscaler is not built for, and the shipped one once its support ends", () => {
        const on = (date: string, version: string) => {
            const before = process.env.PLATFORM_CHECK_DATE;
            process.env.PLATFORM_CHECK_DATE = date;
            try {
                return problemsOf("prod", (v) => (v["platform:cluster"].kubernetesVersion = version));
            } finally {
                process.env.PLATFORM_CHECK_DATE = before;
            }
        };
        assert.deepStrictEqual(on("2026-07-01", "1.33"), [
            'cluster.kubernetesVersion: "1.33" does not match the pinned add-ons: Cluster Autoscaler is released per Kubernetes minor and pinned for 1.35; expected "1.35"',
        ]);
        assert.deepStrictEqual(on("2027-03-28", "1.35"), [
            'cluster.kubernetesVersion: "1.35" left EKS standard support on 2027-03-27 (checked 2027-03-28); upgrade to "1.35" (docs/operations.md, Upgrade Kubernetes)',
        ]);
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
