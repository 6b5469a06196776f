import * as assert from "assert";
import { parse } from "yaml";
import { apiVersionAndKind, manifests } from "../../scripts/render-manifests";
import { previewJson } from "../support/commands";

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
});
