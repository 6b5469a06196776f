import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { childFailure } from "../../offline/children";
import { buildModule } from "../../offline/paths";
import type { Report } from "../../offline/report";
import { check, PROJECT_DIR, runModule } from "../support/commands";
import { workloadExport } from "../support/exports";
import { commandLineOf, descendantsOf, isRunning, waitFor } from "../support/processes";

/** What every offline command shares: help, flags, paths, output, exit codes, and no process left behind. */

const COMMANDS: Record<string, { module: string; usage: string; flags: string[] }> = {
    preview: {
        module: "offline/preview",
        usage: "npm run preview --",
        flags: ["--stack", "--config-file", "--policy-config", "--policy-pack-config", "--json", "--omit-inputs", "--output", "--progress"],
    },
    check: { module: "offline/check", usage: "npm run check -- <stack-export.json>", flags: ["--policy-config", "--jobs", "--json", "--omit-inputs", "--output", "--progress"] },
    cost: { module: "offline/cost", usage: "npm run cost --", flags: ["--stack", "--config-file", "--json", "--output"] },
    "dr:check": { module: "offline/dr-check", usage: "npm run dr:check --", flags: ["--stack", "--config-file", "--json", "--output"] },
    "render-manifests": { module: "scripts/render-manifests", usage: "npm run render-manifests --", flags: ["--stack", "--out"] },
    images: { module: "scripts/list-images", usage: "npm run images --", flags: ["--github-output"] },
    bench: { module: "scripts/bench", usage: "npm run bench --", flags: ["--reps", "--sizes", "--memory", "--jobs"] },
    "docs:policies": { module: "scripts/generate-policy-docs", usage: "npm run docs:policies --", flags: [] },
    "generate:taggable-types": { module: "scripts/generate-taggable-types", usage: "npm run generate:taggable-types --", flags: [] },
};

const fixture = (name: string) => path.join(PROJECT_DIR, "test/fixtures/exports", name);
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));

/** Starts a command as a user would, for tests that signal it. */
function start(module: string, args: string[]) {
    const child = spawn(process.execPath, [buildModule(module), ...args], { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, exited };
}

/** A check long enough to interrupt, once its pack processes are up. */
async function runningCheck(): Promise<{ run: ReturnType<typeof start>; started: number[] }> {
    const file = path.join(tempDir(), "export.json");
    fs.writeFileSync(file, JSON.stringify(workloadExport(4000)));
    const run = start("offline/check", [file, "--jobs", "2"]);
    const packs = () => descendantsOf(run.child.pid!).filter((pid) => commandLineOf(pid).includes("run-policy-pack"));
    assert.ok(await waitFor(() => packs().length === 2, 20_000), "the check started its two pack processes");
    return { run, started: descendantsOf(run.child.pid!) };
}

describe("every offline command", () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
        it(`${name}: --help prints the usage with every flag and exits 0; a misspelt flag is one line with the flag meant, exit 2`, async () => {
            const help = await runModule(command.module, ["--help"]);
            assert.strictEqual(help.code, 0, help.stderr);
            assert.ok(help.stdout.includes(`Usage: ${command.usage} [options]`), help.stdout);
            for (const flag of [...command.flags, "--help"]) {
                assert.ok(help.stdout.includes(flag), `${name} --help lists ${flag}`);
            }
            assert.ok(
                help.stdout.split("\n").every((line) => line.length <= 120),
                "fits 120 columns",
            );
            const typo = await runModule(command.module, ["--hepl"]);
            assert.strictEqual(typo.code, 2);
            const usageHint = `(${command.usage.split(" <")[0]} --help for usage)`;
            assert.ok(typo.stderr.startsWith("error: unknown option --hepl; did you mean ") && typo.stderr.endsWith(`? ${usageHint}\n`), typo.stderr);
            assert.ok(typo.stderr.includes("--help") && typo.stderr.split("\n").length === 2, typo.stderr);
        });
    }

    it("refuses a flag given twice and an empty path, and takes the Pulumi CLI's -s and --policy-pack-config", async () => {
        const twice = await runModule("offline/preview", ["--stack", "dev", "-s", "prod"]);
        assert.deepStrictEqual([twice.code, twice.stderr], [2, "error: --stack given 2 times; give it once (npm run preview -- --help for usage)\n"]);
        const empty = await check([fixture("deployment-latest.json"), "--policy-config", ""]);
        assert.deepStrictEqual([empty.code, empty.stderr], [2, "error: --policy-config is empty; give <file> (npm run check -- --help for usage)\n"]);
        const config = path.join(tempDir(), "disabled.json");
        fs.writeFileSync(config, JSON.stringify({ "image-no-latest-or-untagged": "disabled" }));
        const alias = await check([fixture("deployment-latest.json"), "--policy-pack-config", config]);
        assert.strictEqual(alias.code, 0, alias.stderr);
    });

    it("resolves relative paths from where the user ran npm (INIT_CWD), and names the file it cannot use", async () => {
        const fromFixtures = await runModule("offline/check", ["exports/deployment-pinned.json", "--json"], { INIT_CWD: path.join(PROJECT_DIR, "test/fixtures") });
        assert.strictEqual(fromFixtures.code, 0, fromFixtures.stderr);
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "Pulumi.try.yaml"), "config:\n  aws:region: !secur us-east-1\n");
        const badFile = await runModule("offline/preview", ["-s", "prod", "--config-file", "Pulumi.try.yaml"], { INIT_CWD: dir });
        assert.strictEqual(badFile.code, 2);
        assert.match(badFile.stderr, new RegExp(`^error: ${path.join(dir, "Pulumi.try.yaml").replace(/[.]/g, "\\.")} is not valid YAML: .*!secur.*\\n$`));
        const missing = await runModule("offline/preview", ["-s", "prod", "--config-file", "nothing.yaml"], { INIT_CWD: dir });
        assert.deepStrictEqual([missing.code, missing.stderr], [2, `error: config file ${path.join(dir, "nothing.yaml")} does not exist\n`]);
    });

    it("writes the report to --output (npm's own lines stay out of it) and can leave inputs out of --json", async () => {
        const file = path.join(tempDir(), "report.json");
        const written = await check([fixture("deployment-latest.json"), "--json", "--omit-inputs", "--output", file]);
        assert.deepStrictEqual([written.code, written.stdout], [5, ""]);
        const report = JSON.parse(fs.readFileSync(file, "utf8")) as Report;
        assert.strictEqual(report.summary.mandatory, 1);
        assert.ok(report.resources.every((r) => !("inputs" in r)));
    });

    it("fails, with one line, when standard output cannot be written (> /dev/full)", async () => {
        const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const out = fs.openSync("/dev/full", "w");
            const child = spawn(process.execPath, [buildModule("offline/check"), fixture("deployment-latest.json")], { cwd: PROJECT_DIR, stdio: ["ignore", out, "pipe"] });
            let stderr = "";
            child.stderr!.on("data", (chunk) => (stderr += chunk));
            child.on("exit", (code) => resolve({ code, stderr }));
        });
        assert.deepStrictEqual(result, { code: 255, stderr: "error: could not write to standard output: ENOSPC\n" });
    });

    it("says what it is doing on stderr when asked with --progress, and nothing otherwise", async () => {
        const quiet = await check([fixture("deployment-pinned.json")]);
        assert.strictEqual(quiet.stderr, "");
        const told = await check([fixture("deployment-pinned.json"), "--progress", "--jobs", "1"]);
        assert.match(told.stderr, /^Starting 1 policy pack process and reading .*deployment-pinned\.json\.\.\.\nAnalyzing 7 resources\.\.\.\n$/);
    });

    it("stops its pack processes and exits 8 when interrupted (SIGINT, SIGTERM)", async () => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) {
            const { run, started } = await runningCheck();
            run.child.kill(signal);
            const exit = await run.exited;
            assert.deepStrictEqual([exit.code, exit.stderr], [8, `error: canceled (${signal})\n`]);
            assert.ok(await waitFor(() => !started.some(isRunning), 5000), `left running: ${started.filter(isRunning).map(commandLineOf).join("; ")}`);
        }
    });

    it("leaves nothing behind when killed outright (SIGKILL): its pack processes see their parent go", async () => {
        const { run, started } = await runningCheck();
        run.child.kill("SIGKILL");
        await run.exited;
        assert.ok(await waitFor(() => !started.some(isRunning), 5000), `left running: ${started.filter(isRunning).map(commandLineOf).join("; ")}`);
    });

    it("says which pack died and what it printed, exit 255, when a pack process dies mid-run", async () => {
        const { run, started } = await runningCheck();
        const pack = started.find((pid) => commandLineOf(pid).includes("run-policy-pack"))!;
        process.kill(pack, "SIGKILL");
        const exit = await run.exited;
        assert.strictEqual(exit.code, 255, exit.stderr);
        assert.match(exit.stderr, /^error: the policy pack in .*policies exited \(SIGKILL\)/);
        assert.ok(!exit.stderr.includes("UNAVAILABLE"), exit.stderr);
        assert.ok(await waitFor(() => !started.some(isRunning), 5000));
    });

    it("passes a child run's failure on with its cause and the exit code that says what went wrong", () => {
        const run = (code: number, stderr: string) => ({ code, signal: null, stdout: "", stderr });
        const config = childFailure('the offline preview of "prod" failed', run(2, 'error: invalid configuration for stack "prod" (1 problem):\n  owner: is required\n'));
        assert.deepStrictEqual(
            [config.exitCode, config.message],
            [2, 'the offline preview of "prod" failed: invalid configuration for stack "prod" (1 problem):\n  owner: is required'],
        );
        const crash = childFailure('the offline preview of "prod" failed', run(255, "internal error: TypeError: x is undefined\n    at f (/a.ts:1:1)\n"));
        assert.deepStrictEqual([crash.exitCode, crash.message], [255, 'the offline preview of "prod" failed: TypeError: x is undefined\n    at f (/a.ts:1:1)']);
        assert.strictEqual(childFailure("x", { code: 1, signal: "SIGSEGV", stdout: "", stderr: "" }).exitCode, 255);
    });
});
