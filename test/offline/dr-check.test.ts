import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CommandResult, PROJECT_DIR, runModule, startLimited } from "../support/commands";
import { tempDir } from "../support/temp";

const drCheck = (args: string[]) => runModule("offline/dr-check", args);

function driftedStandby(): string {
    const base = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod-dr.yaml"), "utf8");
    const file = path.join(tempDir(), "Pulumi.prod-dr.yaml");
    fs.writeFileSync(file, base.replace(/relaycore:1\.9\.0@sha256:[0-9a-f]{64}/, `relaycore:1.9.1@sha256:${"1".repeat(64)}`));
    return file;
}

describe("npm run dr:check", () => {
    let shipped: Promise<CommandResult>;
    let drifted: Promise<CommandResult>;
    before(() => {
        [shipped, drifted] = startLimited([() => drCheck(["--stack", "prod-dr"]), () => drCheck(["--stack", "prod-dr", "--config-file", driftedStandby(), "--json"])]);
    });

    it("passes for the shipped stacks and states the RPO and RTO", async () => {
        const result = await shipped;
        assert.strictEqual(result.code, 0, result.stderr);
        assert.match(result.stdout, /^Disaster-recovery check of "prod-dr" \(standby in us-west-2\) against "prod"/);
        assert.match(result.stdout, /\nRPO 2h: services-hourly runs every 1h, replication adds up to 15 min: 1\.25h at worst/);
        assert.match(result.stdout, /\nRTO 60 min: DNS failover takes about 3 min/);
        assert.match(result.stdout, /All guarantees the runbook relies on hold\.\n$/);
    });

    it("fails with the list of what is missing when the standby drifts", async () => {
        const result = await drifted;
        assert.strictEqual(result.code, 5, result.stderr);
        const report = JSON.parse(result.stdout);
        assert.strictEqual(report.ok, false);
        assert.deepStrictEqual(
            report.findings.filter((f: { ok: boolean }) => !f.ok).map((f: { check: string; detail: string }) => f.check),
            ["prod-dr runs what prod runs (services, image digests, chart versions)"],
        );
        assert.match(report.findings.find((f: { ok: boolean }) => !f.ok).detail, /^service relaycore: prod has sha256:9b8a7c6d.*, prod-dr has sha256:1{64}$/);
    });

    it("refuses a stack that is not a standby", async () => {
        const result = await drCheck(["--stack", "prod"]);
        assert.strictEqual(result.code, 2);
        assert.match(result.stderr, /^error: stack "prod" is not a standby \(platform:dr\.role is "primary"\); run dr:check on the DR stack\n$/);
    });
});
