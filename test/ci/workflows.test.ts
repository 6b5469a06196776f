import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/commands";

const DIR = path.join(PROJECT_DIR, ".github/workflows");
const workflows = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const load = (file: string) => ({ text: fs.readFileSync(path.join(DIR, file), "utf8"), doc: parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Record<string, any> });

describe("GitHub Actions workflows", () => {
    it("exist for pull requests, deployments, security, CodeQL and the EKS lifecycle", () => {
        assert.deepStrictEqual(workflows.sort(), ["codeql.yml", "eks-lifecycle.yml", "pull-request.yml", "pulumi-up.yml", "pulumi.yml", "security.yml"]);
    });

    for (const file of workflows) {
        it(`${file}: parses, declares least-privilege permissions and pins every action to a commit SHA`, () => {
            const { text, doc } = load(file);
            assert.ok(doc.name && doc.on && doc.jobs, "a workflow with name, triggers and jobs");
            assert.deepStrictEqual(doc.permissions, { contents: "read" }, "read-only by default; jobs widen what they need");
            for (const [job, spec] of Object.entries<Record<string, any>>(doc.jobs)) {
                for (const [scope, level] of Object.entries(spec.permissions ?? {})) {
                    assert.ok(["read", "write", "none"].includes(String(level)), `${job}: ${scope}`);
                    assert.ok(scope !== "contents" || level === "read", `${job} may not write the repository`);
                }
            }
            const uses = [...text.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)];
            for (const [, action, comment] of uses) {
                if (action.startsWith("./")) {
                    continue;
                }
                assert.match(action, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${file}: ${action} is not pinned to a full commit SHA`);
                assert.match(comment, /# v\d+\.\d+\.\d+$/, `${file}: ${action} needs its version in a comment`);
            }
        });
    }

    it("runs the pull request checks on Node 22 and 24 and publishes the offline report in the job summary", () => {
        const { verify } = load("pull-request.yml").doc.jobs;
        assert.deepStrictEqual(verify.strategy.matrix.node, ["22", "24"]);
        assert.strictEqual(verify.steps.find((s: any) => String(s.uses).startsWith("actions/setup-node")).with["node-version"], "${{ matrix.node }}");
        const steps = verify.steps.map((s: any) => s.run).filter(Boolean);
        assert.deepStrictEqual(steps.slice(0, 2), ["npm ci --omit=optional", "npm test"], "the matrix's Node runs the scripts; npm test builds, tests and lints");
        assert.match(steps[2], /scripts\/ci\/offline-report\.sh >> "\$GITHUB_STEP_SUMMARY"/);
    });

    it("installs every job on a supported Node without the optional Node binary", () => {
        for (const file of workflows) {
            const { text } = load(file);
            for (const [, version] of text.matchAll(/node-version: (.+)$/gm)) {
                assert.ok(['"22"', "${{ matrix.node }}"].includes(version), `${file}: node-version ${version}`);
            }
            for (const [install] of text.matchAll(/run: npm ci.*$/gm)) {
                assert.strictEqual(install, "run: npm ci --omit=optional", file);
            }
        }
    });

    it("deploys dev, then prod and prod-dr behind their environments, one run per stack at a time, with OIDC", () => {
        const { doc } = load("pulumi.yml");
        assert.deepStrictEqual([doc.jobs["deploy-prod"].needs, doc.jobs["deploy-prod-dr"].needs], ["deploy-dev", "deploy-prod"]);
        assert.deepStrictEqual(doc.jobs.preview.concurrency, { group: "pulumi-${{ matrix.stack }}", "cancel-in-progress": false });
        const up = load("pulumi-up.yml").doc.jobs.up;
        assert.strictEqual(up.environment, "${{ inputs.stack }}");
        assert.deepStrictEqual(up.concurrency, { group: "pulumi-${{ inputs.stack }}", "cancel-in-progress": false });
        assert.strictEqual(up.permissions["id-token"], "write");
        const credentials = up.steps.find((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials"));
        assert.ok(credentials.with["role-to-assume"] && !credentials.with["aws-access-key-id"], "OIDC role, no long-lived keys");
        const pulumi = up.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions"));
        assert.deepStrictEqual([pulumi.with.command, pulumi.with.policyPacks, pulumi.with.policyPackConfigs], ["up", "policies", "policies/config/${{ inputs.stack }}.json"]);
    });

    it("audits production dependencies as the README documents (high and critical fail)", () => {
        const audit = load("security.yml").doc.jobs["npm-audit"].steps.find((s: any) => String(s.run).startsWith("npm audit")).run;
        assert.strictEqual(audit, "npm audit --omit=dev --audit-level=high");
        assert.ok(fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8").includes("`npm audit --omit=dev --audit-level=high`"));
    });
});
