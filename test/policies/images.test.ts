import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { violationsOf } from "../support/policy-harness";
import { DIGEST, hardenedPod, sdkWorkloadTypes, workload } from "../support/workloads";

const deployment = (image: unknown) => workload("kubernetes:apps/v1:Deployment", { containers: [{ name: "api", image }] });
const messages = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n").slice(1).join("\n"));

describe("policy image-no-latest-or-untagged", () => {
    const policy = "image-no-latest-or-untagged";

    it("covers every workload type of the Kubernetes SDK, Patch types included", async () => {
        const types = sdkWorkloadTypes();
        assert.strictEqual(types.length, 38, `the SDK has ${types.length} workload types`);
        const resources = types.map((type) => workload(type, { containers: [{ name: "api", image: "nginx:latest" }] }));
        const violations = await violationsOf(policy, resources);
        assert.deepStrictEqual(new Set(violations.map((v) => v.urn!.split("::")[2])), new Set(types));
        const cron = violations.find((v) => v.urn!.includes("batch/v1:CronJob::"))!;
        assert.match(cron.message, /container "api" \(spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\)/);
        const pod = violations.find((v) => v.urn!.includes("core/v1:Pod::"))!;
        assert.match(pod.message, /container "api" \(spec\.containers\[0\]\)/);
    });

    it("flags :latest and untagged images, naming the container and the fix", async () => {
        assert.deepStrictEqual(messages(await violationsOf(policy, [deployment("nginx:latest")])), [
            'container "api" (spec.template.spec.containers[0]): image "nginx:latest" uses the mutable tag "latest"; pin it by digest, e.g. nginx:<version>@sha256:<64 hex>.',
        ]);
        assert.deepStrictEqual(messages(await violationsOf(policy, [deployment("ghcr.io/acme/api")])), [
            'container "api" (spec.template.spec.containers[0]): image "ghcr.io/acme/api" has no tag, so it floats to :latest; pin it by digest, e.g. ghcr.io/acme/api:<version>@sha256:<64 hex>.',
        ]);
    });

    it("reads a registry port as part of the host, not as a tag", async () => {
        assert.match(messages(await violationsOf(policy, [deployment("registry.example.com:5000/team/app")]))[0], /"registry\.example\.com:5000\/team\/app" has no tag/);
        assert.deepStrictEqual(await violationsOf(policy, [deployment("registry.example.com:5000/team/app:1.2.3"), deployment("localhost:5000/app:2")]), []);
    });

    it("checks init and ephemeral containers", async () => {
        const pod = workload(
            "kubernetes:core/v1:Pod",
            hardenedPod({ initContainers: [{ name: "migrate", image: "busybox" }], ephemeralContainers: [{ name: "debug", image: "alpine:latest" }] }),
        );
        assert.deepStrictEqual(messages(await violationsOf(policy, [pod])), [
            'init container "migrate" (spec.initContainers[0]): image "busybox" has no tag, so it floats to :latest; pin it by digest, e.g. busybox:<version>@sha256:<64 hex>.',
            'ephemeral container "debug" (spec.ephemeralContainers[0]): image "alpine:latest" uses the mutable tag "latest"; pin it by digest, e.g. alpine:<version>@sha256:<64 hex>.',
        ]);
    });

    it("accepts digests with or without a tag, and rejects a malformed digest", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [deployment(`nginx@${DIGEST}`), deployment(`nginx:1.27@${DIGEST}`)]), []);
        assert.match(messages(await violationsOf(policy, [deployment("nginx@sha256:abc")]))[0], /"sha256:abc" is not a valid digest/);
    });

    it("checks images set through Helm values in both common shapes", async () => {
        const release = {
            type: "kubernetes:helm.sh/v3:Release",
            inputs: {
                chart: "x",
                values: {
                    controller: { image: { repository: "acme/ctl", tag: "latest" } },
                    sidecar: { image: "acme/side" },
                    pinned: { image: { repository: "acme/p", digest: DIGEST } },
                },
            },
        };
        assert.deepStrictEqual(messages(await violationsOf(policy, [release])), [
            'Helm value values.controller.image: image "acme/ctl:latest" uses the mutable tag "latest"; pin it by digest, e.g. acme/ctl:<version>@sha256:<64 hex>.',
            'Helm value values.sidecar.image: image "acme/side" has no tag, so it floats to :latest; pin it by digest, e.g. acme/side:<version>@sha256:<64 hex>.',
        ]);
        const chart = { type: "kubernetes:helm.sh/v3:Chart", inputs: { values: { image: { registry: "quay.io", repository: "x/y", tag: "latest" } } } };
        assert.match(messages(await violationsOf(policy, [chart]))[0], /Helm value values\.image: image "quay\.io\/x\/y:latest"/);
    });

    it("reports an image unknown during preview as advisory 'can't run during preview', never a violation", async () => {
        const violations = await violationsOf(policy, [deployment(pulumi.runtime.unknownValue)]);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].enforcementLevel, "advisory");
        assert.match(
            violations[0].message,
            /can't run policy 'image-no-latest-or-untagged' .* during preview: string value at \.spec\.template\.spec\.containers\.0\.image can't be known during preview/,
        );
    });
});

describe("policy image-pinned-by-digest", () => {
    const policy = "image-pinned-by-digest";

    it("flags a tag without a digest once (not again for :latest), mandatory by default", async () => {
        const violations = await violationsOf(policy, [deployment("nginx:1.27.2"), deployment("nginx:latest"), deployment(`nginx:1.27.2@${DIGEST}`)]);
        assert.deepStrictEqual(messages(violations), [
            'container "api" (spec.template.spec.containers[0]): image "nginx:1.27.2" has tag "1.27.2" but no digest; pin it, e.g. nginx:1.27.2@sha256:<64 hex>.',
        ]);
        assert.strictEqual(violations[0].enforcementLevel, "mandatory");
    });

    it("is advisory where the stack's policy config says so (dev)", async () => {
        const violations = await violationsOf(policy, [deployment("nginx:1.27.2")], { config: { "image-pinned-by-digest": { enforcementLevel: "advisory", properties: {} } } });
        assert.strictEqual(violations[0].enforcementLevel, "advisory");
    });

    it("flags Helm images that take the chart's tag without a digest", async () => {
        const release = { type: "kubernetes:helm.sh/v3:Release", inputs: { values: { image: { repository: "registry.k8s.io/metrics-server/metrics-server" } } } };
        assert.deepStrictEqual(messages(await violationsOf(policy, [release])), [
            'Helm value values.image: image "registry.k8s.io/metrics-server/metrics-server" takes the chart\'s appVersion tag and no digest; pin it, e.g. registry.k8s.io/metrics-server/metrics-server:<version>@sha256:<64 hex>.',
        ]);
    });
});

describe("policy image-registry-allowed", () => {
    const policy = "image-registry-allowed";
    const config = { "image-registry-allowed": { properties: { allowedRegistries: ["111122223333.dkr.ecr.us-east-1.amazonaws.com", "registry.k8s.io"] } } };

    it("allows everything when no registry is configured", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [deployment(`evil.example.com/x@${DIGEST}`)]), []);
    });

    it("flags images from other registries, docker.io for bare names", async () => {
        const violations = await violationsOf(
            policy,
            [deployment(`evil.example.com/x@${DIGEST}`), deployment(`nginx@${DIGEST}`), deployment(`registry.k8s.io/pause:3.10@${DIGEST}`)],
            { config },
        );
        assert.deepStrictEqual(
            messages(violations).map((m) => m.replace(/^.*comes from /, "")),
            [
                'registry "evil.example.com", which is not one of the allowed registries (111122223333.dkr.ecr.us-east-1.amazonaws.com, registry.k8s.io).',
                'registry "docker.io", which is not one of the allowed registries (111122223333.dkr.ecr.us-east-1.amazonaws.com, registry.k8s.io).',
            ],
        );
    });
});

describe("policy ecr-repository-immutable-and-scanned", () => {
    const policy = "ecr-repository-immutable-and-scanned";

    it("requires immutable tags and scan on push", async () => {
        const good = { type: "aws:ecr/repository:Repository", inputs: { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } } };
        const bad = { type: "aws:ecr/repository:Repository", inputs: {} };
        assert.deepStrictEqual(await violationsOf(policy, [good]), []);
        assert.deepStrictEqual(messages(await violationsOf(policy, [bad])), [
            'imageTagMutability is "MUTABLE"; set it to "IMMUTABLE" so a pushed tag can never point at other content.',
            "imageScanningConfiguration.scanOnPush is not true; enable it so every pushed image is scanned for vulnerabilities.",
        ]);
    });
});
