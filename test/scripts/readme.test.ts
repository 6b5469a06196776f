import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../offline/paths";
import { generatedSections, README, withSections } from "../../scripts/readme";
import { sampleRuns } from "../support/samples";

describe("README.md", () => {
    it("shows what the commands print today: the command reference, the samples and the cost table (npm run docs:readme)", async () => {
        const readme = fs.readFileSync(README, "utf8");
        const current = withSections(readme, generatedSections(await sampleRuns()));
        assert.ok(readme === current, "README.md's generated parts are stale: run `npm run docs:readme` and commit the result");
    });

    it("documents every npm script", () => {
        const readme = fs.readFileSync(README, "utf8");
        const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
        for (const script of scripts.filter((s) => s !== "prepare")) {
            assert.ok(readme.includes(`npm run ${script}`) || (script === "test" && readme.includes("npm test")), `README.md does not mention npm run ${script}`);
        }
    });
});
