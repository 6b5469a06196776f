import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { TestResource, urnOf, violationsOf } from "../support/policy-harness";
import { hardenedPod, workload } from "../support/workloads";

const policy = "namespace-quota-and-limits";
const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);

function namespace(name: unknown, resourceName = String(name)): TestResource {
    return { type: "kubernetes:core/v1:Namespace", name: resourceName, inputs: { metadata: { name } } };
}
function quota(ns: unknown, hard: Record<string, string>, deps: string[] = []): TestResource {
    return { type: "kubernetes:core/v1:ResourceQuota", name: `quota-${String(ns).slice(0, 8)}`, inputs: { metadata: { namespace: ns }, spec: { hard } }, dependencies: deps };
}
function limitRange(ns: unknown, deps: string[] = []): TestResource {
    return {
        type: "kubernetes:core/v1:LimitRange",
        name: `limits-${String(ns).slice(0, 8)}`,
        inputs: {
            metadata: { namespace: ns },
            spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
        },
        dependencies: deps,
    };
}
const FULL = { "requests.cpu": "4", "requests.memory": "8Gi", "limits.memory": "16Gi", pods: "20" };
const app = (ns: unknown, deps: string[] = []) => ({
    ...workload("kubernetes:apps/v1:Deployment", hardenedPod(), { name: "app", namespace: ns }),
    name: "app",
    dependencies: deps,
});

describe("policy namespace-quota-and-limits (stack)", () => {
    it("passes a declared namespace with a full quota and a LimitRange with container defaults", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [namespace("shop"), quota("shop", FULL), limitRange("shop"), app("shop")]), []);
    });

    it("accepts cpu/memory as the short names of requests.cpu/requests.memory, split over several quotas", async () => {
        const split = [quota("shop", { cpu: "4", memory: "8Gi" }), { ...quota("shop", { "limits.memory": "16Gi", pods: "10" }), name: "quota-2" }];
        assert.deepStrictEqual(await violationsOf(policy, [namespace("shop"), ...split, limitRange("shop"), app("shop")]), []);
    });

    it("names the quota keys that are missing and a missing LimitRange, on the namespace", async () => {
        const violations = await violationsOf(policy, [namespace("shop"), quota("shop", { pods: "10" }), app("shop")]);
        assert.deepStrictEqual(details(violations), [
            'namespace "shop" has no ResourceQuota bounding requests.cpu, requests.memory, limits.memory; add them to a ResourceQuota\'s spec.hard.',
            'namespace "shop" has no LimitRange with container defaults; add a LimitRange with a "Container" limit setting default and defaultRequest.',
        ]);
        assert.ok(violations.every((v) => v.urn === urnOf("kubernetes:core/v1:Namespace", "shop")));
    });

    it("flags workloads in default (no namespace given) and in namespaces the stack does not declare", async () => {
        const violations = await violationsOf(policy, [app(undefined), { ...app("elsewhere"), name: "other" }]);
        assert.deepStrictEqual(details(violations), [
            'kubernetes:apps/v1:Deployment "app" runs in the "default" namespace; give it a namespace of its own with a quota.',
            'kubernetes:apps/v1:Deployment "other" runs in namespace "elsewhere", which this stack does not declare; create the namespace in the stack (with its quota) or exempt it in config.',
        ]);
    });

    it("exempts namespaces from config (kube-system by default)", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [app("kube-system")]), []);
        assert.deepStrictEqual(await violationsOf(policy, [app("addons")], { config: { [policy]: { properties: { exemptNamespaces: ["addons"] } } } }), []);
    });

    it("matches by dependency on the Namespace when its name is unknown during preview, whatever the order", async () => {
        const nsUrn = urnOf("kubernetes:core/v1:Namespace", "shop");
        const unknown = pulumi.runtime.unknownValue;
        const resources = [app(unknown, [nsUrn]), quota(unknown, FULL, [nsUrn]), limitRange(unknown, [nsUrn]), namespace(unknown, "shop")];
        assert.deepStrictEqual(await violationsOf(policy, resources), []);
        const withoutQuota = await violationsOf(policy, [app(unknown, [nsUrn]), limitRange(unknown, [nsUrn]), namespace(unknown, "shop")]);
        assert.deepStrictEqual(details(withoutQuota), [
            "the namespace shop (name unknown until apply) has no ResourceQuota bounding requests.cpu, requests.memory, limits.memory, pods; add them to a ResourceQuota's spec.hard.",
        ]);
    });

    it("counts Helm releases as pods in their namespace", async () => {
        const release = { type: "kubernetes:helm.sh/v3:Release", name: "loki", inputs: { namespace: "logging", values: {} } };
        assert.deepStrictEqual(details(await violationsOf(policy, [release])), [
            'kubernetes:helm.sh/v3:Release "loki" runs in namespace "logging", which this stack does not declare; create the namespace in the stack (with its quota) or exempt it in config.',
        ]);
    });
});
