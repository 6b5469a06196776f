import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Report } from "../../offline/report";
import { check, PROJECT_DIR } from "../support/commands";
import { workloadExport } from "../support/exports";
import { checkSampleRun } from "../support/samples";
import { tempFile } from "../support/temp";

const fixture = (name: string) => path.join(PROJECT_DIR, "test/fixtures/exports", name);

describe("npm run check (stack export through the real policy pack)", () => {
    it("reports a Deployment running nginx:latest as a mandatory violation and exits 5 (policy failure)", async () => {
        const result = await check([fixture("deployment-latest.json"), "--json"]);
        assert.strictEqual(result.code, 5, result.stderr);
        const report = JSON.parse(result.stdout) as Report;
        assert.deepStrictEqual(Object.keys(report), ["stack", "project", "resources", "violations", "policies", "summary"]);
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
        assert.match(report.policies["image-no-latest-or-untagged"].remediation, /^Pin the image by digest/);
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

    it("prints the violations grouped by policy for people, with what the policy wants and the fix once", async () => {
        const result = await checkSampleRun();
        assert.strictEqual(result.code, 5);
        assert.match(result.stdout, /^Policy check of test\/fixtures\/exports\/deployment-latest\.json \(stack "prod", project "platform", 7 resources\), offline\./);
        assert.match(
            result.stdout,
            /\[mandatory\] {2}image-no-latest-or-untagged {2}\(platform-guardrails@v0\.1\.0, 1 violation\)\n {8}Container images must name an immutable version: never `:latest`, never untagged\.\n {8}Fix: Pin the image by digest/,
        );
        assert.match(result.stdout, /\n {8}- kubernetes:apps\/v1:Deployment {2}web\n {10}container "web" \(spec\.template\.spec\.containers\[0\]\): image "nginx:latest"/);
        assert.strictEqual(result.stdout.split("Container images must name an immutable version").length, 2, "the description once");
        assert.match(result.stdout, /\nResources:\n {4}7 in the export\n\nPolicies: 1 mandatory and 0 advisory violation - this change would be blocked\.\n$/);
        assert.ok(result.stdout.split("\n").every((line) => line.length <= 120));
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

    it("rejects bad usage with exit 2 and one line that says what was meant", async () => {
        const none = await check([]);
        assert.strictEqual(none.code, 2);
        assert.strictEqual(none.stderr, "error: expected exactly one <stack-export.json>, got 0 (npm run check -- --help for usage)\n");
        const unknownFlag = await check([fixture("deployment-latest.json"), "--jsn"]);
        assert.strictEqual(unknownFlag.code, 2);
        assert.strictEqual(unknownFlag.stderr, "error: unknown option --jsn; did you mean --json? (npm run check -- --help for usage)\n");
    });

    it("gives the same report, in the same order, from one pack process and from several (--jobs)", async () => {
        const file = tempFile("workloads.json", JSON.stringify(workloadExport(120)));
        const [one, three] = await Promise.all([check([file, "--json", "--jobs", "1"]), check([file, "--json", "--jobs", "3"])]);
        assert.strictEqual(one.code, 5, one.stderr);
        const report = JSON.parse(one.stdout) as Report;
        assert.deepStrictEqual(report.summary, { resources: 133, mandatory: 12, advisory: 0 });
        assert.deepStrictEqual(
            report.violations.map((v) => v.urn!.split("::").pop()),
            Array.from({ length: 12 }, (_, i) => `app-${i * 10}`),
            "violations in resource order",
        );
        assert.strictEqual(three.code, 5, three.stderr);
        assert.strictEqual(three.stdout, one.stdout);
    });

    it("rejects --jobs that is not a whole number from 1 to 64", async () => {
        for (const jobs of ["0", "65", "1.5", "two"]) {
            const result = await check([fixture("deployment-latest.json"), "--jobs", jobs]);
            assert.strictEqual(result.code, 2, jobs);
            assert.strictEqual(result.stderr, `error: --jobs: "${jobs}" is not a whole number from 1 to 64 (npm run check -- --help for usage)\n`);
        }
    });

    /** The deployment-latest fixture with its Deployment changed by `change`, as a temporary export file. */
    function changedExport(name: string, change: (deployment: Record<string, any>, resources: Record<string, any>[]) => void): string {
        const exported = JSON.parse(fs.readFileSync(fixture("deployment-latest.json"), "utf8"));
        const resources: Record<string, any>[] = exported.deployment.resources;
        change(
            resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!,
            resources,
        );
        return tempFile(name, JSON.stringify(exported));
    }
    const secret = (plaintext: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(plaintext) });

    it("never prints a secret's value, even where a policy quotes the value it checked", async () => {
        const image = "registry.internal.example/shop/web:latest";
        const file = changedExport("secret-image.json", (deployment) => {
            deployment.inputs.spec.template.spec.containers[0].image = secret(image);
        });
        for (const args of [[file], [file, "--json"]]) {
            const result = await check(args);
            assert.strictEqual(result.code, 5, result.stderr);
            assert.ok(!result.stdout.includes(image) && !result.stdout.includes("registry.internal.example"), result.stdout);
            assert.match(result.stdout, /image \\?"\[secret\]\\?" uses the mutable tag \\?"latest\\?"/);
        }
    });

    it("refuses a malformed secret in an export without printing it, exit 2", async () => {
        const file = changedExport("broken-secret.json", (deployment) => {
            deployment.inputs.spec.template.spec.containers[0].env = [{ name: "TOKEN", value: { ...secret(""), plaintext: "hunter2-not-json" } }];
        });
        const result = await check([file]);
        assert.strictEqual(result.code, 2);
        assert.match(
            result.stderr,
            /^error: urn:pulumi:prod::platform::kubernetes:apps\/v1:Deployment::web: inputs\.spec\.template\.spec\.containers\.0\.env\.0\.value is a secret whose plaintext is not JSON .*its value is not shown\n$/,
        );
        assert.ok(!result.stderr.includes("hunter2"));
    });

    it("refuses an export whose URNs name a stack that is not a stack name, instead of reading a policy config outside policies/config", async () => {
        const file = changedExport("traversal.json", (_deployment, resources) => {
            resources.forEach((r) => (r.urn = r.urn.replace("urn:pulumi:prod::", "urn:pulumi:../../x::")));
        });
        const result = await check([file]);
        assert.strictEqual(result.code, 2);
        assert.strictEqual(
            result.stderr,
            'error: "../../x" is not a Pulumi stack name (letters, digits, "-", "_", "."), so no policy config can be chosen for it; give --policy-config\n',
        );
    });

    for (const [shape, containers] of [
        ["an object", { name: "web", image: "nginx:latest" }],
        ["a string", "web"],
        ["null", null],
    ] as const) {
        it(`fails a Deployment whose containers is ${shape}: it could not be checked (mandatory), instead of passing every policy`, async () => {
            const file = changedExport("malformed.json", (deployment) => {
                deployment.inputs.spec.template.spec.containers = containers;
            });
            const result = await check([file, "--json"]);
            assert.strictEqual(result.code, 5, result.stderr);
            const fired = (JSON.parse(result.stdout) as Report).violations.filter((v) => v.policy === "workload-spec-readable");
            assert.strictEqual(fired.length, 1);
            assert.match(
                fired[0].message,
                new RegExp(
                    `could not be checked: spec\\.template\\.spec\\.containers is ${shape === "an object" ? "an object, not a list" : shape === "a string" ? "a string, not a list" : "null, not a list"}\\.$`,
                ),
            );
        });
    }

    it("applies a policy config file: a disabled policy reports nothing", async () => {
        const config = tempFile("disabled.json", JSON.stringify({ "image-no-latest-or-untagged": "disabled" }));
        const result = await check([fixture("deployment-latest.json"), "--json", "--policy-config", config]);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual((JSON.parse(result.stdout) as Report).violations, []);
    });
});
