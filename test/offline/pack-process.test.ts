import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EXIT } from "../../offline/errors";
import { spawnPolicyPack } from "../../offline/pack-process";
import { tempDir } from "../support/temp";

describe("a policy pack process", () => {
    it("that fails to start says which pack and what it printed, with the internal-error exit code, not a gRPC status", async () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken-pack", main: "index.js" }));
        fs.writeFileSync(path.join(dir, "index.js"), 'throw new Error("the pack cannot load its rules");\n');
        const pack = spawnPolicyPack(dir);
        const failure = await pack.port.then(
            (port) => assert.fail(`the broken pack served on port ${port}`),
            (err: Error & { exitCode?: number }) => err,
        );
        assert.strictEqual(failure.exitCode, EXIT.internal);
        assert.match(failure.message, new RegExp(`^the policy pack in ${dir} exited \\(code \\d+\\):\\n[^]*the pack cannot load its rules[^]*\\nbefore it served$`));
        assert.ok(!failure.message.includes("UNAVAILABLE"), failure.message);
    });
});
