import * as assert from "assert";
import { urnOf, violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);

describe("policy iam-managed-policy-arn (mandatory)", () => {
    const attach = (policyArn: string) => ({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "backup-s3", inputs: { role: "backup", policyArn } });

    it("fails an AWS Backup S3 policy under service-role/ (finding 2), naming the ARN it lives at", async () => {
        const wrong = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup";
        assert.deepStrictEqual(details(await violationsOf("iam-managed-policy-arn", [attach(wrong)])), [
            `aws:iam/rolePolicyAttachment:RolePolicyAttachment "backup-s3" attaches ${wrong}, which does not exist: AWSBackupServiceRolePolicyForS3Backup lives at arn:<partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup. Use that ARN.`,
        ]);
    });

    it("passes the ARNs AWS publishes, in any partition", async () => {
        const arns = [
            "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
            "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
            "arn:aws-us-gov:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        ];
        assert.deepStrictEqual(await violationsOf("iam-managed-policy-arn", arns.map(attach)), []);
    });
});

describe("policy kms-key-policy-principals-exist (stack, mandatory)", () => {
    const slrArn = "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    const slr = { type: "aws:iam/serviceLinkedRole:ServiceLinkedRole", name: "autoscaling", inputs: { awsServiceName: "autoscaling.amazonaws.com" } };
    const key = (dependencies: string[]) => ({
        type: "aws:kms/key:Key",
        name: "storage",
        inputs: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: slrArn }, Action: "kms:Decrypt", Resource: "*" }] }) },
        dependencies,
    });

    it("fails a key naming the Auto Scaling service-linked role when the stack does not create it (finding 6)", async () => {
        assert.deepStrictEqual(details(await violationsOf("kms-key-policy-principals-exist", [key([])])), [
            `KMS key "storage" names the service-linked role ${slrArn} in its policy, and the stack has no aws.iam.ServiceLinkedRole for autoscaling.amazonaws.com: in an account without that role KMS refuses the policy. Create (or import) the role in the stack and make the key depend on it.`,
        ]);
        assert.match(details(await violationsOf("kms-key-policy-principals-exist", [slr, key([])]))[0], /but is not created after aws\.iam\.ServiceLinkedRole "autoscaling"/);
    });

    it("passes a key created after the role", async () => {
        assert.deepStrictEqual(await violationsOf("kms-key-policy-principals-exist", [slr, key([urnOf(slr.type, "autoscaling")])]), []);
    });
});
