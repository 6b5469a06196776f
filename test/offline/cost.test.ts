import * as assert from "assert";
import { runModule } from "../support/commands";
import { costJsonRun } from "../support/samples";

describe("npm run cost", () => {
    it("prints the prod breakdown per component and per service, the spot saving and what is not priced", async () => {
        const result = await runModule("offline/cost", ["--stack", "prod"]);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.match(result.stdout, /^Monthly cost estimate of stack "prod" \(us-east-1\), from its offline preview; prices of 2025-06-30\.\n/);
        assert.match(result.stdout, /\nSecureCluster platform-prod +\$[\d,.]+ - \$[\d,.]+\n/);
        assert.match(result.stdout, /\n {4}spot nodes m7i\.large +\$57\.23 - \$400\.62 +2-14 × 0\.0392\/h\n/);
        assert.match(result.stdout, /\nTotal: \$[\d,.]+ - \$[\d,.]+ per month \(node pools at minimum - maximum size\)\.\n/);
        assert.match(result.stdout, /\nThe spot pool saves \$89\.94 - \$629\.55 per month against the same nodes on demand\.\n/);
        assert.match(result.stdout, /\n {4}relaycore +nodes \$[\d,.]+ - \$[\d,.]+ +own \$0\.00\n/);
        assert.match(
            result.stdout,
            /\nNot priced \(3 resources, not included above\):\n {4}aws:codebuild\/project:Project .*: the estimator does not price this type\n {4}aws:backup\/restoreTestingPlan:RestoreTestingPlan .*: the estimator does not price this type\n/,
        );
        assert.match(result.stdout, /\nNot modelled \(not included above, for any stack\):\n {4}data transfer: .*\n {4}public IPv4 addresses/);
    });

    it("prints one JSON estimate with --json", async () => {
        const result = await costJsonRun("dev");
        assert.strictEqual(result.code, 0, result.stderr);
        const estimate = JSON.parse(result.stdout);
        assert.deepStrictEqual(Object.keys(estimate), [
            "region",
            "date",
            "source",
            "lines",
            "notPriced",
            "notModelled",
            "totalMin",
            "totalMax",
            "spotSavingMin",
            "spotSavingMax",
            "byComponent",
            "byService",
            "assumptions",
        ]);
        assert.ok(estimate.totalMin > 300 && estimate.totalMin < estimate.totalMax);
    });
});
