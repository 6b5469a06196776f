import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { childFailure, runNode } from "../offline/children";
import { runCommand, stackOf } from "../offline/cli";
import { RENDER_MANIFESTS } from "../offline/commands";
import { EXIT, UsageError } from "../offline/errors";
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
    runCommand(RENDER_MANIFESTS, async (invocation) => {
        const stack = stackOf(invocation, RENDER_MANIFESTS);
        const out = invocation.values.out;
        if (typeof out !== "string") {
            throw new UsageError(`--out is required (${RENDER_MANIFESTS.name} --help for usage)`);
        }
        invocation.progress(`Running the offline preview of "${stack}"...`);
        const run = await runNode([buildModule("offline/preview"), "--stack", stack, "--json"], { cwd: PROJECT_DIR });
        if (run.code !== EXIT.ok && run.code !== EXIT.policyFailure) {
            throw childFailure(`the offline preview of "${stack}" failed`, run);
        }
        const files = manifests(JSON.parse(run.stdout) as Report);
        try {
            fs.mkdirSync(out, { recursive: true });
            files.forEach(({ file, yaml }) => fs.writeFileSync(path.join(out, file), yaml));
        } catch (err) {
            throw new UsageError(`cannot write to --out ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        process.stdout.write(`wrote ${files.length} manifests of ${stack} to ${out}\n`);
        return EXIT.ok;
    });
}
