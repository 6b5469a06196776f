import * as assert from "assert";
import { TestResource, urnOf, violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const BUCKET = "aws:s3/bucketV2:BucketV2";

/** A replication of a locked source into `destination`, by a role allowed `actions`. */
function replication(destinationLocked: boolean, actions: string[]): TestResource[] {
    const source = { type: BUCKET, name: "backups", inputs: { objectLockEnabled: true } };
    const destination = { type: BUCKET, name: "backups-replica", inputs: { objectLockEnabled: destinationLocked } };
    const role = { type: "aws:iam/role:Role", name: "replication", inputs: { assumeRolePolicy: "{}" } };
    return [
        source,
        destination,
        role,
        {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "replication",
            inputs: { role: "replication", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }) },
            propertyDependencies: { role: [urnOf(role.type, "replication")] },
        },
        {
            type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            name: "backups-replication",
            inputs: { bucket: "backups", role: "arn", rules: [] },
            propertyDependencies: { bucket: [urnOf(BUCKET, "backups")], rules: [urnOf(BUCKET, "backups-replica")], role: [urnOf(role.type, "replication")] },
        },
    ];
}

describe("policy s3-replication-object-lock (stack, mandatory)", () => {
    it("fails replication of a locked bucket into an unlocked replica by a role that cannot read retention (finding 10)", async () => {
        assert.deepStrictEqual(details(await violationsOf("s3-replication-object-lock", replication(false, ["s3:GetObjectVersionForReplication", "s3:ReplicateObject"]))), [
            'Replication "backups-replication" copies Object Lock bucket "backups" into "backups-replica", which has no Object Lock: S3 refuses every locked object. Create "backups-replica" with objectLockEnabled: true.',
            'Replication "backups-replication" copies Object Lock bucket "backups", but its role "replication" may not s3:GetObjectRetention or s3:GetObjectLegalHold: S3 cannot replicate the locked objects. Allow them on the source\'s objects.',
        ]);
    });

    it("passes a locked replica and a role that reads retention and legal holds (wildcards count)", async () => {
        assert.deepStrictEqual(
            await violationsOf("s3-replication-object-lock", replication(true, ["s3:GetObjectVersionForReplication", "s3:GetObjectRetention", "s3:GetObjectLegal*"])),
            [],
        );
    });
});

describe("policy ecr-creation-template-role (mandatory)", () => {
    const template = (inputs: Record<string, unknown>) => ({
        type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
        name: "replicas",
        inputs: {
            prefix: "ROOT",
            appliedFors: ["REPLICATION"],
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:us-west-2:111122223333:key/1" }],
            ...inputs,
        },
    });

    it("fails a KMS template without the role ECR creates the repositories with (finding 14)", async () => {
        assert.deepStrictEqual(details(await violationsOf("ecr-creation-template-role", [template({})])), [
            'ECR repository creation template "replicas" encrypts with a KMS key without customRoleArn; ECR needs a role of yours to do that. Set customRoleArn.',
        ]);
    });

    it("passes with customRoleArn, and an AES256 template without one", async () => {
        const aes = template({ encryptionConfigurations: [{ encryptionType: "AES256" }] });
        assert.deepStrictEqual(await violationsOf("ecr-creation-template-role", [template({ customRoleArn: "arn:aws:iam::111122223333:role/ecr" }), aes]), []);
    });
});
