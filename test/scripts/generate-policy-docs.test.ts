import * as assert from "assert";
import * as fs from "fs";
import { POLICY_README, policyReference } from "../../scripts/generate-policy-docs";

describe("policy reference (policies/README.md)", () => {
    it("is current with the pack's metadata and the stack configs (run `npm run docs:policies`)", () => {
        assert.strictEqual(fs.readFileSync(POLICY_README, "utf8"), policyReference());
    });

    it("lists each stack's level as its config file sets it", () => {
        const row = policyReference()
            .split("\n")
            .find((line) => line.startsWith("| `image-pinned-by-digest` |"))!;
        assert.match(row, /^\| `image-pinned-by-digest` \| resource \| advisory \| mandatory \| mandatory \|/);
    });
});
