import * as assert from "assert";
import type { Report } from "../../offline/report";
import { BREAKAGES } from "../support/breakages";
import { runModule } from "../support/commands";

/**
 * The shipped prod stack with every protection below removed at once, after config validation: the
 * pack must catch each one on the resources it was removed from, and report nothing else. The shipped
 * prod preview has no violation (test/offline/preview.test.ts), so each violation is the work of the
 * breakage aimed at that policy and resource; one program run instead of one per breakage.
 */
/** `urn:pulumi:prod::platform::<parent types>$<type>::<name>` names `<type>::<name>` */
const isTarget = (urn: string, target: string) => urn.endsWith(`$${target}`) || urn.endsWith(`::${target}`);

describe("deliberate breakage of the prod program's resources", () => {
    let report: Promise<Report>;
    before(() => {
        report = runModule("test/support/preview-with-breakage", ["--stack", "prod", Object.keys(BREAKAGES).join(",")]).then((result) => {
            assert.strictEqual(result.code, 5, `the preview must exit 5 (policy failure) on mandatory violations:\n${result.stderr}`);
            return JSON.parse(result.stdout) as Report;
        });
    });

    for (const breakage of Object.values(BREAKAGES)) {
        it(`${breakage.description}: ${breakage.policy} fires as mandatory on ${breakage.targets.join(", ")}`, async () => {
            const fired = (await report).violations.filter((v) => v.policy === breakage.policy && v.enforcementLevel === "mandatory");
            for (const target of breakage.targets) {
                const onTarget = fired.filter((v) => isTarget(v.urn!, target));
                assert.ok(onTarget.length > 0, `expected ${breakage.policy} on ${target}; it fired on ${fired.map((v) => v.urn).join(", ") || "nothing"}`);
                if (breakage.message) {
                    assert.ok(
                        onTarget.some((v) => breakage.message!.test(v.message)),
                        `${breakage.policy} on ${target} must say ${breakage.message}; it said:\n${onTarget.map((v) => v.message).join("\n")}`,
                    );
                }
            }
        });
    }

    it("reports nothing beyond the protections it removed", async () => {
        const expected = (policy: string, urn: string) => Object.values(BREAKAGES).some((b) => b.policy === policy && b.targets.some((target) => isTarget(urn, target)));
        assert.deepStrictEqual(
            (await report).violations.filter((v) => !expected(v.policy, v.urn ?? "")),
            [],
        );
    });
});
