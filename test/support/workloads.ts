import * as fs from "fs";
import * as path from "path";
import { TestResource } from "./policy-harness";

/**
 * Every Kubernetes workload type the installed Pulumi Kubernetes SDK has (all API versions, the
 * Patch types included), read from the SDK itself so a new version's types are tested too.
 */
export const WORKLOAD_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

export function sdkWorkloadTypes(): string[] {
    const root = path.dirname(require.resolve("@pulumi/kubernetes/package.json"));
    const types = new Set<string>();
    for (const group of ["core", "apps", "batch", "extensions"]) {
        for (const version of fs.readdirSync(path.join(root, group), { withFileTypes: true }).filter((d) => d.isDirectory())) {
            for (const file of fs.readdirSync(path.join(root, group, version.name)).filter((f) => f.endsWith(".js"))) {
                const token = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(root, group, version.name, file), "utf8"))?.[1];
                const kind = token?.split(":")[2]?.replace(/Patch$/, "");
                if (token && kind && WORKLOAD_KINDS.includes(kind)) {
                    types.add(token);
                }
            }
        }
    }
    return [...types].sort();
}

/** Wraps a pod spec in the object shape of the workload type (CronJob under jobTemplate). */
export function workload(type: string, podSpec: Record<string, unknown>, metadata: Record<string, unknown> = { name: "app", namespace: "shop" }): TestResource {
    const kind = type.split(":")[2].replace(/Patch$/, "");
    const template = { metadata: { labels: { app: "app" } }, spec: podSpec };
    const spec =
        kind === "Pod" ? podSpec : kind === "CronJob" ? { schedule: "0 * * * *", jobTemplate: { spec: { template } } } : { selector: { matchLabels: { app: "app" } }, template };
    return { type, name: `${kind.toLowerCase()}-${type.split(":")[1].replace(/\//g, "-")}`, inputs: { metadata, spec } };
}

export const DIGEST = `sha256:${"c".repeat(64)}`;
export const PINNED = `111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0@${DIGEST}`;

/** A container that passes every container rule; tests change one thing at a time. */
export function hardenedContainer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "app",
        image: PINNED,
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        livenessProbe: { httpGet: { path: "/live", port: 8080 } },
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        ...overrides,
    };
}

/** A pod spec that passes every pod rule. */
export function hardenedPod(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { serviceAccountName: "app", automountServiceAccountToken: false, containers: [hardenedContainer()], ...overrides };
}
