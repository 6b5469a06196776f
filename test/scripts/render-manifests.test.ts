import * as assert from "assert";
import { parse } from "yaml";
import { apiVersionAndKind, manifests } from "../../scripts/render-manifests";
import { previewJson, runModule } from "../support/commands";

describe("rendered manifests for IaC scanners", () => {
    it("maps type tokens to apiVersion and kind, skipping Helm releases and patches", () => {
        assert.deepStrictEqual(apiVersionAndKind("kubernetes:core/v1:Namespace"), { apiVersion: "v1", kind: "Namespace" });
        assert.deepStrictEqual(apiVersionAndKind("kubernetes:networking.k8s.io/v1:NetworkPolicy"), { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" });
        assert.strictEqual(apiVersionAndKind("kubernetes:helm.sh/v3:Release"), undefined);
        assert.strictEqual(apiVersionAndKind("kubernetes:apps/v1:DeploymentPatch"), undefined);
    });

    it("writes each Kubernetes object of prod as a manifest", async () => {
        const files = manifests((await previewJson("prod")).report);
        const deployment = parse(files.find((f) => f.file === "deployment-relaycore-relaycore.yaml")!.yaml);
        assert.deepStrictEqual([deployment.apiVersion, deployment.kind, deployment.metadata.namespace], ["apps/v1", "Deployment", "relaycore"]);
        assert.ok(files.length > 90);
    });

    it("asks for what it needs in one line, exit 2, instead of a stack trace", async () => {
        const bare = await runModule("scripts/render-manifests", []);
        assert.deepStrictEqual([bare.code, bare.stderr], [2, "error: --stack is required (npm run render-manifests -- --help for usage)\n"]);
        const noOut = await runModule("scripts/render-manifests", ["--stack", "prod"]);
        assert.deepStrictEqual([noOut.code, noOut.stderr], [2, "error: --out is required (npm run render-manifests -- --help for usage)\n"]);
    });
});
