import * as assert from "assert";
import { previewJson } from "../../support/commands";
import { Plan } from "../../support/plan";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const plan = async () => new Plan((await previewJson("prod")).report);
const release = (p: Plan, chart: string) => p.ofType(RELEASE).find((r) => r.inputs.chart === chart)!;

describe("ClusterAddons on the cluster (issue 16's findings 4 and 5)", () => {
    it("External Secrets: two replicas with leader election (one active), webhook and cert controller on the system pool", async () => {
        const values = release(await plan(), "external-secrets").inputs.values;
        assert.deepStrictEqual([values.replicaCount, values.leaderElect], [2, true], "without leader election both replicas reconcile");
        for (const part of [values, values.webhook, values.certController]) {
            assert.deepStrictEqual(part.tolerations, [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }]);
        }
    });

    it("platform-system's egress lets External Secrets reach the Pod Identity agent for its AWS credentials", async () => {
        const egress = (await plan()).ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").find((n) => n.name.endsWith("platform-system-egress-https"))!.inputs.spec.egress;
        assert.deepStrictEqual(egress[1], {
            to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }],
            ports: [{ protocol: "TCP", port: 80 }],
        });
    });

    it("every other add-on release waits for the Load Balancer Controller, whose webhook admits Services", async () => {
        const p = await plan();
        const lbc = release(p, "aws-load-balancer-controller");
        const others = p.ofType(RELEASE).filter((r) => r.parent === lbc.parent && r !== lbc);
        assert.deepStrictEqual(others.map((r) => r.inputs.chart).sort(), ["cluster-autoscaler", "external-secrets", "metrics-server", "reloader"]);
        for (const other of others) {
            assert.ok(other.dependencies.includes(lbc.urn), `${other.inputs.chart} is created after the controller`);
        }
    });
});
