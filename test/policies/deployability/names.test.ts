import * as assert from "assert";
import { violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const role = (name: string, inputs: Record<string, unknown> = {}) => ({ type: "aws:iam/role:Role", name, inputs: { assumeRolePolicy: "{}", ...inputs } });

describe("policy aws-resource-names (mandatory)", () => {
    it("counts the 8 characters pulumi-aws appends to an autonamed role (finding 1's 64-character logical name)", async () => {
        const logical = "platform-prod-recovery-automatrix-workflow-artifacts-replication";
        assert.strictEqual(logical.length, 64);
        assert.deepStrictEqual(details(await violationsOf("aws-resource-names", [role(logical)])), [
            `aws:iam/role:Role "${logical}": the name pulumi-aws derives from the logical name (it appends - and 7 random characters) "${logical}-0000000" is 72 characters long; AWS allows 1 to 64 (terraform-provider-aws internal/service/iam/validate.go validResourceName (roleNameMaxLen 64)). Shorten the logical name or set name to a valid name.`,
        ]);
    });

    it("checks an explicit name and a prefix, and passes names within the limits", async () => {
        assert.deepStrictEqual(await violationsOf("aws-resource-names", [role("short"), role("x", { name: "a".repeat(64) }), role("y", { namePrefix: "a".repeat(38) })]), []);
        const violations = await violationsOf("aws-resource-names", [role("x", { name: "has space" }), role("y", { namePrefix: "a".repeat(39) })]);
        assert.deepStrictEqual(
            details(violations).map((d) => d.split(" (terraform")[0]),
            [
                'aws:iam/role:Role "x": its name "has space" is not valid; expected letters, digits and +=,.@_-',
                `aws:iam/role:Role "y": its namePrefix plus the 26 characters the provider appends "${"a".repeat(39)}${"0".repeat(26)}" is 65 characters long; AWS allows 1 to 64`,
            ],
        );
    });

    it("checks the deploy runner's CodeBuild project name", async () => {
        const project = (name: string) => ({ type: "aws:codebuild/project:Project", name: "runner", inputs: { name } });
        assert.deepStrictEqual(await violationsOf("aws-resource-names", [project("platform-prod-dr-deploy")]), []);
        assert.deepStrictEqual(details(await violationsOf("aws-resource-names", [project("-deploy.runner")])), [
            'aws:codebuild/project:Project "runner": its name "-deploy.runner" is not valid; expected letters, digits, _ and -, starting with a letter or digit (AWS CodeBuild API reference, CreateProject.name). Shorten the logical name or set name to a valid name.',
        ]);
    });
});
