import "../offline/interrupts";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCommand } from "../offline/cli";
import { BENCH } from "../offline/commands";
import { EXIT, UsageError } from "../offline/errors";
import { onShutdown } from "../offline/lifecycle";
import { buildModule, PROJECT_DIR } from "../offline/paths";
import { workloadExport } from "../test/support/exports";

/**
 * `npm run bench`: the offline commands' speed in one run, side by side, as ratios: build machines
 * are shared, so absolute times drift between runs while ratios taken in one run hold. Every
 * measurement is repeated (`--reps`, interleaved, so drift hits all alike) and the median is shown,
 * with the CPU seconds and the peak memory of the whole process tree (the command, its policy pack
 * processes and any child run), sampled from /proc every 50 ms.
 *
 *   npm run bench [-- --reps 3] [--sizes 1000,10000] [--memory 20000] [--jobs <n>]
 */

/** A positive whole number, or the default when not given. */
function count(name: string, given: string | boolean | undefined, fallback: number): number {
    const value = given === undefined ? fallback : Number(given);
    if (!Number.isInteger(value) || value < 1) {
        throw new UsageError(`--${name}: "${String(given)}" is not a positive whole number (${BENCH.name} --help for usage)`);
    }
    return value;
}

const SDKS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/eks", "@pulumi/kubernetes", "@pulumi/policy"];
const STACKS = ["dev", "prod", "prod-dr"];
const SAMPLE_MS = 50;
/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node supports. */
const TICKS_PER_SECOND = 100;

interface Measurement {
    seconds: number;
    cpuSeconds: number;
    peakMb: number;
    exitCode: number;
    stdout: string;
}

function childrenOf(pid: number): number[] {
    try {
        return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
        return [];
    }
}

/** CPU seconds so far and resident memory (MB) of one process, or undefined once it is gone. */
function usageOf(pid: number): { cpuSeconds: number; rssMb: number } | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, rssMb: rssKb / 1024 };
    } catch {
        return undefined;
    }
}

/** Runs `node <args>` and follows its process tree until it exits. */
function measure(args: string[]): Promise<Measurement> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, args, { cwd: PROJECT_DIR, stdio: ["ignore", "pipe", "pipe"] });
        const stopChild = onShutdown(() => child.kill());
        const cpuByPid = new Map<number, number>();
        let peakMb = 0;
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const sample = () => {
            let rssMb = 0;
            const pending = [child.pid!];
            while (pending.length > 0) {
                const pid = pending.pop()!;
                const usage = usageOf(pid);
                if (usage) {
                    cpuByPid.set(pid, usage.cpuSeconds);
                    rssMb += usage.rssMb;
                    pending.push(...childrenOf(pid));
                }
            }
            peakMb = Math.max(peakMb, rssMb);
        };
        const timer = setInterval(sample, SAMPLE_MS);
        child.on("error", reject);
        child.on("exit", (code) => {
            stopChild();
            clearInterval(timer);
            const seconds = Number(process.hrtime.bigint() - start) / 1e9;
            if (code !== EXIT.ok && code !== EXIT.policyFailure) {
                reject(new Error(`node ${args.join(" ")} exited with ${code}:\n${stderr}`));
                return;
            }
            const cpuSeconds = [...cpuByPid.values()].reduce((a, b) => a + b, 0);
            resolve({ seconds, cpuSeconds, peakMb, exitCode: code ?? 0, stdout });
        });
    });
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Case {
    label: string;
    args: string[];
    runs: Measurement[];
}

const summary = (runs: Measurement[]) => ({
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMb: Math.max(...runs.map((r) => r.peakMb)),
});

function row(label: string, runs: Measurement[], relative: string): string {
    const s = summary(runs);
    return `${label.padEnd(30)}${`${s.seconds.toFixed(2)} s`.padStart(10)}${relative.padStart(22)}${s.cpuSeconds.toFixed(1).padStart(10)}${Math.round(s.peakMb).toString().padStart(12)}`;
}

async function bench(values: Record<string, string | boolean | undefined>): Promise<number> {
    const reps = count("reps", values.reps, 3);
    const sizes = String(values.sizes ?? "1000,10000")
        .split(",")
        .map((size) => count("sizes", size, 1));
    const jobs = count("jobs", values.jobs, os.availableParallelism());
    const memoryWorkloads = count("memory", values.memory, 20000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
    onShutdown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const exportOf = (workloads: number) => {
        const file = path.join(dir, `export-${workloads}.json`);
        fs.writeFileSync(file, JSON.stringify(workloadExport(workloads)));
        return file;
    };

    const floor: Case = { label: "SDK-load floor", args: ["-e", `for (const m of ${JSON.stringify(SDKS)}) require(m)`], runs: [] };
    const previews: Case[] = STACKS.map((stack) => ({ label: `preview ${stack}`, args: [buildModule("offline/preview"), "--stack", stack], runs: [] }));
    const checks = sizes.map((workloads) => {
        const file = exportOf(workloads);
        const run = (n: number): Case => ({ label: `check ${workloads / 1000}k --jobs ${n}`, args: [buildModule("offline/check"), file, "--json", "--jobs", String(n)], runs: [] });
        return { workloads, one: run(1), many: run(jobs) };
    });
    const memory: Case = {
        label: `check ${memoryWorkloads / 1000}k --jobs ${jobs}`,
        args: [buildModule("offline/check"), exportOf(memoryWorkloads), "--json", "--jobs", String(jobs)],
        runs: [],
    };

    const cases = [floor, ...previews, ...checks.flatMap((c) => [c.one, c.many])];
    process.stderr.write(`Measuring ${cases.length} cases ${reps} times, interleaved, then one ${memory.label} for memory...\n`);
    for (let rep = 0; rep < reps; rep++) {
        for (const c of cases) {
            c.runs.push(await measure(c.args));
            process.stderr.write(".");
        }
    }
    memory.runs.push(await measure(memory.args));
    process.stderr.write("\n");

    const cpu = os.cpus();
    const floorSeconds = summary(floor.runs).seconds;
    const lines = [
        `Offline benchmark, ${new Date().toISOString().slice(0, 10)}: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; median of ${reps}.`,
        "",
        `${"".padEnd(30)}${"wall".padStart(10)}${"relative".padStart(22)}${"CPU s".padStart(10)}${"peak MB".padStart(12)}`,
        row(`${floor.label}`, floor.runs, "1.00x floor"),
        ...previews.map((p) => row(p.label, p.runs, `${(summary(p.runs).seconds / floorSeconds).toFixed(2)}x floor`)),
    ];
    let identical = true;
    for (const { one, many } of checks) {
        identical &&= one.runs.every((r, i) => r.stdout === many.runs[i].stdout);
        const speedup = summary(one.runs).seconds / summary(many.runs).seconds;
        lines.push(row(one.label, one.runs, "1.00x (1 job)"), row(many.label, many.runs, `${speedup.toFixed(2)}x faster`));
    }
    lines.push(row(memory.label, memory.runs, "memory"), "", `Every check with --jobs ${jobs} printed the same report as with --jobs 1: ${identical ? "yes" : "NO"}.`);
    process.stdout.write(lines.join("\n") + "\n");
    return identical ? EXIT.ok : EXIT.internal;
}

runCommand(BENCH, ({ values }) => bench(values));
