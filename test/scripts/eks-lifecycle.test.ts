import * as assert from "assert";
import { lifecycleReport } from "../../scripts/eks-lifecycle";
import { runModule } from "../support/commands";

describe("npm run eks:lifecycle", () => {
    it("reports each stack's support window on the date given: fine, a warning 90 days ahead, an error after", () => {
        assert.deepStrictEqual(lifecycleReport({ prod: "1.35" }, "2026-12-08"), {
            lines: ["prod: Kubernetes 1.35 is in EKS standard support until 2027-03-27 (109 days)"],
            failed: false,
        });
        assert.deepStrictEqual(lifecycleReport({ prod: "1.35" }, "2027-01-01"), {
            lines: ["warning: prod: Kubernetes 1.35 leaves EKS standard support on 2027-03-27, in 85 days; upgrade before then (docs/operations.md, Upgrade Kubernetes)"],
            failed: false,
        });
        assert.deepStrictEqual(lifecycleReport({ dev: "1.33", prod: "1.30" }, "2026-12-08"), {
            lines: [
                "error: dev: Kubernetes 1.33 left EKS standard support on 2026-07-29; upgrade now (docs/operations.md, Upgrade Kubernetes)",
                "error: prod: Kubernetes 1.30 is not in the EKS calendar (policies/lib/eks-versions.ts lists 1.32, 1.33, 1.34, 1.35)",
            ],
            failed: true,
        });
    });

    it("checks the shipped stacks on the injected date (exit 0) and fails them once 1.35 leaves standard support (exit 5)", async () => {
        const today = await runModule("scripts/eks-lifecycle", []);
        assert.deepStrictEqual([today.code, today.stdout.split("\n")[0]], [0, "EKS support on 2026-12-08:"]);
        const later = await runModule("scripts/eks-lifecycle", ["--date", "2027-04-01"]);
        assert.strictEqual(later.code, 5);
        assert.match(later.stdout, /^error: prod: Kubernetes 1\.35 left EKS standard support on 2027-03-27; upgrade now/m);
    });
});
