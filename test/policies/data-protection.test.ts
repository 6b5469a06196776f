import * as assert from "assert";
import { TestResource, urnOf, violationsOf } from "../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const bucket = (name: string, tags: Record<string, string> = {}): TestResource => ({ type: "aws:s3/bucket:Bucket", name, inputs: { bucket: `${name}-bucket`, tags } });
const FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("policy s3-public-access-block (stack)", () => {
    const policy = "s3-public-access-block";
    const block = (flags: Record<string, boolean>): TestResource => ({
        type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        name: "pab",
        inputs: { bucket: "b", ...flags },
        dependencies: [urnOf("aws:s3/bucket:Bucket", "logs")],
    });

    it("requires all four settings on the bucket's block", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [bucket("logs"), block(FLAGS)]), []);
        assert.deepStrictEqual(details(await violationsOf(policy, [bucket("logs"), block({ ...FLAGS, restrictPublicBuckets: false })])), [
            'S3 bucket "logs" has a BucketPublicAccessBlock with restrictPublicBuckets not true; set all four to true.',
        ]);
        assert.deepStrictEqual(details(await violationsOf(policy, [bucket("logs")])), ['S3 bucket "logs" has no BucketPublicAccessBlock; add one with all four settings true.']);
    });

    it("accepts the account-level block for every bucket", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, [bucket("logs"), { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "account", inputs: FLAGS }]),
            [],
        );
    });
});

describe("policy s3-versioning (stack)", () => {
    const policy = "s3-versioning";
    const versioning = (status: string, target: string): TestResource => ({
        type: "aws:s3/bucketVersioning:BucketVersioning",
        name: `v-${target}`,
        inputs: { bucket: `${target}-bucket`, versioningConfiguration: { status } },
    });

    it("requires versioning on backup, log and application data buckets only", async () => {
        const resources = [
            bucket("backups", { purpose: "backups" }),
            bucket("logs", { purpose: "logs" }),
            bucket("models", { purpose: "data" }),
            bucket("cache", { purpose: "cache" }),
            versioning("Enabled", "backups"),
            versioning("Suspended", "logs"),
        ];
        assert.deepStrictEqual(details(await violationsOf(policy, resources)), [
            'S3 bucket "logs" holds logs but is not versioned; add a BucketVersioning with status "Enabled".',
            'S3 bucket "models" holds data but is not versioned; add a BucketVersioning with status "Enabled".',
        ]);
    });
});

describe("policy stateful-resources-protected", () => {
    const policy = "stateful-resources-protected";

    it("requires protect on buckets, keys, vaults, user pools, clusters and audit log groups", async () => {
        const resources: TestResource[] = [
            { type: "aws:s3/bucket:Bucket", name: "b", inputs: {} },
            { type: "aws:kms/key:Key", name: "k", inputs: {}, protect: true },
            { type: "aws:backup/vault:Vault", name: "v", inputs: {} },
            { type: "aws:cognito/userPool:UserPool", name: "users", inputs: {} },
            { type: "eks:index:Cluster", name: "eks", inputs: {}, custom: false },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "cp", inputs: { name: "/aws/eks/platform-prod/cluster" } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "app", inputs: { name: "/app/relaycore" } },
        ];
        assert.deepStrictEqual(details(await violationsOf(policy, resources)), [
            'aws:s3/bucket:Bucket "b" is not protected; create it with the resource option protect: true.',
            'aws:backup/vault:Vault "v" is not protected; create it with the resource option protect: true.',
            'aws:cognito/userPool:UserPool "users" is not protected; create it with the resource option protect: true.',
            'eks:index:Cluster "eks" is not protected; create it with the resource option protect: true.',
            'aws:cloudwatch/logGroup:LogGroup "cp" is not protected; create it with the resource option protect: true.',
        ]);
    });

    it("can be disabled per stack (dev)", async () => {
        assert.deepStrictEqual(
            await violationsOf(policy, [{ type: "aws:s3/bucket:Bucket", name: "b", inputs: {} }], { config: { [policy]: { enforcementLevel: "disabled", properties: {} } } }),
            [],
        );
    });
});
