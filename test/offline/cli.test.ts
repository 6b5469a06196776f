import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { childFailure } from "../../offline/children";
import { CommandSpec } from "../../offline/cli";
import { COMMANDS } from "../../offline/commands";
import { buildModule } from "../../offline/paths";
import type { Report } from "../../offline/report";
import { check, PROJECT_DIR, runModule, startLimited } from "../support/commands";
import { workloadExport } from "../support/exports";
import { commandLineOf, descendantsOf, isRunning, waitFor } from "../support/processes";
import { tempDir } from "../support/temp";

/** What every offline command shares: help, flags, paths, output, exit codes, and no process left behind. */

/** How to start each command mid-run, to interrupt it: with child processes to leave behind, where it has any. */
const LONG_RUNS: Record<string, string[]> = {
    preview: ["-s", "prod-dr"],
    cost: ["-s", "prod-dr"],
    "dr:check": ["-s", "prod-dr"],
    "render-manifests": ["-s", "dev", "--out", "rendered"],
    bench: ["--reps", "1", "--sizes", "50", "--memory", "50"],
};

/** Every flag a command's --help must list. */
const flagsOf = (spec: CommandSpec) =>
    Object.entries(spec.options).flatMap(([name, o]) => [`--${name}`, ...(o.aliases ?? []).map((a) => `--${a}`), ...(o.short ? [`-${o.short}`] : [])]);

const fixture = (name: string) => path.join(PROJECT_DIR, "test/fixtures/exports", name);

/** Starts a command as a user would (from `cwd`), for tests that signal it. */
function start(module: string, args: string[], cwd = PROJECT_DIR) {
    const child = spawn(process.execPath, [buildModule(module), ...args], { cwd, env: { ...process.env, INIT_CWD: cwd }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, exited };
}

/** A command run with its standard output on a full disk. */
function toDevFull(module: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
        const out = fs.openSync("/dev/full", "w");
        const child = spawn(process.execPath, [buildModule(module), ...args], { cwd: PROJECT_DIR, stdio: ["ignore", out, "pipe"] });
        fs.closeSync(out);
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        child.on("exit", (code) => resolve({ code, stderr }));
    });
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
    for (const [name, { module, spec }] of Object.entries(COMMANDS)) {
        it(`${name}: --help prints the usage with every flag and exits 0; a misspelt flag is one line with the flag meant, exit 2; a full disk is exit 255`, async () => {
            const help = await runModule(module, ["--help"]);
            assert.strictEqual(help.code, 0, help.stderr);
            assert.ok(help.stdout.includes(`Usage: ${spec.name}${spec.argument ? ` ${spec.argument.name}` : ""} [options]`), help.stdout);
            for (const flag of [...flagsOf(spec), "--help"]) {
                assert.ok(help.stdout.includes(flag), `${name} --help lists ${flag}`);
            }
            assert.ok(
                help.stdout.split("\n").every((line) => line.length <= 120),
                "fits 120 columns",
            );
            const typo = await runModule(module, ["--hepl"]);
            assert.strictEqual(typo.code, 2);
            const usageHint = `(${spec.name} --help for usage)`;
            assert.ok(typo.stderr.startsWith("error: unknown option --hepl; did you mean ") && typo.stderr.endsWith(`? ${usageHint}\n`), typo.stderr);
            assert.ok(typo.stderr.includes("--help") && typo.stderr.split("\n").length === 2, typo.stderr);
            const full = await toDevFull(module, ["--help"]);
            assert.deepStrictEqual(full, { code: 255, stderr: "error: could not write to standard output: ENOSPC\n" });
        });
    }

    it("every command that reads a config file names the one it cannot find, exit 2", async () => {
        for (const name of ["preview", "cost", "dr:check"]) {
            const result = await runModule(COMMANDS[name].module, ["-s", "prod-dr", "--config-file", "/nonexistent/Pulumi.prod-dr.yaml"]);
            assert.deepStrictEqual([result.code, result.stderr], [2, "error: config file /nonexistent/Pulumi.prod-dr.yaml does not exist\n"], name);
        }
    });

    for (const signal of ["SIGINT", "SIGKILL"] as const) {
        it(`every long-running command, ${signal === "SIGINT" ? "interrupted (Ctrl-C), exits 8 with one line" : "killed outright (SIGKILL)"}, and leaves no process behind`, async () => {
            const runs = startLimited(
                Object.entries(LONG_RUNS).map(([name, args]) => async () => {
                    const run = start(COMMANDS[name].module, args, tempDir());
                    // Mid-run: once it has started a child, or after a second for one that has none yet.
                    await waitFor(() => descendantsOf(run.child.pid!).length > 0, 1000);
                    const started = descendantsOf(run.child.pid!);
                    run.child.kill(signal);
                    const exit = await run.exited;
                    // A child notices its parent is gone at its first event-loop turn, after its synchronous start-up
                    // (loading the SDKs), which takes seconds on a loaded 2-core machine.
                    const gone = await waitFor(() => !started.some(isRunning), 15000);
                    return { name, exit, gone, left: started.filter(isRunning).map(commandLineOf) };
                }),
            );
            for (const { name, exit, gone, left } of await Promise.all(runs)) {
                if (signal === "SIGINT") {
                    // Progress lines may come first (bench prints its plan); the error is one line, last.
                    assert.strictEqual(exit.code, 8, name);
                    assert.ok(exit.stderr.endsWith("error: canceled (SIGINT)\n") && exit.stderr.split("error:").length === 2, `${name}: ${exit.stderr}`);
                }
                assert.ok(gone, `${name} left running: ${left.join("; ")}`);
            }
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

    it("fails, with one line, when its report cannot be written (> /dev/full)", async () => {
        assert.deepStrictEqual(await toDevFull("offline/check", [fixture("deployment-latest.json")]), { code: 255, stderr: "error: could not write to standard output: ENOSPC\n" });
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
