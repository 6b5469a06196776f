import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Report } from "../../offline/report";
import { check, PROJECT_DIR } from "../support/commands";
import { workloadExport } from "../support/exports";

const fixture = (name: string) => path.join(PROJECT_DIR, "test/fixtures/exports", name);

function tempFile(name: string, content: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "check-")), name);
    fs.writeFileSync(file, content);
    return file;
}

describe("npm run check (stack export through the real policy pack)", () => {
    it("reports a Deployment running nginx:latest as a mandatory violation and exits 1", async () => {
        const result = await check([fixture("deployment-latest.json"), "--json"]);
        assert.strictEqual(result.code, 1, result.stderr);
        const report = JSON.parse(result.stdout) as Report;
        assert.deepStrictEqual(Object.keys(report), ["stack", "project", "resources", "violations", "summary"]);
        assert.strictEqual(report.stack, "prod");
        assert.strictEqual(report.project, "platform");
        assert.deepStrictEqual(report.violations, [
            {
                policyPack: "platform-guardrails@v0.1.0",
                policy: "image-no-latest-or-untagged",
                enforcementLevel: "mandatory",
                urn: "urn:pulumi:prod::platform::kubernetes:apps/v1:Deployment::web",
                message:
                    "Container images must name an immutable version: never `:latest`, never untagged.\n" +
                    'container "web" (spec.template.spec.containers[0]): image "nginx:latest" uses the mutable tag "latest"; pin it by digest, e.g. nginx:<version>@sha256:<64 hex>.',
            },
        ]);
        assert.deepStrictEqual(report.summary, { resources: 7, mandatory: 1, advisory: 0 });
    });

    it("passes the same Deployment pinned by digest, and shows exported secrets only as [secret]", async () => {
        const result = await check([fixture("deployment-pinned.json"), "--json"]);
        assert.strictEqual(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout) as Report;
        assert.deepStrictEqual(report.violations, []);
        const provider = report.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        assert.deepStrictEqual(provider.inputs, { kubeconfig: "[secret]" });
        assert.ok(!result.stdout.includes("v1:AbCdEf"), "ciphertext must not be printed");
    });

    it("prints the violation grouped by policy for people", async () => {
        const result = await check([fixture("deployment-latest.json")]);
        assert.strictEqual(result.code, 1);
        assert.match(result.stdout, /^Policy check of .*deployment-latest\.json \(stack "prod", project "platform", 7 resources\), offline\./);
        assert.match(result.stdout, /\[mandatory\] {2}image-no-latest-or-untagged {2}\(platform-guardrails@v0\.1\.0, 1 violation\)\n {8}- kubernetes:apps\/v1:Deployment {2}web\n/);
        assert.match(result.stdout, /Summary: 7 resources; 1 mandatory and 0 advisory policy violations - this change would be blocked\.\n$/);
    });

    for (const [what, file, message] of [
        ["a missing file", "/nonexistent/export.json", /^error: cannot read stack export \/nonexistent\/export\.json: no such file\n$/],
        ["broken JSON", tempFile("broken.json", '{"version": 3, "deployment": {'), /^error: cannot read stack export .*broken\.json: .*JSON.*\n$/],
        [
            "another deployment version",
            tempFile("v2.json", '{"version": 2, "deployment": {}}'),
            /^error: .*v2\.json is not a stack export: version: only deployment version 3 \(current `pulumi stack export`\) is supported\n$/,
        ],
        [
            "a resource without a URN",
            tempFile("nourn.json", '{"version": 3, "deployment": {"resources": [{"type": "x"}]}}'),
            /^error: .*nourn\.json is not a stack export: deployment\.resources\[0\]\.urn: /,
        ],
    ] as const) {
        it(`fails cleanly on ${what} with exit 2 and one line`, async () => {
            const result = await check([file]);
            assert.strictEqual(result.code, 2);
            assert.strictEqual(result.stdout, "");
            assert.match(result.stderr, message);
            assert.strictEqual(result.stderr.trim().split("\n").length, 1, result.stderr);
        });
    }

    it("rejects bad usage with exit 2", async () => {
        const none = await check([]);
        assert.strictEqual(none.code, 2);
        assert.match(none.stderr, /expected exactly one stack export file\nusage: npm run check/);
        const unknownFlag = await check([fixture("deployment-latest.json"), "--jsn"]);
        assert.strictEqual(unknownFlag.code, 2);
        assert.match(unknownFlag.stderr, /Unknown option '--jsn'/);
    });

    it("gives the same report, in the same order, from one pack process and from several (--jobs)", async () => {
        const file = tempFile("workloads.json", JSON.stringify(workloadExport(120)));
        const [one, three] = await Promise.all([check([file, "--json", "--jobs", "1"]), check([file, "--json", "--jobs", "3"])]);
        assert.strictEqual(one.code, 1, one.stderr);
        const report = JSON.parse(one.stdout) as Report;
        assert.deepStrictEqual(report.summary, { resources: 133, mandatory: 12, advisory: 0 });
        assert.deepStrictEqual(
            report.violations.map((v) => v.urn!.split("::").pop()),
            Array.from({ length: 12 }, (_, i) => `app-${i * 10}`),
            "violations in resource order",
        );
        assert.strictEqual(three.code, 1, three.stderr);
        assert.strictEqual(three.stdout, one.stdout);
    });

    it("rejects --jobs that is not a whole number from 1 to 64", async () => {
        for (const jobs of ["0", "65", "1.5", "two"]) {
            const result = await check([fixture("deployment-latest.json"), "--jobs", jobs]);
            assert.strictEqual(result.code, 2, jobs);
            assert.match(result.stderr, new RegExp(`^error: --jobs: "${jobs.replace(".", "\\.")}" is not a whole number from 1 to 64\nusage: npm run check`));
        }
    });

    it("applies a policy config file: a disabled policy reports nothing", async () => {
        const config = tempFile("disabled.json", JSON.stringify({ "image-no-latest-or-untagged": "disabled" }));
        const result = await check([fixture("deployment-latest.json"), "--json", "--policy-config", config]);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual((JSON.parse(result.stdout) as Report).violations, []);
    });
});
