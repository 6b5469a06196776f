import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/commands";
import { allPolicies } from "../../policies/all";

/** The rows of docs/aws-constraints.md's table: constraint and "Enforced by" cell. */
function constraintRows(): { constraint: string; enforcedBy: string }[] {
    const text = fs.readFileSync(path.join(PROJECT_DIR, "docs/aws-constraints.md"), "utf8");
    return text
        .split("\n")
        .filter((line) => line.startsWith("| ") && !line.startsWith("| Constraint") && !line.startsWith("| ---"))
        .map((line) => {
            const cells = line.split(" | ");
            return { constraint: cells[0].slice(2, 80), enforcedBy: cells[cells.length - 1] };
        });
}

describe("docs/aws-constraints.md", () => {
    it("names, in every row, a policy of the pack or a test file that exists, and nothing that does not", () => {
        const policies = new Set(allPolicies.map((p) => p.name));
        const rows = constraintRows();
        assert.ok(rows.length >= 20, `the table has ${rows.length} rows`);
        for (const { constraint, enforcedBy } of rows) {
            const references = [...enforcedBy.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
            const known = references.filter((ref) => (ref.includes("/") ? fs.existsSync(path.join(PROJECT_DIR, ref)) : policies.has(ref)));
            assert.deepStrictEqual(
                references.filter((ref) => !known.includes(ref)),
                [],
                `"${constraint}…" names what does not exist`,
            );
            assert.ok(
                known.some((ref) => policies.has(ref) || ref.startsWith("test/")),
                `"${constraint}…" names no enforcing policy or test`,
            );
        }
    });
});
