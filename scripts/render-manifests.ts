import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { stringify } from "yaml";
import { buildModule, PROJECT_DIR } from "../offline/paths";
import type { Report } from "../offline/report";

/**
 * Writes the Kubernetes objects a stack's offline preview registers as YAML manifests (one file
 * per object), so IaC scanners that read manifests (Trivy, kube-linter) can check what we deploy.
 * Usage: npm run render-manifests -- --stack prod --out rendered/prod
 */

/** `kubernetes:apps/v1:Deployment` → apiVersion `apps/v1`, kind `Deployment`; core group is `v1`. */
export function apiVersionAndKind(type: string): { apiVersion: string; kind: string } | undefined {
    const match = /^kubernetes:([^:]+):([A-Za-z]+)$/.exec(type);
    if (!match || match[1].startsWith("helm.sh") || match[2].endsWith("Patch")) {
        return undefined;
    }
    return { apiVersion: match[1].replace(/^core\//, ""), kind: match[2] };
}

export function manifests(report: Report): { file: string; yaml: string }[] {
    return report.resources.flatMap((r) => {
        const gvk = apiVersionAndKind(r.type);
        if (!gvk) {
            return [];
        }
        const namespace = r.inputs.metadata?.namespace;
        const file = `${gvk.kind}-${namespace ? `${namespace}-` : ""}${r.inputs.metadata?.name ?? r.name}.yaml`.toLowerCase();
        return [{ file, yaml: stringify({ ...gvk, ...r.inputs }) }];
    });
}

if (require.main === module) {
    const { values } = parseArgs({ options: { stack: { type: "string" }, out: { type: "string" } } });
    const report = JSON.parse(
        execFileSync(process.execPath, [buildModule("offline/preview"), "--stack", values.stack!, "--json"], {
            cwd: PROJECT_DIR,
            maxBuffer: 1 << 28,
        }).toString(),
    ) as Report;
    fs.mkdirSync(values.out!, { recursive: true });
    const files = manifests(report);
    files.forEach(({ file, yaml }) => fs.writeFileSync(path.join(values.out!, file), yaml));
    console.log(`wrote ${files.length} manifests of ${values.stack} to ${values.out}`);
}
