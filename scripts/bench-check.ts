import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildModule, PROJECT_DIR } from "../offline/paths";
import { hardenedContainer, hardenedPod } from "../test/support/workloads";

/**
 * Benchmark of `npm run check`: generates stack exports of N workload resources (Deployments
 * spread over namespaces that each carry a quota, a LimitRange and a default-deny policy) and
 * reports wall time and resources per second. Usage: npm run bench:check [-- 1000 10000]
 */

const STACK = "urn:pulumi:bench::platform";
const PER_NAMESPACE = 50;

function resource(type: string, name: string, inputs: Record<string, unknown>, dependencies: string[] = []) {
    return { urn: `${STACK}::${type}::${name}`, custom: true, id: name, type, inputs, outputs: inputs, dependencies };
}

function deployment(i: number, namespace: string, nsUrn: string) {
    const requests = { cpu: "100m", memory: "128Mi" };
    // Every tenth deployment forgets its memory limit, so the run reports violations too.
    const limits = i % 10 === 0 ? { cpu: "500m" } : { cpu: "500m", memory: "256Mi" };
    const container = hardenedContainer({ image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.${i}.0@sha256:${"d".repeat(64)}`, resources: { requests, limits } });
    const spec = hardenedPod({ containers: [container] });
    return resource("kubernetes:apps/v1:Deployment", `app-${i}`, { metadata: { name: `app-${i}`, namespace }, spec: { template: { spec } } }, [nsUrn]);
}

export function generateExport(workloads: number): object {
    const resources: object[] = [{ urn: `${STACK}::pulumi:pulumi:Stack::platform-bench`, custom: false, type: "pulumi:pulumi:Stack", outputs: {} }];
    for (let i = 0; i < workloads; i++) {
        const namespace = `team-${Math.floor(i / PER_NAMESPACE)}`;
        const nsUrn = `${STACK}::kubernetes:core/v1:Namespace::${namespace}`;
        if (i % PER_NAMESPACE === 0) {
            resources.push(
                resource("kubernetes:core/v1:Namespace", namespace, { metadata: { name: namespace } }),
                resource(
                    "kubernetes:core/v1:ResourceQuota",
                    `${namespace}-quota`,
                    { metadata: { namespace }, spec: { hard: { "requests.cpu": "20", "requests.memory": "40Gi", "limits.memory": "80Gi", pods: "100" } } },
                    [nsUrn],
                ),
                resource(
                    "kubernetes:core/v1:LimitRange",
                    `${namespace}-limits`,
                    {
                        metadata: { namespace },
                        spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
                    },
                    [nsUrn],
                ),
                resource(
                    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                    `${namespace}-deny`,
                    { metadata: { namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
                    [nsUrn],
                ),
            );
        }
        resources.push(deployment(i, namespace, nsUrn));
    }
    return { version: 3, deployment: { manifest: { time: new Date(0).toISOString(), magic: "bench", version: "v3" }, resources } };
}

function timeCheck(file: string): { seconds: number; resources: number } {
    const start = process.hrtime.bigint();
    let stdout = "";
    try {
        stdout = execFileSync(process.execPath, [buildModule("offline/check"), file, "--json"], {
            cwd: PROJECT_DIR,
            maxBuffer: 1 << 30,
        }).toString();
    } catch (err) {
        stdout = (err as { stdout: Buffer }).stdout.toString(); // exit 1: violations found, as expected
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, resources: (JSON.parse(stdout) as { summary: { resources: number } }).summary.resources };
}

if (require.main === module) {
    const sizes = process.argv.slice(2).map(Number);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-check-"));
    const baselineFile = path.join(dir, "empty.json");
    fs.writeFileSync(baselineFile, JSON.stringify(generateExport(0)));
    const baseline = timeCheck(baselineFile);
    console.log(`startup (empty export): ${baseline.seconds.toFixed(2)} s`);
    const results: { workloads: number; seconds: number; net: number }[] = [];
    for (const workloads of sizes.length ? sizes : [1000, 10000]) {
        const file = path.join(dir, `export-${workloads}.json`);
        fs.writeFileSync(file, JSON.stringify(generateExport(workloads)));
        const { seconds, resources } = timeCheck(file);
        const net = seconds - baseline.seconds;
        results.push({ workloads, seconds, net });
        console.log(`${workloads} workloads (${resources} resources): ${seconds.toFixed(2)} s wall, ${net.toFixed(2)} s after startup, ${Math.round(resources / net)} resources/s`);
    }
    for (let i = 1; i < results.length; i++) {
        const [a, b] = [results[i - 1], results[i]];
        console.log(`${b.workloads / a.workloads}x workloads took ${(b.net / a.net).toFixed(2)}x the time (after startup)`);
    }
}
