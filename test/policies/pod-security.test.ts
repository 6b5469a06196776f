import * as assert from "assert";
import { violationsOf } from "../support/policy-harness";
import { hardenedContainer, hardenedPod, sdkWorkloadTypes, workload } from "../support/workloads";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const deployment = (pod: Record<string, unknown>, metadata?: Record<string, unknown>) => workload("kubernetes:apps/v1:Deployment", pod, metadata);

describe("policy pod-no-host-access", () => {
    const policy = "pod-no-host-access";

    it("flags host namespaces, hostPath, host ports and privileged containers", async () => {
        const pod = hardenedPod({
            hostNetwork: true,
            hostPID: true,
            volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
            containers: [hardenedContainer({ securityContext: { privileged: true }, ports: [{ containerPort: 80, hostPort: 80 }] })],
        });
        assert.deepStrictEqual(details(await violationsOf(policy, [deployment(pod)])), [
            "spec.template.spec.hostNetwork is true; remove it so the pod keeps its own namespace.",
            "spec.template.spec.hostPID is true; remove it so the pod keeps its own namespace.",
            'spec.template.spec.volumes[0] ("logs") mounts hostPath /var/log; use a PersistentVolumeClaim or emptyDir.',
            'container "app" (spec.template.spec.containers[0]) sets securityContext.privileged: true; remove it.',
            'container "app" (spec.template.spec.containers[0]) ports[0].hostPort is 80; expose the port through a Service instead.',
        ]);
    });

    it("exempts kube-system by default", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [deployment(hardenedPod({ hostNetwork: true }), { name: "cni", namespace: "kube-system" })]), []);
    });
});

describe("policy container-security-context", () => {
    const policy = "container-security-context";

    it("passes a restricted container on every workload type", async () => {
        const types = sdkWorkloadTypes();
        assert.deepStrictEqual(
            await violationsOf(
                policy,
                types.map((t) => workload(t, hardenedPod())),
            ),
            [],
        );
    });

    it("names every missing setting of a bare container", async () => {
        assert.deepStrictEqual(details(await violationsOf(policy, [deployment({ containers: [{ name: "web", image: "x" }] })])), [
            'container "web" (spec.template.spec.containers[0]): securityContext.runAsNonRoot is not true (on the container or the pod); set it to true with a non-zero runAsUser.',
            'container "web" (spec.template.spec.containers[0]): securityContext.allowPrivilegeEscalation is not false; set it to false.',
            'container "web" (spec.template.spec.containers[0]): securityContext.capabilities.drop does not include "ALL"; drop ALL and add back only what the process needs.',
            'container "web" (spec.template.spec.containers[0]): securityContext.seccompProfile.type is not RuntimeDefault (on the container or the pod); set it to "RuntimeDefault".',
            'container "web" (spec.template.spec.containers[0]): securityContext.readOnlyRootFilesystem is not true; set it to true and mount an emptyDir where the process writes (e.g. /tmp).',
        ]);
    });

    it("reads runAsNonRoot and seccomp from the pod's securityContext", async () => {
        const container = hardenedContainer({ securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } });
        const pod = hardenedPod({ securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } }, containers: [container] });
        assert.deepStrictEqual(await violationsOf(policy, [deployment(pod)]), []);
    });

    it("checks init containers and flags UID 0", async () => {
        const pod = hardenedPod({ initContainers: [hardenedContainer({ name: "init", securityContext: { ...(hardenedContainer().securityContext as object), runAsUser: 0 } })] });
        assert.deepStrictEqual(details(await violationsOf(policy, [deployment(pod)])), [
            'init container "init" (spec.template.spec.initContainers[0]): runs as UID 0; set securityContext.runAsUser to a non-zero UID.',
        ]);
    });

    it("judges a Patch only on what it sets", async () => {
        const quiet = workload("kubernetes:apps/v1:DeploymentPatch", { containers: [{ name: "app", image: "x" }] });
        const loud = workload("kubernetes:apps/v1:DeploymentPatch", { containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: true } }] });
        assert.deepStrictEqual(await violationsOf(policy, [quiet]), []);
        assert.deepStrictEqual(details(await violationsOf(policy, [loud])), [
            'container "app" (spec.template.spec.containers[0]): securityContext.allowPrivilegeEscalation is not false; set it to false.',
        ]);
    });
});

describe("policy workload-probes", () => {
    const policy = "workload-probes";

    it("requires readiness and liveness probes on long-running workloads only", async () => {
        const bare = { containers: [{ name: "web", image: "x" }], initContainers: [{ name: "init", image: "x" }] };
        const violations = await violationsOf(
            policy,
            sdkWorkloadTypes().map((t) => workload(t, bare)),
        );
        const kinds = new Set(violations.map((v) => v.urn!.split("::")[2].split(":")[2]));
        assert.deepStrictEqual(kinds, new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"]));
        assert.strictEqual(details(violations)[0], 'container "web" (spec.template.spec.containers[0]) has no readinessProbe and no livenessProbe; add them.');
    });
});

describe("policy workload-service-account", () => {
    const policy = "workload-service-account";

    it("requires a dedicated service account and no automounted token", async () => {
        assert.deepStrictEqual(details(await violationsOf(policy, [deployment({ serviceAccountName: "default", containers: [] })])), [
            'spec.template.spec.serviceAccountName is "default"; run the workload as its own ServiceAccount.',
            'spec.template.spec.automountServiceAccountToken is not false; set it to false, or annotate the workload with platform.io/kubernetes-api-access: "<why it calls the Kubernetes API>".',
        ]);
    });

    it("accepts a token when the workload says why it needs one", async () => {
        const pod = hardenedPod({ automountServiceAccountToken: true });
        const annotated = deployment(pod, { name: "operator", namespace: "ops", annotations: { "platform.io/kubernetes-api-access": "watches ConfigMaps" } });
        assert.deepStrictEqual(await violationsOf(policy, [annotated]), []);
        assert.strictEqual((await violationsOf(policy, [deployment(pod)])).length, 1);
    });
});
