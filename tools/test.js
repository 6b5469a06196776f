"use strict";
/**
 * `npm test`: the build (the type-check: incremental, fail-closed), then the mocha suite on the
 * compiled tests with ESLint and Prettier running beside it. Mocha reports each test as it ends; the
 * lint's findings follow when both are done. Arguments go to mocha (`npm test -- --grep cost`, or
 * compiled test files: `npm test -- build/test/offline/check.test.js`).
 * Exit code: 0 when everything passes, 1 when a test or the lint fails, 3 when the build fails.
 */
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { ensureBuilt, ROOT } = require("./build");

const DEFAULT_SPEC = "build/test/**/*.test.js";
/** The command a package installs (its package.json `bin`), to run with this Node. */
function bin(pkg) {
    const manifest = require.resolve(`${pkg}/package.json`, { paths: [ROOT] });
    const { bin: commands } = require(manifest);
    return path.join(path.dirname(manifest), typeof commands === "string" ? commands : commands[pkg]);
}

/** Runs node scripts one after another; resolves with the first failing exit code (or 0) and their output. */
async function runAll(scripts, stdio) {
    let output = "";
    for (const args of scripts) {
        const code = await new Promise((resolve, reject) => {
            const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", stdio, stdio] });
            if (stdio === "pipe") {
                child.stdout.on("data", (chunk) => (output += chunk));
                child.stderr.on("data", (chunk) => (output += chunk));
            }
            child.on("error", reject);
            child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
        });
        if (code !== 0) {
            return { code, output };
        }
    }
    return { code: 0, output };
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * Processes the suite left behind: an offline command (this checkout's build/ in its command line),
 * a policy pack of this checkout, or anything they started. Linux /proc only.
 */
function leftBehind() {
    if (!fs.existsSync("/proc/self/cmdline")) {
        return [];
    }
    return fs
        .readdirSync("/proc")
        .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
        .map((pid) => {
            try {
                return { pid: Number(pid), command: fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim() };
            } catch {
                return undefined;
            }
        })
        .filter((p) => p && (p.command.includes(`${ROOT}/build/`) || (p.command.includes(ROOT) && p.command.includes("run-policy-pack"))));
}

/**
 * The suite starts about a hundred Node processes (offline runs and their packs) that each compile the
 * same SDK modules; Node's on-disk compile cache (keyed by content) lets all but the first skip that.
 * Only the suite uses it: the offline commands and the benchmark run as users run them.
 */
/** The day the tests evaluate date-dependent checks on (policies/lib/eks-versions.ts checkDate). */
const TEST_DATE = "2026-12-08";
const COMPILE_CACHE = path.join(ROOT, "node_modules", ".cache", "node-compile-cache");

async function main(mochaArgs) {
    const start = Date.now();
    process.stdout.write("npm test: build (type-check)...\n");
    try {
        await ensureBuilt();
    } catch (err) {
        process.stderr.write(`error: ${err.message}\n`);
        return 3;
    }
    process.stdout.write(`npm test: build up to date (${seconds(start)}); ESLint and Prettier run beside mocha, their result follows the tests\n`);
    process.env.NODE_COMPILE_CACHE = COMPILE_CACHE;
    // Lifecycle checks (EKS support windows) read this date, never the wall clock: the tests pass on any day.
    process.env.PLATFORM_CHECK_DATE = TEST_DATE;
    const lintStart = Date.now();
    const lint = runAll(
        [
            [bin("eslint"), "."],
            [bin("prettier"), "--check", "--log-level", "warn", "."],
        ],
        "pipe",
    ).then((result) => ({ ...result, time: seconds(lintStart) }));
    const mochaStart = Date.now();
    const specs = mochaArgs.some((arg) => arg.endsWith(".js")) ? [] : [DEFAULT_SPEC];
    const mocha = await runAll([[bin("mocha"), ...mochaArgs, ...specs]], "inherit");
    const mochaTime = seconds(mochaStart);
    const linted = await lint;
    const orphans = leftBehind();
    for (const orphan of orphans) {
        process.stdout.write(`left running by the tests: ${orphan.pid} ${orphan.command}\n`);
        process.kill(orphan.pid, "SIGKILL");
    }
    process.stdout.write(linted.output);
    process.stdout.write(`lint: ${linted.code === 0 ? "passed" : "FAILED"} (${linted.time})\n`);
    const passed = mocha.code === 0 && linted.code === 0 && orphans.length === 0;
    process.stdout.write(
        `npm test: ${passed ? "passed" : "FAILED"} in ${seconds(start)} (mocha ${mochaTime}, lint ${linted.time} beside it; ${orphans.length} processes left behind)\n`,
    );
    return passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`internal error: ${err.stack}\n`);
        process.exit(3);
    },
);
