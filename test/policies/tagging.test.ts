import * as assert from "assert";
import { evaluate, TestResource, urnOf, violationsOf } from "../support/policy-harness";

const policy = "cost-allocation-tags";
const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const providerUrn = urnOf("pulumi:providers:aws", "aws");
const provider = (defaultTags?: Record<string, string>): TestResource => ({
    type: "pulumi:providers:aws",
    name: "aws",
    urn: providerUrn,
    inputs: { region: "us-east-1", ...(defaultTags ? { defaultTags: JSON.stringify({ tags: defaultTags }) } : {}) },
});
const ALL = { environment: "prod", service: "platform", owner: "team", "cost-center": "cc" };

describe("policy cost-allocation-tags", () => {
    it("counts the provider's defaultTags", async () => {
        const bucket: TestResource = { type: "aws:s3/bucket:Bucket", name: "b", inputs: {}, provider: `${providerUrn}::id` };
        assert.deepStrictEqual(await violationsOf(policy, [provider(ALL), bucket]), []);
        const partial: TestResource = { ...bucket, inputs: { tags: { service: "relaycore" } } };
        assert.deepStrictEqual(details(await violationsOf(policy, [provider({ environment: "prod" }), partial])), [
            "aws:s3/bucket:Bucket \"b\" lacks the tags owner, cost-center; set them in the provider's defaultTags or the resource's tags.",
        ]);
    });

    it("ignores types that cannot be tagged", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, [
                { type: "aws:kms/alias:Alias", name: "a", inputs: {} },
                { type: "aws:iam/rolePolicy:RolePolicy", name: "p", inputs: {} },
            ]),
            [],
        );
        assert.strictEqual((await violationsOf(policy, [{ type: "aws:kms/key:Key", name: "k", inputs: {} }])).length, 1);
    });

    it("remediates missing tags from config, then passes", async () => {
        const config = { [policy]: { enforcementLevel: "remediate" as const, properties: { tagValues: ALL } } };
        const violations = await evaluate([{ type: "aws:sns/topic:Topic", name: "t", inputs: { tags: { service: "alerts" } } }], { config });
        assert.deepStrictEqual(
            violations.filter((v) => v.policy === policy),
            [],
        );
    });

    it("still fails in remediate mode when it has no value for a missing tag (reported as mandatory)", async () => {
        const config = { [policy]: { enforcementLevel: "remediate" as const, properties: { tagValues: { environment: "dev" } } } };
        const violations = await violationsOf(policy, [{ type: "aws:sns/topic:Topic", name: "t", inputs: {} }], { config });
        assert.strictEqual(violations[0].enforcementLevel, "mandatory");
        assert.match(violations[0].message, /lacks the tags service, owner, cost-center/);
    });
});
