import * as assert from "assert";
import { checkDisasterRecovery, cronIntervalHours, findDrift } from "../../offline/dr-checks";
import type { Report } from "../../offline/report";
import { previewJson } from "../support/commands";

const OBJECTIVES = { rpoHours: 2, rtoMinutes: 60, standbyRegion: "us-west-2" };

/** The shipped previews, deep-copied so each test can break one guarantee. */
async function previews(): Promise<{ primary: Report; standby: Report }> {
    const copy = (r: Report) => JSON.parse(JSON.stringify(r)) as Report;
    return { primary: copy((await previewJson("prod")).report), standby: copy((await previewJson("prod-dr")).report) };
}

function failed(primary: Report, standby: Report): { check: string; detail: string }[] {
    return checkDisasterRecovery(primary, standby, OBJECTIVES)
        .filter((f) => !f.ok)
        .map(({ check, detail }) => ({ check, detail }));
}

describe("disaster-recovery checks", () => {
    it("hold for the shipped prod and prod-dr", async () => {
        const { primary, standby } = await previews();
        assert.deepStrictEqual(failed(primary, standby), []);
    });

    it("catch backups that do not replicate to the bucket the standby reads", async () => {
        const { primary, standby } = await previews();
        const velero = standby.resources.find((r) => r.inputs.chart === "velero")!;
        velero.inputs.values.configuration.backupStorageLocation[0].bucket = "some-other-bucket";
        assert.deepStrictEqual(
            failed(primary, standby).map((f) => f.check),
            ["backups replicate to the bucket the standby restores from"],
        );
        const noReplication = await previews();
        noReplication.primary.resources = noReplication.primary.resources.filter((r) => r.type !== "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        assert.match(failed(noReplication.primary, noReplication.standby)[0].detail, /^Velero bucket platform-prod-recovery-backups-\S+ of prod has no replication$/);
    });

    it("catch a data bucket that does not replicate, or whose replica the standby's service does not use", async () => {
        const { primary, standby } = await previews();
        const models = primary.resources.find((r) => r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig" && r.name.endsWith("neuroweaver-models-replication"))!;
        primary.resources = primary.resources.filter((r) => r !== models);
        assert.deepStrictEqual(failed(primary, standby), [
            {
                check: "every service data bucket replicates to the bucket the standby's service uses",
                detail: `neuroweaver/MODELS_BUCKET (${models.inputs.bucket}) has no replication`,
            },
        ]);

        const again = await previews();
        const automatrix = again.standby.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata.name === "automatrix")!;
        const variable = automatrix.inputs.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === "WORKFLOW_ARTIFACTS_BUCKET");
        variable.value = "some-us-east-1-bucket";
        assert.match(
            failed(again.primary, again.standby)[0].detail,
            /^automatrix\/WORKFLOW_ARTIFACTS_BUCKET replicates to platform-prod-recovery-\S+, but prod-dr uses some-us-east-1-bucket$/,
        );
    });

    it("catch what exists but cannot work: an unlocked backup replica, a health check nothing serves, alerts nobody gets", async () => {
        const { primary, standby } = await previews();
        primary.resources = primary.resources.filter(
            (r) => !(r.type === "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration" && r.name === "platform-prod-recovery-backups-replica"),
        );
        standby.resources = standby.resources.filter((r) => r.name !== "automatrix-health" && r.type !== "aws:sns/topicSubscription:TopicSubscription");
        const findings = failed(primary, standby);
        assert.deepStrictEqual(
            findings.map((f) => f.check),
            [
                "replication can replicate locked backups: Object Lock on the replicas, retention reads for the role",
                "the failover health checks probe a host and path the load balancer serves without a login",
                "alerts reach someone: every alerts topic has a subscription",
            ],
        );
        assert.match(findings[0].detail, /^platform-prod-recovery-backups-\S+ is locked, its replica platform-prod-recovery-backups-repli-\S+ is not$/);
        assert.strictEqual(findings[1].detail, "prod-dr: nothing serves https://automatrix.usw2.auterity.example.com/healthz/ready unauthenticated");
        assert.strictEqual(findings[2].detail, "no subscription: prod-dr/platform-prod-dr-observability-alerts");
    });

    it("catch a secret without a replica in the DR region, naming it", async () => {
        const { primary, standby } = await previews();
        const secret = primary.resources.find((r) => r.type === "aws:secretsmanager/secret:Secret" && r.inputs.name === "platform-prod/relaycore/database")!;
        secret.inputs.replicas = [];
        assert.deepStrictEqual(failed(primary, standby), [{ check: "every platform secret has a replica in us-west-2", detail: "no replica: platform-prod/relaycore/database" }]);
    });

    it("catch an image that does not replicate, or that the standby pulls from the primary's region", async () => {
        const { primary, standby } = await previews();
        const replication = primary.resources.find((r) => r.type === "aws:ecr/replicationConfiguration:ReplicationConfiguration")!;
        replication.inputs.replicationConfiguration.rules[0].repositoryFilters = replication.inputs.replicationConfiguration.rules[0].repositoryFilters.filter(
            (f: { filter: string }) => f.filter !== "neuroweaver",
        );
        const deployment = standby.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === "automatrix")!;
        const container = deployment.inputs.spec.template.spec.containers[0];
        container.image = container.image.replace("us-west-2", "us-east-1");
        assert.deepStrictEqual(failed(primary, standby), [
            {
                check: "every service image replicates to us-west-2 and the standby pulls it there",
                detail: "not replicated: neuroweaver; pulled from another region: 111122223333.dkr.ecr.us-east-1.amazonaws.com/automatrix",
            },
        ]);
    });

    it("catch schedules that cannot meet the RPO", async () => {
        const { primary, standby } = await previews();
        const velero = primary.resources.find((r) => r.inputs.chart === "velero")!;
        velero.inputs.values.schedules["services-hourly"].schedule = "0 */4 * * *";
        assert.deepStrictEqual(failed(primary, standby), [
            { check: "backups meet the RPO of 2h", detail: "services-hourly runs every 4h, replication adds up to 15 min: 4.25h at worst" },
        ]);
    });

    it("catch drift: a service, an image digest or a chart version present in one stack and not the other", async () => {
        const { primary, standby } = await previews();
        const deployment = standby.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === "relaycore")!;
        deployment.inputs.spec.template.spec.containers[0].image = deployment.inputs.spec.template.spec.containers[0].image.replace(
            /@sha256:[0-9a-f]+/,
            `@sha256:${"0".repeat(64)}`,
        );
        const loki = primary.resources.find((r) => r.inputs.chart === "loki")!;
        loki.inputs.version = "18.12.0";
        standby.resources = standby.resources.filter((r) => !(r.type === "kubernetes:apps/v1:Deployment" && r.name === "neuroweaver"));
        assert.deepStrictEqual(findDrift(primary, standby).sort(), [
            "chart loki (telemetry): prod has 18.12.0, prod-dr has 18.11.0",
            "service neuroweaver is in prod but not in prod-dr",
            `service relaycore: prod has sha256:${"9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"}, prod-dr has sha256:${"0".repeat(64)}`,
        ]);
    });

    it("reads the longest gap between runs of the schedules' cron expressions, weekdays and ranges included (cron-parser)", () => {
        assert.deepStrictEqual(["0 * * * *", "*/15 * * * *", "0 */6 * * *", "30 2 * * *", "0 2,14 * * *", "0 3 * * 0", "0 0 1 * *", "not cron"].map(cronIntervalHours), [
            1,
            0.25,
            6,
            24,
            12,
            168,
            undefined,
            undefined,
        ]);
        // Every two hours on weekdays: the RPO is bounded by the weekend, Friday 22:00 to Monday 00:00.
        assert.strictEqual(cronIntervalHours("0 */2 * * 1-5"), 50);
        assert.strictEqual(cronIntervalHours("15 8-18 * * MON-FRI"), 62);
    });
});
