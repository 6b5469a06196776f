import * as assert from "assert";
import { previewJson } from "../../support/commands";
import { list, Plan, statementsOf } from "../../support/plan";

const plan = async (stack: string) => new Plan((await previewJson(stack)).report);

describe("DisasterRecovery (prod, the primary)", () => {
    it("backs up with Velero file-system backups on the configured schedules to a locked bucket", async () => {
        const prod = await plan("prod");
        const velero = prod.one("kubernetes:helm.sh/v3:Release", "recovery-velero-velero").inputs;
        assert.strictEqual(velero.version, "12.1.0");
        const values = velero.values;
        assert.deepStrictEqual(
            [values.snapshotsEnabled, values.deployNodeAgent, values.configuration.defaultVolumesToFsBackup, values.configuration.uploaderType],
            [false, true, true, "kopia"],
        );
        assert.strictEqual(values.configuration.backupStorageLocation[0].accessMode, "ReadWrite");
        assert.deepStrictEqual(values.schedules["services-hourly"], {
            schedule: "0 * * * *",
            useOwnerReferencesInBackup: false,
            template: { ttl: "72h0m0s", includedNamespaces: ["automatrix", "relaycore", "neuroweaver"], defaultVolumesToFsBackup: true, storageLocation: "default" },
        });
        assert.strictEqual(values.schedules["cluster-daily"].template.includedNamespaces, undefined);
        // The replica is locked alike: S3 replicates locked objects only into a bucket with Object Lock.
        for (const bucket of ["recovery-backups", "recovery-backups-replica"]) {
            const lock = prod.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", bucket).inputs;
            assert.deepStrictEqual(lock.rule.defaultRetention, { mode: "GOVERNANCE", days: 7 }, bucket);
        }
        const veleroRole = statementsOf(prod.one("aws:iam/rolePolicy:RolePolicy", "recovery-velero-velero").inputs.policy);
        assert.ok(
            veleroRole.every((s) => list(s.Action).every((a) => !a.endsWith("*"))),
            "no wildcard actions",
        );
    });

    it("replicates the backup bucket to the DR region, re-encrypted there, with Replication Time Control", async () => {
        const prod = await plan("prod");
        const replication = prod.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "recovery-backups-replication").inputs;
        const rule = replication.rules[0];
        assert.deepStrictEqual([rule.status, rule.deleteMarkerReplication.status, rule.sourceSelectionCriteria.sseKmsEncryptedObjects.status], ["Enabled", "Enabled", "Enabled"]);
        assert.match(rule.destination.bucket, /^arn:aws:s3:::platform-prod-recovery-backups-repli-\d+$/, "the bucket prefix is the component name cut to 36 characters");
        assert.match(rule.destination.encryptionConfiguration.replicaKmsKeyId, /^arn:aws:kms:us-west-2:/);
        assert.deepStrictEqual(rule.destination.replicationTime, { status: "Enabled", time: { minutes: 15 } });
        const role = statementsOf(prod.one("aws:iam/rolePolicy:RolePolicy", "backups-replication").inputs.policy);
        assert.deepStrictEqual(
            role.map((s) => s.Sid),
            ["ReadSourceConfiguration", "ReadSourceVersions", "WriteReplicas", "DecryptSource", "EncryptReplicas"],
        );
    });

    it("replicates the services' repositories and every secret into the DR region with keys created there", async () => {
        const prod = await plan("prod");
        const ecr = prod.one("aws:ecr/replicationConfiguration:ReplicationConfiguration").inputs.replicationConfiguration.rules[0];
        assert.deepStrictEqual(ecr.destinations[0].region, "us-west-2");
        assert.deepStrictEqual(ecr.repositoryFilters.map((f: { filter: string }) => f.filter).sort(), ["automatrix", "neuroweaver", "relaycore"]);
        for (const repo of prod.ofType("aws:ecr/repository:Repository")) {
            assert.deepStrictEqual([repo.inputs.imageTagMutability, repo.inputs.imageScanningConfiguration.scanOnPush], ["IMMUTABLE", true]);
        }
        for (const secret of prod.ofType("aws:secretsmanager/secret:Secret")) {
            assert.deepStrictEqual(
                secret.inputs.replicas.map((r: { region: string }) => r.region),
                ["us-west-2"],
            );
            assert.match(secret.inputs.replicas[0].kmsKeyId, /^arn:aws:kms:us-west-2:.*replica-secrets$/);
        }
    });

    it("runs AWS Backup with a vault lock, a copy to the DR region and a weekly restore test", async () => {
        const prod = await plan("prod");
        const rule = prod.one("aws:backup/plan:Plan").inputs.rules[0];
        assert.deepStrictEqual([rule.schedule, rule.lifecycle.deleteAfter], ["cron(0 5 * * ? *)", 35]);
        assert.match(rule.copyActions[0].destinationVaultArn, /^arn:aws:backup:us-west-2:/);
        assert.deepStrictEqual(prod.one("aws:backup/selection:Selection").inputs.selectionTags, [{ type: "STRINGEQUALS", key: "backup", value: "true" }]);
        const lock = prod.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration").inputs;
        assert.deepStrictEqual([lock.minRetentionDays, lock.maxRetentionDays, lock.changeableForDays], [7, 365, 3]);
        assert.strictEqual(prod.one("aws:backup/restoreTestingSelection:RestoreTestingSelection").inputs.protectedResourceType, "EBS");
        for (const vault of prod.ofType("aws:backup/vault:Vault")) {
            assert.ok(vault.inputs.kmsKeyArn && vault.protect, vault.name);
        }
    });

    it("fails over the public host with a health-checked PRIMARY record", async () => {
        const prod = await plan("prod");
        const record = prod.one("aws:route53/record:Record").inputs;
        assert.deepStrictEqual(
            [record.name, record.records, record.failoverRoutingPolicies, record.setIdentifier],
            ["automatrix.auterity.example.com", ["automatrix.use1.auterity.example.com"], [{ type: "PRIMARY" }], "primary-us-east-1"],
        );
        const check = prod.one("aws:route53/healthCheck:HealthCheck").inputs;
        assert.deepStrictEqual([check.type, check.fqdn, check.resourcePath], ["HTTPS", "automatrix.use1.auterity.example.com", "/healthz/ready"]);
    });
});

describe("prod-dr (the warm standby)", () => {
    it("resolves prod through its StackReference and points Velero read-only at prod's replicated bucket", async () => {
        const { report: prodReport } = await previewJson("prod");
        const dr = await plan("prod-dr");
        assert.strictEqual(dr.one("pulumi:pulumi:StackReference").name, "organization/platform/prod");
        const location = dr.one("kubernetes:helm.sh/v3:Release", "recovery-velero-velero").inputs.values.configuration.backupStorageLocation[0];
        assert.deepStrictEqual([location.bucket, location.accessMode], [prodReport.outputs!.disasterRecovery.backupReplicaBucket, "ReadOnly"]);
        assert.strictEqual(location.config.kmsKeyId, prodReport.outputs!.disasterRecovery.replicaStorageKeyArn);
        assert.deepStrictEqual(dr.one("kubernetes:helm.sh/v3:Release", "recovery-velero-velero").inputs.values.schedules, {}, "a standby takes no backups");
    });

    it("writes nothing of the primary's: no secrets, no replication, no repositories, no backup plan", async () => {
        const dr = await plan("prod-dr");
        for (const type of [
            "aws:secretsmanager/secret:Secret",
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "aws:ecr/repository:Repository",
            "aws:backup/plan:Plan",
        ]) {
            assert.deepStrictEqual(dr.ofType(type), [], type);
        }
        const eso = statementsOf(dr.one("aws:iam/rolePolicy:RolePolicy", "addons-external-secrets").inputs.policy);
        assert.strictEqual(eso[0].Resource, "arn:aws:secretsmanager:us-west-2:111122223333:secret:platform-prod/*", "reads the primary's replicas in its own region");
        assert.match(String(eso[1].Resource), /^arn:aws:kms:us-west-2:.*platform-prod-replica-secrets$/);
    });

    it("runs a smaller cluster with the services at minimal replicas, and the SECONDARY failover record", async () => {
        const [dr, prod] = [await plan("prod-dr"), await plan("prod")];
        const size = (p: Plan, pool: string) => p.one("aws:eks/nodeGroup:NodeGroup", `-${pool}`).inputs.scalingConfig;
        assert.ok(size(dr, "system").maxSize < size(prod, "system").maxSize && size(dr, "spot").maxSize < size(prod, "spot").maxSize);
        const minReplicas = (p: Plan) => Object.fromEntries(p.ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((h) => [h.name, h.inputs.spec.minReplicas]));
        assert.deepStrictEqual(minReplicas(dr), { automatrix: 2, relaycore: 2, neuroweaver: 1 });
        assert.deepStrictEqual(dr.one("aws:route53/record:Record").inputs.failoverRoutingPolicies, [{ type: "SECONDARY" }]);
    });
});
