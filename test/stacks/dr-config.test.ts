import * as assert from "assert";
import { problemsOf } from "../support/config";

describe("disaster-recovery configuration errors", () => {
    it("a schedule that is not a cron expression", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:dr"].schedules[0].cron = "hourly")),
            ['dr.schedules[0].cron: "hourly" is not a cron expression (it has 1 field); expected five fields, e.g. "0 * * * *"'],
        );
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:dr"].schedules[0].cron = "61 * * * *")),
            ['dr.schedules[0].cron: "61 * * * *" is not a cron expression (Constraint error, got value 61 expected range 0-59); expected five fields, e.g. "0 * * * *"'],
        );
    });

    it("a standby without the primary's region", () => {
        assert.deepStrictEqual(
            problemsOf("prod-dr", (v) => delete v["platform:dr"].peerRegion),
            ["dr.peerRegion: is required for a standby stack; expected the primary's region"],
        );
    });

    it("an AWS Backup retention the vault lock would refuse", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:dr"].awsBackup.retentionDays = 3)),
            ["dr.awsBackup.retentionDays: 3 is below the vault lock's minRetentionDays (7); the plan could not store its recovery points"],
        );
    });

    it("a failover zone that is not a hosted zone ID", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:dr"].failover.hostedZoneId = "auterity.example.com")),
            ['dr.failover.hostedZoneId: "auterity.example.com" is not a Route 53 hosted zone ID'],
        );
    });
});
