import * as assert from "assert";
import { TestResource, urnOf, violationsOf } from "../support/policy-harness";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/abc";
const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const r = (type: string, inputs: Record<string, unknown>, name = "r"): TestResource => ({ type, name, inputs });

/** [type, unencrypted inputs, AWS-managed inputs, customer-managed inputs] for each resource rule. */
const CASES: [string, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>][] = [
    ["aws:ebs/volume:Volume", { encrypted: false }, { encrypted: true }, { encrypted: true, kmsKeyId: KEY }],
    [
        "aws:ec2/launchTemplate:LaunchTemplate",
        { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] },
        { blockDeviceMappings: [{ ebs: { encrypted: "true" } }] },
        { blockDeviceMappings: [{ ebs: { encrypted: "true", kmsKeyId: KEY } }] },
    ],
    ["aws:ec2/instance:Instance", { rootBlockDevice: {} }, { rootBlockDevice: { encrypted: true } }, { rootBlockDevice: { encrypted: true, kmsKeyId: KEY } }],
    ["aws:rds/instance:Instance", {}, { storageEncrypted: true }, { storageEncrypted: true, kmsKeyId: KEY }],
    ["aws:rds/cluster:Cluster", { storageEncrypted: false }, { storageEncrypted: true }, { storageEncrypted: true, kmsKeyId: KEY }],
    ["aws:efs/fileSystem:FileSystem", {}, { encrypted: true }, { encrypted: true, kmsKeyId: KEY }],
    ["aws:sns/topic:Topic", {}, { kmsMasterKeyId: "alias/aws/sns" }, { kmsMasterKeyId: KEY }],
    ["aws:sqs/queue:Queue", { sqsManagedSseEnabled: false }, {}, { kmsMasterKeyId: KEY }],
    ["aws:cloudwatch/logGroup:LogGroup", {} as never, undefined, { kmsKeyId: KEY }],
    ["aws:secretsmanager/secret:Secret", {} as never, undefined, { kmsKeyId: KEY }],
    ["aws:backup/vault:Vault", {} as never, undefined, { kmsKeyArn: KEY }],
    [
        "aws:eks/cluster:Cluster",
        { encryptionConfig: { resources: ["configmaps"], provider: { keyArn: KEY } } },
        undefined,
        { encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } } },
    ],
    ["eks:index:Cluster", {}, undefined, { encryptionConfigKeyArn: KEY }],
    [
        "kubernetes:storage.k8s.io/v1:StorageClass",
        { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } },
        { provisioner: "ebs.csi.aws.com", parameters: { encrypted: "true" } },
        { provisioner: "ebs.csi.aws.com", parameters: { encrypted: "true", kmsKeyId: KEY } },
    ],
];
const AWS_MANAGED_ONLY = new Set(["aws:cloudwatch/logGroup:LogGroup", "aws:secretsmanager/secret:Secret", "aws:backup/vault:Vault"]);

describe("policies encryption-at-rest (mandatory) and encryption-customer-managed-key (advisory)", () => {
    for (const [type, unencrypted, awsManaged, customer] of CASES) {
        it(`${type}: unencrypted is mandatory, AWS-managed is advisory, a customer-managed key passes`, async () => {
            const atRest = await violationsOf("encryption-at-rest", [r(type, unencrypted)]);
            const managed = await violationsOf("encryption-customer-managed-key", [r(type, AWS_MANAGED_ONLY.has(type) ? unencrypted : (awsManaged ?? unencrypted))]);
            if (AWS_MANAGED_ONLY.has(type)) {
                assert.deepStrictEqual(atRest, [], "service-encrypted data is not 'unencrypted'");
                assert.strictEqual(managed.length, 1);
            } else {
                assert.strictEqual(atRest.length, 1, `${type} unencrypted`);
                assert.strictEqual(atRest[0].enforcementLevel, "mandatory");
            }
            if (awsManaged || AWS_MANAGED_ONLY.has(type)) {
                assert.strictEqual(managed.length, 1, `${type} AWS-managed`);
                assert.strictEqual(managed[0].enforcementLevel, "advisory");
            }
            assert.deepStrictEqual(await violationsOf("encryption-at-rest", [r(type, customer)]), []);
            assert.deepStrictEqual(await violationsOf("encryption-customer-managed-key", [r(type, customer)]), []);
        });
    }

    it("names the field and the fix", async () => {
        assert.deepStrictEqual(details(await violationsOf("encryption-at-rest", [r("aws:ec2/launchTemplate:LaunchTemplate", CASES[1][1])])), [
            "blockDeviceMappings[0].ebs.encrypted is not true; set it to true with kmsKeyId = a customer-managed KMS key.",
        ]);
        assert.deepStrictEqual(details(await violationsOf("encryption-at-rest", [r("eks:index:Cluster", {})])), [
            "encryptionConfigKeyArn is not set, so Kubernetes Secrets are not envelope-encrypted; set it to a customer-managed KMS key ARN.",
        ]);
    });

    it("ignores StorageClasses of other provisioners", async () => {
        assert.deepStrictEqual(await violationsOf("encryption-at-rest", [r("kubernetes:storage.k8s.io/v1:StorageClass", { provisioner: "efs.csi.aws.com" })]), []);
    });

    it("treats SSE-S3 and the aws/s3 key as advisory on the bucket's encryption configuration", async () => {
        const sse = (rule: Record<string, unknown>) =>
            r("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: rule }] });
        assert.deepStrictEqual(details(await violationsOf("encryption-customer-managed-key", [sse({ sseAlgorithm: "AES256" }), sse({ sseAlgorithm: "aws:kms" })])), [
            'rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is AES256 (SSE-S3); use "aws:kms" with a customer-managed kmsMasterKeyId.',
            "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is not set, so the AWS-managed aws/s3 key is used; set a customer-managed key.",
        ]);
        assert.deepStrictEqual(await violationsOf("encryption-customer-managed-key", [sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY })]), []);
    });

    it("expects SSE-S3 on S3 server access log targets, the only encryption S3 delivers access logs to", async () => {
        const sseS3 = (name: string) =>
            r(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                { bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                name,
            );
        const flagged = await violationsOf("encryption-customer-managed-key", [sseS3("platform-prod-data-access-logs"), sseS3("platform-prod-access-logs-copy")]);
        assert.deepStrictEqual(
            flagged.map((v) => v.urn),
            [urnOf("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "platform-prod-access-logs-copy")],
        );
    });
});

describe("policy s3-bucket-encryption (stack)", () => {
    const policy = "s3-bucket-encryption";
    const bucketUrn = urnOf("aws:s3/bucket:Bucket", "data");
    const bucket = r("aws:s3/bucket:Bucket", { bucket: "data-bucket" }, "data");
    const sse = (extra: Partial<TestResource>) => ({
        ...r(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } }] },
            "data-sse",
        ),
        ...extra,
    });

    it("flags a bucket without an encryption configuration", async () => {
        const violations = await violationsOf(policy, [bucket]);
        assert.deepStrictEqual(details(violations), ['S3 bucket "data" has no server-side encryption configuration; add a BucketServerSideEncryptionConfiguration with SSE-KMS.']);
        assert.strictEqual(violations[0].urn, bucketUrn);
    });

    it("matches the configuration by dependency (name unknown in preview) or by bucket name, in any order", async () => {
        assert.deepStrictEqual(await violationsOf(policy, [sse({ dependencies: [bucketUrn] }), bucket]), []);
        assert.deepStrictEqual(await violationsOf(policy, [bucket, sse({ inputs: { bucket: "data-bucket", rules: [] } })]), []);
        assert.strictEqual((await violationsOf(policy, [bucket, sse({ inputs: { bucket: "other-bucket", rules: [] } })])).length, 1);
    });
});

describe("policy kms-key-rotation", () => {
    it("requires rotation on symmetric keys only", async () => {
        const violations = await violationsOf("kms-key-rotation", [
            r("aws:kms/key:Key", {}),
            r("aws:kms/key:Key", { keySpec: "RSA_2048" }, "asym"),
            r("aws:kms/key:Key", { enableKeyRotation: true }, "good"),
        ]);
        assert.deepStrictEqual(details(violations), ["enableKeyRotation is not true; set it to true so the key material rotates yearly."]);
    });
});
