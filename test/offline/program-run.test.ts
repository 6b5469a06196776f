import * as assert from "assert";
import { runModule } from "../support/commands";

/** Fixture programs under test/fixtures/programs, run through the offline program runner. */
async function runFixture(name: string): Promise<{ ok: boolean; error?: string; resources?: number }> {
    const result = await runModule("test/fixtures/programs/run-fixture", [name]);
    return JSON.parse(result.stdout);
}

describe("offline program runner", () => {
    it("fails loudly, not by hanging, on a multi-language component the mock table lacks", async () => {
        const run = await runFixture("unmocked-component");
        assert.strictEqual(run.ok, false);
        assert.match(run.error!, /no offline mock for multi-language component "awsx:lb:ApplicationLoadBalancer" \(edge\); add its outputs to offline\/mocks\.ts/);
    });

    it("fails loudly on an invoke the mock table lacks", async () => {
        const run = await runFixture("unmocked-invoke");
        assert.deepStrictEqual(run, { ok: false, error: 'no offline mock for invoke "aws:ec2/getAmi:getAmi"; add it to offline/mocks.ts' });
    });
});
