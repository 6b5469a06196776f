import * as assert from "assert";
import type { Report } from "../../offline/report";
import { BREAKAGES } from "../support/breakages";
import { runModule } from "../support/commands";

/** The shipped prod stack, each protection removed in turn after config validation: the pack must catch it. */
describe("deliberate breakage of the prod program's resources", () => {
    for (const [name, breakage] of Object.entries(BREAKAGES)) {
        it(`${breakage.description}: ${breakage.policy} fires as mandatory and the preview exits 1`, async () => {
            const result = await runModule("test/support/preview-with-breakage", ["prod", name]);
            assert.strictEqual(result.code, 1, result.stderr);
            const report = JSON.parse(result.stdout) as Report;
            const fired = report.violations.filter((v) => v.policy === breakage.policy && v.enforcementLevel === "mandatory");
            assert.ok(fired.length > 0, `expected ${breakage.policy}; got ${report.violations.map((v) => v.policy).join(", ")}`);
        });
    }
});
