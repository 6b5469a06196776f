import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../offline/paths";

/**
 * The build fails closed: a copy of the project (its build included, so it starts fresh) gets a
 * compile error in the policy pack, and the next offline run must stop at the compiler.
 */

const SKIPPED = new Set(["node_modules", ".git", ".build.lock"]);

function copyOfProject(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "platform-build-"));
    fs.cpSync(PROJECT_DIR, copy, { recursive: true, filter: (source) => !SKIPPED.has(path.basename(source)) });
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(copy, "node_modules"), "dir");
    return copy;
}

/** An npm script of the copy as npm runs it (a shell, this Node first on the PATH), without npm's banner. */
function npmScript(project: string, name: string, args: string[]) {
    const script = (JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts[name];
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
    return spawnSync("sh", ["-c", `${script} "$@"`, name, ...args], { cwd: project, env, encoding: "utf8" });
}

const filesOf = (dir: string) => Object.fromEntries((fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));

describe("tools/build.js", () => {
    let project: string;
    before(() => {
        project = copyOfProject();
    });
    after(() => fs.rmSync(project, { recursive: true, force: true }));

    it("sees a changed JSON table in both projects, and a new source, by content rather than by time", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const build = require(path.join(project, "tools/build.js")) as { PROJECTS: unknown[]; isFresh(p: unknown): boolean };
        const freshness = () => build.PROJECTS.map((p) => build.isFresh(p));
        assert.deepStrictEqual(freshness(), [true, true]);
        const prices = path.join(project, "policies/lib/prices.json");
        const original = fs.readFileSync(prices);
        const { mtime } = fs.statSync(prices);
        fs.writeFileSync(
            prices,
            original.toString().replace(/\d\.\d/, (n) => String(Number(n) + 1)),
        );
        fs.utimesSync(prices, mtime, mtime);
        assert.deepStrictEqual(freshness(), [false, false], "the program's cost estimate and the pack both read prices.json");
        fs.writeFileSync(prices, original);
        const scratch = path.join(project, "components/scratch.ts");
        fs.writeFileSync(scratch, "export const scratch = 1;\n");
        assert.deepStrictEqual(freshness(), [false, true]);
        fs.rmSync(scratch);
        assert.deepStrictEqual(freshness(), [true, true]);
        const emitted = path.join(project, "policies/bin/lib/workloads.js");
        const content = fs.readFileSync(emitted);
        fs.rmSync(emitted);
        assert.deepStrictEqual(freshness(), [true, false], "output that went missing is rebuilt, never run");
        fs.writeFileSync(emitted, content);
    });

    it("stops the next offline run at the compiler when the pack's source breaks, and never runs the stale pack", () => {
        const fixture = path.join(project, "test/fixtures/exports/deployment-latest.json");
        const packSource = path.join(project, "policies/index.ts");
        const original = fs.readFileSync(packSource, "utf8");
        const packBefore = filesOf(path.join(project, "policies/bin"));

        fs.writeFileSync(packSource, `${original}\nexport const digestLength: number = "sixty-four";\n`);
        const broken = npmScript(project, "check", [fixture, "--json"]);
        assert.strictEqual(broken.status, 3, broken.stderr);
        assert.match(broken.stderr, /policies\/index\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\./);
        assert.strictEqual(broken.stdout, "", "no report, so --json output is never corrupted");
        assert.deepStrictEqual(filesOf(path.join(project, "policies/bin")), packBefore, "the last good pack is left as it was");
        assert.ok(!fs.existsSync(path.join(project, "policies/bin.tmp")), "no partial output is left behind");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const build = require(path.join(project, "tools/build.js")) as { PROJECTS: { outDir: string }[]; isFresh(p: unknown): boolean };
        assert.deepStrictEqual(
            build.PROJECTS.map((p) => [p.outDir, build.isFresh(p)]),
            [
                ["build", true],
                ["policies/bin", false],
            ],
            "the pack stays stale, so no command runs it; the program, which does not compile the pack's entry, is untouched",
        );

        fs.writeFileSync(packSource, original);
        const repaired = npmScript(project, "check", [fixture, "--json"]);
        assert.strictEqual(repaired.status, 5, repaired.stderr);
        assert.strictEqual((JSON.parse(repaired.stdout) as { summary: { mandatory: number } }).summary.mandatory, 1);
    });
});
