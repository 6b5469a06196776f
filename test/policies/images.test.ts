import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { violationsOf } from "../support/policy-harness";

const DIGEST = `sha256:${"b".repeat(64)}`;

function deployment(image: unknown, initImage?: string) {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name: "api",
        inputs: {
            metadata: { name: "api", namespace: "shop" },
            spec: {
                template: {
                    spec: {
                        containers: [{ name: "api", image }],
                        ...(initImage ? { initContainers: [{ name: "migrate", image: initImage }] } : {}),
                    },
                },
            },
        },
    };
}

describe("policy image-no-latest-or-untagged", () => {
    const policy = "image-no-latest-or-untagged";

    it("flags :latest and untagged images, naming the container and the fix", async () => {
        const latest = await violationsOf(policy, [deployment("nginx:latest")]);
        assert.strictEqual(latest.length, 1);
        assert.match(latest[0].message, /container "api" \(spec\.template\.spec\.containers\[0\]\): image "nginx:latest" uses the mutable tag "latest"; pin it by digest, e.g\. nginx:<version>@sha256:<64 hex>\.$/);
        const untagged = await violationsOf(policy, [deployment("ghcr.io/acme/api")]);
        assert.match(untagged[0].message, /image "ghcr\.io\/acme\/api" has no tag, so it floats to :latest; pin it by digest, e.g\. ghcr\.io\/acme\/api:<version>@sha256:<64 hex>/);
    });

    it("reads a registry port as part of the host, not as a tag", async () => {
        const violations = await violationsOf(policy, [deployment("registry.example.com:5000/team/app")]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /"registry\.example\.com:5000\/team\/app" has no tag/);
        assert.deepStrictEqual(await violationsOf(policy, [deployment("registry.example.com:5000/team/app:1.2.3")]), []);
    });

    it("accepts digests, with or without a tag, and checks init containers of every kind", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [deployment(`nginx@${DIGEST}`), deployment(`nginx:1.27@${DIGEST}`)]), []);
        const cron = {
            type: "kubernetes:batch/v1:CronJob",
            inputs: { spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "fetch", image: "busybox" }], containers: [{ name: "run", image: `alpine@${DIGEST}` }] } } } } } },
        };
        const violations = await violationsOf(policy, [cron]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /init container "fetch" \(spec\.jobTemplate\.spec\.template\.spec\.initContainers\[0\]\): image "busybox" has no tag/);
    });

    it("checks images set through Helm values in both common shapes", async () => {
        const release = {
            type: "kubernetes:helm.sh/v3:Release",
            inputs: { chart: "x", values: { controller: { image: { repository: "acme/ctl", tag: "latest" } }, sidecar: { image: "acme/side" } } },
        };
        const messages = (await violationsOf(policy, [release])).map((v) => v.message.split("\n")[1]);
        assert.deepStrictEqual(messages, [
            'Helm value values.controller.image: image "acme/ctl:latest" uses the mutable tag "latest"; pin it by digest, e.g. acme/ctl:<version>@sha256:<64 hex>.',
            'Helm value values.sidecar.image: image "acme/side" has no tag, so it floats to :latest; pin it by digest, e.g. acme/side:<version>@sha256:<64 hex>.',
        ]);
    });

    it("reports an image unknown during preview as 'cannot check until apply' (advisory), never as a violation", async () => {
        const violations = await violationsOf(policy, [deployment(pulumi.runtime.unknownValue)]);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].enforcementLevel, "advisory");
        assert.match(violations[0].message, /can't run policy 'image-no-latest-or-untagged' .* during preview: string value at \.spec\.template\.spec\.containers\.0\.image can't be known during preview/);
    });
});
