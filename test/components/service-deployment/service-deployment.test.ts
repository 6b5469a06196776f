import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { ResourceView } from "../../../offline/report";
import { shippedConfig } from "../../support/config";
import { preview, previewJson, PROJECT_DIR } from "../../support/commands";
import { list, Plan, statementsOf } from "../../support/plan";
import { tempDir } from "../../support/temp";

const SERVICES = ["automatrix", "relaycore", "neuroweaver"];
const plan = async (stack: string) => new Plan((await previewJson(stack)).report);

/** The resources a service's ServiceDeployment registered, by type. */
function serviceObjects(p: Plan, service: string) {
    const component = p.ofType("platform:service:ServiceDeployment").find((r) => r.name === service)!;
    const objects = p.under(component);
    const byType = (type: string) => objects.filter((r) => r.type === type);
    const one = (type: string, name?: string) => {
        const found = byType(type).filter((r) => name === undefined || r.name === name);
        assert.strictEqual(found.length, 1, `${service}: ${type}`);
        return found[0].inputs as Record<string, any>;
    };
    return { objects, byType, one };
}

for (const stack of ["prod", "dev"]) {
    describe(`ServiceDeployment in ${stack}`, () => {
        for (const service of SERVICES) {
            it(`${service}: namespace with restricted PSA, quota sized from the spec, LimitRange defaults`, async () => {
                const spec = shippedConfig(stack).services[service];
                const { one } = serviceObjects(await plan(stack), service);
                const ns = one("kubernetes:core/v1:Namespace");
                assert.strictEqual(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
                const pods = spec.replicas.max + Math.ceil(spec.replicas.max * 0.25);
                const hard = one("kubernetes:core/v1:ResourceQuota").spec.hard;
                assert.strictEqual(hard.pods, String(pods));
                for (const key of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "services", "persistentvolumeclaims"]) {
                    assert.ok(hard[key] !== undefined, key);
                }
                assert.deepStrictEqual(one("kubernetes:core/v1:LimitRange").spec.limits[0], {
                    type: "Container",
                    default: spec.resources.limits,
                    defaultRequest: spec.resources.requests,
                });
            });

            it(`${service}: a restricted, spread, gracefully stopping Deployment with the digest image, limits and probes`, async () => {
                const spec = shippedConfig(stack).services[service];
                const { one } = serviceObjects(await plan(stack), service);
                const deployment = one("kubernetes:apps/v1:Deployment");
                const pod = deployment.spec.template.spec;
                const container = pod.containers[0];
                assert.strictEqual(container.image, spec.image);
                assert.match(container.image, /@sha256:[0-9a-f]{64}$/);
                assert.deepStrictEqual(container.resources, spec.resources);
                assert.deepStrictEqual(container.readinessProbe.httpGet, { path: spec.probes.readiness.path, port: spec.port });
                assert.deepStrictEqual(container.livenessProbe.httpGet, { path: spec.probes.liveness.path, port: spec.port });
                assert.strictEqual(container.startupProbe.failureThreshold, spec.probes.startup.failureThreshold);
                assert.deepStrictEqual(container.securityContext, {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    capabilities: { drop: ["ALL"] },
                });
                assert.deepStrictEqual(pod.securityContext.seccompProfile, { type: "RuntimeDefault" });
                assert.strictEqual(pod.securityContext.runAsNonRoot, true);
                assert.ok(container.volumeMounts.some((m: any) => m.mountPath === "/tmp"));
                assert.strictEqual(pod.automountServiceAccountToken, false);
                assert.strictEqual(pod.serviceAccountName, service);
                assert.deepStrictEqual(
                    pod.topologySpreadConstraints.map((t: any) => t.topologyKey),
                    ["topology.kubernetes.io/zone", "kubernetes.io/hostname"],
                );
                assert.deepStrictEqual(container.lifecycle, { preStop: { sleep: { seconds: spec.shutdown.preStopSleepSeconds } } });
                assert.strictEqual(pod.terminationGracePeriodSeconds, spec.shutdown.gracePeriodSeconds);
                assert.deepStrictEqual(deployment.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } });
                assert.strictEqual(pod.priorityClassName, `platform-${spec.tier}`);
                const otel = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
                assert.strictEqual(otel.OTEL_SERVICE_NAME, service);
                assert.strictEqual(otel.OTEL_EXPORTER_OTLP_ENDPOINT, "http://otel-agent.telemetry-agents.svc.cluster.local:4317");
                assert.match(otel.OTEL_RESOURCE_ATTRIBUTES, new RegExp(`deployment.environment.name=${stack}`));
            });

            it(`${service}: PDB with unhealthyPodEvictionPolicy, HPA on cpu and memory within the spec's bounds`, async () => {
                const spec = shippedConfig(stack).services[service];
                const { one } = serviceObjects(await plan(stack), service);
                assert.deepStrictEqual(one("kubernetes:policy/v1:PodDisruptionBudget").spec, {
                    maxUnavailable: 1,
                    selector: { matchLabels: { "app.kubernetes.io/name": service } },
                    unhealthyPodEvictionPolicy: "AlwaysAllow",
                });
                const hpa = one("kubernetes:autoscaling/v2:HorizontalPodAutoscaler").spec;
                assert.deepStrictEqual([hpa.minReplicas, hpa.maxReplicas], [spec.replicas.min, spec.replicas.max]);
                assert.deepStrictEqual(
                    hpa.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization]),
                    [
                        ["cpu", spec.autoscaling.cpuUtilization],
                        ["memory", spec.autoscaling.memoryUtilization],
                    ],
                );
            });

            it(`${service}: NetworkPolicies allow exactly its declared calls and callers`, async () => {
                const services = shippedConfig(stack).services;
                const { byType } = serviceObjects(await plan(stack), service);
                const policies = Object.fromEntries(byType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => [p.inputs.metadata.name, p.inputs.spec]));
                const callees = (policies["allow-to-callees"]?.egress ?? []).map((e: any) => [
                    e.to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"],
                    e.ports[0].port,
                ]);
                assert.deepStrictEqual(
                    callees,
                    services[service].calls.map((c) => [c, services[c].port]),
                );
                const callers = (policies["allow-from-callers"]?.ingress[0].from ?? []).map((f: any) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]);
                assert.deepStrictEqual(
                    callers,
                    Object.keys(services).filter((s) => services[s].calls.includes(service)),
                );
                assert.deepStrictEqual(policies[`${service}-default-deny`], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
                assert.ok(policies[`${service}-allow-dns`]);
                assert.deepStrictEqual(policies["allow-from-load-balancer"] !== undefined, services[service].public !== undefined);
            });

            it(`${service}: ExternalSecrets for its secrets, a ServiceMonitor and SLO rules`, async () => {
                const spec = shippedConfig(stack).services[service];
                const { byType, one } = serviceObjects(await plan(stack), service);
                const externalSecrets = byType("kubernetes:external-secrets.io/v1:ExternalSecret").map((e) => e.inputs.spec);
                assert.deepStrictEqual(
                    externalSecrets.map((e) => [e.secretStoreRef, e.dataFrom[0].extract.key, e.refreshInterval]),
                    spec.secrets.map((s) => [{ kind: "ClusterSecretStore", name: "aws-secrets-manager" }, `platform-${stack}/${service}/${s.name}`, "1h"]),
                );
                const monitor = one("kubernetes:monitoring.coreos.com/v1:ServiceMonitor");
                assert.strictEqual(monitor.spec.endpoints[0].path, "/metrics");
                assert.strictEqual(monitor.metadata.labels["platform.io/monitoring"], "enabled");
                const rules = one("kubernetes:monitoring.coreos.com/v1:PrometheusRule").spec.groups;
                assert.deepStrictEqual(
                    rules.map((g: any) => g.name),
                    [`${service}-slo-recording`, `${service}-slo-alerts`],
                );
            });
        }

        it("schedules by tier: critical on on-demand only, standard prefers spot", async () => {
            const p = await plan(stack);
            const podOf = (service: string) => serviceObjects(p, service).one("kubernetes:apps/v1:Deployment").spec.template.spec;
            const critical = podOf("relaycore");
            assert.deepStrictEqual(critical.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0], {
                key: "eks.amazonaws.com/capacityType",
                operator: "In",
                values: ["ON_DEMAND"],
            });
            assert.deepStrictEqual(
                critical.tolerations.map((t: any) => t.key),
                ["CriticalAddonsOnly"],
            );
            const standard = podOf("neuroweaver");
            assert.deepStrictEqual(standard.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values, ["SPOT"]);
            assert.deepStrictEqual(
                standard.tolerations.map((t: any) => t.key),
                ["platform.io/spot", "CriticalAddonsOnly"],
            );
        });

        it("exposes automatrix through an internet-facing ALB with TLS, the WAF and the readiness path as health check", async () => {
            const spec = shippedConfig(stack).services.automatrix;
            const ingress = serviceObjects(await plan(stack), "automatrix").one("kubernetes:networking.k8s.io/v1:Ingress", "automatrix");
            const a = ingress.metadata.annotations;
            assert.strictEqual(a["alb.ingress.kubernetes.io/scheme"], "internet-facing");
            assert.strictEqual(a["alb.ingress.kubernetes.io/certificate-arn"], spec.public!.certificateArn);
            assert.strictEqual(a["alb.ingress.kubernetes.io/listen-ports"], '[{"HTTPS":443}]');
            assert.strictEqual(a["alb.ingress.kubernetes.io/wafv2-acl-arn"], `arn:aws:wafv2:us-east-1:111122223333:web-acl/platform-${stack}-waf`);
            assert.strictEqual(a["alb.ingress.kubernetes.io/healthcheck-path"], spec.probes.readiness.path);
            assert.strictEqual(a["alb.ingress.kubernetes.io/healthcheck-port"], String(spec.port));
            assert.deepStrictEqual(ingress.spec.rules[0].host, spec.public!.host);
            // Route 53 probes the regional host: the same ALB (one ingress group) serves the readiness path there, without the login.
            const record = shippedConfig(stack).dr.failover?.records.find((r) => r.host === spec.public!.host);
            const health = serviceObjects(await plan(stack), "automatrix")
                .byType("kubernetes:networking.k8s.io/v1:Ingress")
                .filter((r) => r.name === "automatrix-health");
            if (record) {
                const h = health[0].inputs as Record<string, any>;
                assert.deepStrictEqual(h.spec.rules, [
                    { host: record.regionalHost, http: { paths: [{ path: record.healthCheckPath, pathType: "Exact", backend: ingress.spec.rules[0].http.paths[0].backend }] } },
                ]);
                assert.strictEqual(h.metadata.annotations["alb.ingress.kubernetes.io/group.name"], a["alb.ingress.kubernetes.io/group.name"]);
                assert.strictEqual(h.metadata.annotations["alb.ingress.kubernetes.io/auth-type"], undefined, "a login redirect would count as healthy");
            } else {
                assert.deepStrictEqual(health, [], "no failover, no health check host");
            }
            for (const internal of ["relaycore", "neuroweaver"]) {
                assert.deepStrictEqual(serviceObjects(await plan(stack), internal).byType("kubernetes:networking.k8s.io/v1:Ingress"), []);
            }
        });

        it("binds each service that declares AWS resources to its own role; relaycore's is limited to its queue", async () => {
            const p = await plan(stack);
            const roles = SERVICES.map((s) =>
                serviceObjects(p, s)
                    .byType("aws:eks/podIdentityAssociation:PodIdentityAssociation")
                    .map((a: ResourceView) => `${a.inputs.namespace}/${a.inputs.serviceAccount} ${a.inputs.roleArn}`),
            );
            assert.deepStrictEqual(
                roles,
                SERVICES.map((s) => [`${s}/${s} arn:aws:iam::111122223333:role/platform-${stack}-${s}`]),
                "automatrix and neuroweaver own data buckets; relaycore a queue",
            );
            const statements = statementsOf(serviceObjects(p, "relaycore").one("aws:iam/rolePolicy:RolePolicy").policy);
            assert.strictEqual(statements.length, 1);
            assert.deepStrictEqual(list(statements[0].Resource), shippedConfig(stack).services.relaycore.aws.sqsQueueArns);
            assert.ok(list(statements[0].Action).every((a) => a.startsWith("sqs:") && !a.endsWith("*")));
        });

        it("puts automatrix behind a Cognito login at its ALB, with the pool's IDs in its environment", async () => {
            const p = await plan(stack);
            const automatrix = serviceObjects(p, "automatrix");
            const a = automatrix.one("kubernetes:networking.k8s.io/v1:Ingress", "automatrix").metadata.annotations;
            const { userPoolId: poolId, clientIds } = p.report.outputs!.identity as { userPoolId: string; clientIds: Record<string, string> };
            assert.deepStrictEqual(
                [a["alb.ingress.kubernetes.io/auth-type"], a["alb.ingress.kubernetes.io/auth-on-unauthenticated-request"], a["alb.ingress.kubernetes.io/auth-scope"]],
                ["cognito", "authenticate", "openid email"],
            );
            const idp = JSON.parse(a["alb.ingress.kubernetes.io/auth-idp-cognito"]);
            assert.deepStrictEqual(Object.keys(idp).sort(), ["userPoolARN", "userPoolClientID", "userPoolDomain"], "no client secret: the ALB reads it from Cognito");
            assert.strictEqual(idp.userPoolARN, `arn:aws:cognito-idp:us-east-1:111122223333:userpool/${poolId}`);
            assert.strictEqual(idp.userPoolDomain, shippedConfig(stack).identity!.domainPrefix);
            const env = Object.fromEntries(
                automatrix.one("kubernetes:apps/v1:Deployment").spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]),
            );
            assert.strictEqual(idp.userPoolClientID, clientIds.automatrix);
            assert.deepStrictEqual(
                [env.COGNITO_USER_POOL_ID, env.COGNITO_ISSUER_URL, env.COGNITO_CLIENT_ID],
                [poolId, `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`, clientIds.automatrix],
            );
        });
    });
}

describe("a fourth service", () => {
    it("is configuration only: its namespace, workload, policies, dashboard and SLO alerts appear, and the pack passes", async () => {
        const base = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        const billing = [
            "    billing:",
            `      image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/billing:1.0.0@sha256:${"e".repeat(64)}`,
            "      tier: batch",
            "      resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: 200m, memory: 128Mi } }",
            "      replicas: { min: 1, max: 2 }",
            "      calls: [relaycore]",
        ].join("\n");
        const file = path.join(tempDir(), "Pulumi.dev.yaml");
        fs.writeFileSync(file, base.replace("  platform:services:\n", `  platform:services:\n${billing}\n`));
        const result = await preview(["--stack", "dev", "--config-file", file, "--json"]);
        assert.strictEqual(result.code, 0, result.stderr);
        const p = new Plan(JSON.parse(result.stdout));
        const { one } = serviceObjects(p, "billing");
        assert.strictEqual(one("kubernetes:apps/v1:Deployment").spec.template.spec.priorityClassName, "platform-batch");
        const fromCallers = serviceObjects(p, "relaycore")
            .byType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .find((n) => n.inputs.metadata.name === "allow-from-callers")!;
        assert.deepStrictEqual(fromCallers.inputs.spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]).sort(), [
            "automatrix",
            "billing",
        ]);
        assert.strictEqual(JSON.parse(result.stdout).summary.mandatory, 0);
        assert.ok(
            p.ofType("kubernetes:core/v1:ConfigMap").some((c) => c.inputs.metadata.name === "dashboard-billing"),
            "its RED dashboard",
        );
        assert.ok(
            one("kubernetes:monitoring.coreos.com/v1:PrometheusRule").spec.groups[1].rules.some((r: any) => r.alert === "BillingAvailabilityBudgetBurn"),
            "its SLO alerts",
        );
    });
});
