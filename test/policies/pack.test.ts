import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policies/all";
import { parsePolicyConfigFile } from "../../offline/policy-config";
import { PROJECT_DIR } from "../support/commands";
import { evaluate } from "../support/policy-harness";

describe("the policy pack", () => {
    it("gives every policy a unique name, a description, a level and remediation steps", () => {
        const names = allPolicies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const policy of allPolicies) {
            assert.ok(policy.description.length > 20, `${policy.name}: description`);
            assert.ok(policy.enforcementLevel, `${policy.name}: enforcementLevel`);
            assert.ok((policy.remediationSteps ?? "").length > 20, `${policy.name}: remediationSteps`);
        }
    });

    it("has a config file per stack that names only its policies with valid settings", async () => {
        for (const stack of ["dev", "prod", "prod-dr"]) {
            const file = path.join(PROJECT_DIR, "policies/config", `${stack}.json`);
            // evaluate() reconciles the config against the pack's schemas exactly as the commands do.
            assert.deepStrictEqual(await evaluate([], { config: parsePolicyConfigFile(file), stack }), []);
        }
        assert.deepStrictEqual(
            fs.readFileSync(path.join(PROJECT_DIR, "policies/config/prod.json"), "utf8"),
            fs.readFileSync(path.join(PROJECT_DIR, "policies/config/prod-dr.json"), "utf8"),
            "prod-dr enforces what prod does",
        );
    });
});
