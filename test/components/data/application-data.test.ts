import * as assert from "assert";
import type { ResourceView } from "../../../offline/report";
import { shippedConfig } from "../../support/config";
import { previewJson } from "../../support/commands";
import { list, Plan, statementsOf } from "../../support/plan";

const plan = async (stack: string) => new Plan((await previewJson(stack)).report);
const ACCOUNT = "111122223333";
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The data buckets by `<service>/<purpose>` (the stack's `dataBuckets` output) → bucket name. */
const dataBuckets = (p: Plan) => p.report.outputs!.dataBuckets as Record<string, string>;

/** The one resource of `type` that configures bucket `name`. */
function onBucket(p: Plan, type: string, name: string): Record<string, any> {
    const found = p.ofType(type).filter((r) => r.inputs.bucket === name);
    assert.strictEqual(found.length, 1, `${type} of ${name}`);
    return found[0].inputs;
}

/** Which services' role policies allow `action` on objects of bucket `name`. */
function servicesAllowed(p: Plan, action: string, name: string): string[] {
    return p
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((policy: ResourceView) => policy.name.endsWith("-aws"))
        .filter((policy) =>
            statementsOf(policy.inputs.policy).some((s) => s.Effect === "Allow" && list(s.Action).includes(action) && list(s.Resource).includes(`arn:aws:s3:::${name}/*`)),
        )
        .map((policy) => policy.name.replace(/-aws$/, ""))
        .sort();
}

describe("ApplicationData (prod)", () => {
    it("creates each declared bucket encrypted with the storage key, versioned, private, with its retention and access logs", async () => {
        const prod = await plan("prod");
        const config = shippedConfig("prod");
        const buckets = dataBuckets(prod);
        assert.deepStrictEqual(Object.keys(buckets).sort(), ["automatrix/workflow-artifacts", "neuroweaver/models"]);
        const accessLogsPolicy = prod.one("aws:s3/bucketPolicy:BucketPolicy", "data-access-logs").inputs;
        const accessLogsName = accessLogsPolicy.bucket;
        assert.deepStrictEqual(
            statementsOf(accessLogsPolicy.policy).map((s) => s.Sid),
            ["DenyInsecureTransport", "S3ServerAccessLogs"],
        );
        for (const [key, name] of Object.entries(buckets)) {
            const [service, purpose] = key.split("/");
            const bucket = prod.ofType("aws:s3/bucket:Bucket").find((b) => b.name === `platform-prod-data-${service}-${purpose}`)!;
            assert.strictEqual(bucket.protect, true, key);
            assert.deepStrictEqual(bucket.inputs.tags, { service, backup: "true", "data-purpose": purpose, purpose: "data" });
            const sse = onBucket(prod, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name).rules[0];
            assert.deepStrictEqual(sse, {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mock-key-platform-prod-keys-storage` },
                bucketKeyEnabled: true,
            });
            assert.strictEqual(onBucket(prod, "aws:s3/bucketVersioning:BucketVersioning", name).versioningConfiguration.status, "Enabled");
            const block = onBucket(prod, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name);
            assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
            const retention = config.services[service].buckets.find((b) => b.purpose === purpose)!.retentionDays;
            assert.strictEqual(onBucket(prod, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).rules[0].expiration.days, retention);
            assert.strictEqual(onBucket(prod, "aws:s3/bucketLogging:BucketLogging", name).targetBucket, accessLogsName);
        }
    });

    it("lets only the owner's role (and AWS Backup) write a bucket, and only those and the declared readers read it: bucket policy and role policies agree", async () => {
        const prod = await plan("prod");
        const buckets = dataBuckets(prod);
        const expected: Record<string, { writers: string[]; readers: string[] }> = {
            "automatrix/workflow-artifacts": { writers: ["automatrix"], readers: ["automatrix", "neuroweaver"] },
            "neuroweaver/models": { writers: ["neuroweaver"], readers: ["neuroweaver"] },
        };
        for (const [key, { writers, readers }] of Object.entries(expected)) {
            const name = buckets[key];
            const policy = statementsOf(onBucket(prod, "aws:s3/bucketPolicy:BucketPolicy", name).policy);
            const deniedUnless = (sid: string) => policy.find((s) => s.Sid === sid)!.Condition!.ArnNotEquals["aws:PrincipalArn"];
            assert.deepStrictEqual(
                policy.map((s) => [s.Sid, s.Effect]),
                [
                    ["DenyInsecureTransport", "Deny"],
                    ["OnlyTheOwnerWrites", "Deny"],
                    ["OnlyOwnerAndReadersRead", "Deny"],
                ],
            );
            assert.deepStrictEqual(deniedUnless("OnlyTheOwnerWrites"), [...writers.map((s) => role(`platform-prod-${s}`)), role("platform-prod-backup")]);
            assert.deepStrictEqual(
                [...(deniedUnless("OnlyOwnerAndReadersRead") as string[])].sort(),
                [...readers.map((s) => role(`platform-prod-${s}`)), role("platform-prod-backup")].sort(),
            );
            assert.deepStrictEqual(servicesAllowed(prod, "s3:PutObject", name), writers, `${key}: writers by IAM`);
            assert.deepStrictEqual(servicesAllowed(prod, "s3:GetObject", name), readers, `${key}: readers by IAM`);
        }
        assert.strictEqual(prod.one("aws:iam/role:Role", "recovery-backup").inputs.name, "platform-prod-backup", "the role the bucket policies name exists");
    });

    it("hands each service its buckets as <PURPOSE>_BUCKET, and no bucket to a service without a grant", async () => {
        const prod = await plan("prod");
        const buckets = dataBuckets(prod);
        const envOf = (service: string) =>
            Object.fromEntries(
                prod
                    .ofType("kubernetes:apps/v1:Deployment")
                    .find((d) => d.inputs.metadata.name === service)!
                    .inputs.spec.template.spec.containers[0].env.filter((e: { name: string }) => e.name.endsWith("_BUCKET"))
                    .map((e: { name: string; value: string }) => [e.name, e.value]),
            );
        assert.deepStrictEqual(envOf("automatrix"), { WORKFLOW_ARTIFACTS_BUCKET: buckets["automatrix/workflow-artifacts"] });
        assert.deepStrictEqual(envOf("neuroweaver"), { WORKFLOW_ARTIFACTS_BUCKET: buckets["automatrix/workflow-artifacts"], MODELS_BUCKET: buckets["neuroweaver/models"] });
        assert.deepStrictEqual(envOf("relaycore"), {});
    });

    it("replicates every data bucket to the DR region with the same retention when DR is on; dev (no DR) replicates none", async () => {
        const prod = await plan("prod");
        for (const [key, name] of Object.entries(dataBuckets(prod))) {
            const replication = onBucket(prod, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name).rules[0];
            assert.match(replication.destination.bucket, /^arn:aws:s3:::platform-prod-recovery-/, key);
            assert.match(replication.destination.encryptionConfiguration.replicaKmsKeyId, /^arn:aws:kms:us-west-2:.*replica-storage$/);
            const replicaName = replication.destination.bucket.replace("arn:aws:s3:::", "");
            assert.deepStrictEqual(
                onBucket(prod, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", replicaName).rules[0].expiration,
                onBucket(prod, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).rules[0].expiration,
                "S3 does not replicate lifecycle expirations, so the replica expires on its own",
            );
        }
        const dev = await plan("dev");
        assert.deepStrictEqual(Object.keys(dataBuckets(dev)).sort(), ["automatrix/workflow-artifacts", "neuroweaver/models"]);
        assert.deepStrictEqual(dev.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig"), []);
    });
});

describe("ApplicationData on the standby (prod-dr)", () => {
    it("creates no data buckets: its services use the primary's replicas in us-west-2, with the replica key", async () => {
        const [prod, standby] = [await plan("prod"), await plan("prod-dr")];
        assert.deepStrictEqual(standby.ofType("platform:data:ApplicationData"), []);
        const replicas = Object.fromEntries(
            Object.entries(dataBuckets(prod)).map(([key, name]) => [
                key,
                onBucket(prod, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name).rules[0].destination.bucket.replace("arn:aws:s3:::", ""),
            ]),
        );
        assert.deepStrictEqual(dataBuckets(standby), replicas);
        const automatrix = statementsOf(standby.one("aws:iam/rolePolicy:RolePolicy", "automatrix-aws").inputs.policy);
        assert.deepStrictEqual(list(automatrix.find((s) => s.Sid === "ReadWriteOwnObjects")!.Resource), [`arn:aws:s3:::${replicas["automatrix/workflow-artifacts"]}/*`]);
        assert.match(String(automatrix.find((s) => s.Sid === "DataBucketKey")!.Resource), /^arn:aws:kms:us-west-2:.*replica-storage$/);
    });
});
