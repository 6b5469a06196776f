import * as assert from "assert";
import { preview, previewJson } from "../support/commands";
import { configErrorRun } from "../support/samples";
import { tempFile } from "../support/temp";

const tempConfig = (content: string) => tempFile("Pulumi.test.yaml", content);

describe("npm run preview (the real program under mocks, the real pack over it)", () => {
    for (const stack of ["dev", "prod", "prod-dr"]) {
        it(`${stack}: exits 0 with one JSON document of the documented shape`, async () => {
            const { result, report } = await previewJson(stack);
            assert.strictEqual(result.code, 0, result.stderr);
            assert.deepStrictEqual(Object.keys(report), ["stack", "project", "resources", "outputs", "violations", "policies", "summary"]);
            assert.strictEqual(report.stack, stack);
            assert.strictEqual(report.project, "platform");
            assert.strictEqual(report.summary.resources, report.resources.length);
            assert.strictEqual(report.summary.mandatory, 0);
            const urns = new Set(report.resources.map((r) => r.urn));
            for (const r of report.resources) {
                assert.deepStrictEqual(Object.keys(r), ["urn", "type", "name", "custom", "parent", "protect", "retainOnDelete", "importId", "dependencies", "inputs"]);
                assert.ok(r.urn.startsWith(`urn:pulumi:${stack}::platform::`), r.urn);
                assert.ok(r.parent === null || urns.has(r.parent), `${r.urn} has a parent that is not in the plan`);
            }
        });
    }

    it("plans a plausible platform: encrypted flow logs in a multi-AZ VPC, rotated keys, protected in prod only", async () => {
        const { report: prod } = await previewJson("prod");
        const { report: dev } = await previewJson("dev");
        const vpc = prod.resources.find((r) => r.type === "awsx:ec2:Vpc")!;
        assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 3);
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "OnePerAz" });
        const keys = prod.resources.filter((r) => r.type === "aws:kms/key:Key");
        assert.strictEqual(keys.length, 5, "three platform keys and two replica keys in the DR region");
        for (const key of keys) {
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.strictEqual(key.protect, true, `${key.name} must be protected in prod`);
        }
        assert.ok(
            dev.resources.filter((r) => r.type === "aws:kms/key:Key").every((k) => !k.protect),
            "dev keys stay deletable",
        );
        const flowLogs = prod.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name.endsWith("flow-logs"))!;
        assert.match(String(flowLogs.inputs.kmsKeyId), /^arn:aws:kms:us-east-1:111122223333:key\//);
        assert.ok(prod.outputs!.vpcId);
    });

    it("prod-dr reads prod through its StackReference, resolved by running prod offline", async () => {
        const { report: dr } = await previewJson("prod-dr");
        const { report: prod } = await previewJson("prod");
        const reference = dr.resources.find((r) => r.type === "pulumi:pulumi:StackReference")!;
        assert.strictEqual(reference.name, "organization/platform/prod");
        assert.deepStrictEqual(dr.outputs!.primary, { stack: "organization/platform/prod", vpcId: prod.outputs!.vpcId });
        assert.strictEqual(prod.outputs!.primary, null);
        assert.strictEqual(dr.outputs!.region, "us-west-2");
    });

    it("prints the resource tree, the policy report and a summary for people", async () => {
        const result = await preview(["--stack", "dev"]);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.match(result.stdout, /^Offline preview of stack "dev" \(project "platform"\): providers are mocked, nothing was sent to AWS or Kubernetes\.\n/);
        assert.match(
            result.stdout,
            /\n \+ {3}pulumi:pulumi:Stack +platform-dev\n \+ {3}├─ platform:cluster:SecureCluster +platform-dev\n \+ {3}│ {2}├─ platform:kms:PlatformKeys +platform-dev-keys\n/,
        );
        assert.match(result.stdout, /Policies:\n {4}no violations\n/);
        assert.match(result.stdout, /\nResources:\n {4}\+ \d+ to create\n {4}= 1 to import\n\nPolicies: 0 mandatory and 0 advisory violations\.\n$/);
        assert.ok(
            result.stdout.split("\n").every((line) => line.length <= 120),
            "fits a 120-column terminal",
        );
    });

    it("exits 2 naming the key path on a config with a wrong type or an unknown key, without a stack trace", async () => {
        const result = await configErrorRun();
        assert.strictEqual(result.code, 2);
        assert.strictEqual(result.stdout, "");
        assert.strictEqual(
            result.stderr,
            'error: invalid configuration for stack "dev" (2 problems):\n' +
                '  network.availabilityZones: "two" has the wrong type; expected number\n' +
                "  network.natGateway: unknown key; expected one of: cidr, availabilityZones, natGateways, vpcEndpoints, flowLogRetentionDays\n",
        );
    });

    it("exits 2 on bad usage and 6 on a stack that does not exist, with one line naming the real ones", async () => {
        const missing = await preview([]);
        assert.strictEqual(missing.code, 2);
        assert.strictEqual(missing.stderr, "error: --stack is required (npm run preview -- --help for usage)\n");
        const unknown = await preview(["--stack", "staging"]);
        assert.strictEqual(unknown.code, 6);
        assert.match(unknown.stderr, /^error: no stack "staging" \(no Pulumi\.staging\.yaml in .*\); expected one of: dev, prod, prod-dr\n$/);
        const typo = await preview(["-s", "prd"]);
        assert.strictEqual(typo.code, 6);
        assert.match(typo.stderr, /; did you mean prod\?\n$/);
        const badPolicyConfig = await preview(["--stack", "dev", "--policy-config", tempConfig('{"image-no-latest-or-untagged": "loud"}')]);
        assert.strictEqual(badPolicyConfig.code, 2);
        assert.match(badPolicyConfig.stderr, /"image-no-latest-or-untagged": "loud" is not a valid enforcement level/);
    });
});
