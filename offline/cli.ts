import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { StackConfigError } from "../stacks/config/errors";
import { CommandError, EXIT, InternalError, UsageError } from "./errors";
import { handleInterrupts } from "./lifecycle";
import { sourceMappedStack } from "./source-mapped-stack";
import { didYouMean } from "../stacks/config/suggest";
import { wrap } from "./text";

/**
 * What every offline command shares: its flags (`--help`, aliases as the Pulumi CLI spells them,
 * repeated or unknown flags refused with a suggestion), paths relative to where the user stands,
 * progress on a terminal, output that fails loudly, and exit codes (errors.ts) with one line for
 * anything the user can fix and a stack trace only for a bug.
 */

export interface OptionSpec {
    type: "string" | "boolean";
    description: string;
    /** The value's name in the usage, e.g. "<file>". */
    value?: string;
    short?: string;
    /** Other long names, e.g. the Pulumi CLI's `--policy-pack-config` for `--policy-config`. */
    aliases?: string[];
    /** A path, relative to the folder the command was started from (npm's INIT_CWD). */
    path?: boolean;
}

export interface CommandSpec {
    /** How users run it, e.g. `npm run preview --`. */
    name: string;
    summary: string;
    /** The one positional argument, if the command takes one. */
    argument?: { name: string; description: string; path?: boolean };
    options: Record<string, OptionSpec>;
    /** Lines after the options: exit codes, notes. */
    notes?: string[];
}

export interface Invocation {
    /** Option values by their main name; paths already resolved. */
    values: Record<string, string | boolean | undefined>;
    argument?: string;
    /** A line on stderr about what the command is doing, on a terminal only (or with --progress). */
    progress(message: string): void;
}

const COMMON_OPTIONS: Record<string, OptionSpec> = {
    help: { type: "boolean", short: "h", description: "Print this help and exit." },
};

/** The options of the commands that run one stack's program. */
export const STACK_OPTIONS: Record<string, OptionSpec> = {
    stack: { type: "string", short: "s", value: "<stack>", description: "The stack to run (its Pulumi.<stack>.yaml); required." },
    "config-file": { type: "string", value: "<file>", path: true, description: "Read this file instead of Pulumi.<stack>.yaml (try a configuration without editing the stack's)." },
};

/** Options of the commands that print a report. */
export const OUTPUT_OPTIONS: Record<string, OptionSpec> = {
    json: { type: "boolean", description: "Print one JSON document instead of the report for people." },
    output: { type: "string", value: "<file>", path: true, description: "Write the report to this file instead of standard output (npm's own lines stay out of it)." },
    progress: { type: "boolean", description: "Say what the command is doing on stderr even when it is not a terminal or runs with --json." },
};

export const EXIT_CODE_NOTES = [
    "Exit codes (as the Pulumi CLI's): 0 ok, 2 bad usage, configuration or input, 5 a policy (or DR",
    "guarantee) fails, 6 no such stack, 8 canceled, 9 timed out, 255 internal error.",
];

const callerDir = () => process.env.INIT_CWD ?? process.cwd();

function optionNames(spec: CommandSpec): Record<string, OptionSpec> {
    return { ...spec.options, ...COMMON_OPTIONS };
}

export function usage(spec: CommandSpec): string {
    const options = optionNames(spec);
    const flag = ([name, o]: [string, OptionSpec]) =>
        [o.short ? `-${o.short}, ` : "", `--${name}`, ...(o.aliases ?? []).map((a) => `, --${a}`), o.value ? ` ${o.value}` : ""].join("");
    const width = Math.max(...Object.entries(options).map((entry) => flag(entry).length));
    const item = (label: string, description: string) => wrap(description, " ".repeat(width + 4), `  ${label.padEnd(width)}  `);
    return [
        ...wrap(spec.summary, ""),
        "",
        `Usage: ${spec.name}${spec.argument ? ` ${spec.argument.name}` : ""} [options]`,
        ...(spec.argument ? ["", ...item(spec.argument.name, spec.argument.description)] : []),
        "",
        "Options:",
        ...Object.entries(options).flatMap((entry) => item(flag(entry), entry[1].description)),
        ...(spec.notes ? ["", ...spec.notes] : []),
    ].join("\n");
}

/** Node's parseArgs errors, as one line that names the flag and what was probably meant. */
function explain(err: Error & { code?: string }, spec: CommandSpec): string {
    const help = `(${spec.name} --help for usage)`;
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(err.message);
    if (unknown) {
        const known = Object.entries(optionNames(spec)).flatMap(([name, o]) => [name, ...(o.aliases ?? [])]);
        return `unknown option ${unknown[1]}${unknown[2]}; ${didYouMean(unknown[2], known, (name) => `--${name}`)} ${help}`;
    }
    const missing = /Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(err.message);
    if (missing) {
        return `${missing[2]} needs a value ${help}`;
    }
    const positional = /Unexpected argument '([^']*)'/.exec(err.message);
    if (positional) {
        return `unexpected argument "${positional[1]}" ${help}`;
    }
    return `${err.message.split(". ")[0]} ${help}`;
}

export function parseInvocation(spec: CommandSpec, argv: string[]): Invocation | "help" {
    const options = optionNames(spec);
    const config: NonNullable<ParseArgsConfig["options"]> = {};
    for (const [name, o] of Object.entries(options)) {
        config[name] = { type: o.type, multiple: true, ...(o.short ? { short: o.short } : {}) };
        for (const alias of o.aliases ?? []) {
            config[alias] = { type: o.type, multiple: true };
        }
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
        parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: spec.argument !== undefined });
    } catch (err) {
        throw new UsageError(explain(err as Error, spec));
    }
    if (parsed.values.help) {
        return "help";
    }
    const values: Invocation["values"] = {};
    for (const [name, o] of Object.entries(spec.options)) {
        const given = [name, ...(o.aliases ?? [])].flatMap((n) => (parsed.values[n] as (string | boolean)[] | undefined) ?? []);
        if (given.length > 1) {
            throw new UsageError(`--${name} given ${given.length} times; give it once (${spec.name} --help for usage)`);
        }
        const value = given[0];
        if (typeof value === "string" && value.trim() === "") {
            throw new UsageError(`--${name} is empty; give ${o.value ?? "a value"} (${spec.name} --help for usage)`);
        }
        values[name] = typeof value === "string" && o.path ? path.resolve(callerDir(), value) : value;
    }
    let argument: string | undefined;
    if (spec.argument) {
        if (parsed.positionals.length !== 1) {
            throw new UsageError(`expected exactly one ${spec.argument.name}, got ${parsed.positionals.length} (${spec.name} --help for usage)`);
        }
        argument = spec.argument.path ? path.resolve(callerDir(), parsed.positionals[0]) : parsed.positionals[0];
    }
    const showProgress = values.progress === true || (process.stderr.isTTY === true && !values.json && !process.env.CI);
    return { values, argument, progress: (message) => showProgress && process.stderr.write(`${message}\n`) };
}

/** The required `--stack`, with one line when it is missing. */
export function stackOf(invocation: Invocation, spec: CommandSpec): string {
    const stack = invocation.values.stack;
    if (typeof stack !== "string") {
        throw new UsageError(`--stack is required (${spec.name} --help for usage)`);
    }
    return stack;
}

/**
 * Writes to stdout and waits until it is written: a write that fails (a full disk, a closed pipe) is
 * an error, not exit 0. The stream's own "error" event, which would end the process with a trace,
 * is left to this callback (runCommand listens to it).
 */
function writeStdout(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
        process.stdout.write(text, (err) =>
            err ? reject(new InternalError(`could not write to standard output: ${(err as NodeJS.ErrnoException).code ?? err.message}`)) : resolve(),
        );
    });
}

/** The command's result: to `--output <file>` when given, else standard output. */
export async function emit(text: string, output: string | boolean | undefined): Promise<void> {
    if (typeof output !== "string") {
        return writeStdout(text);
    }
    try {
        fs.writeFileSync(output, text);
    } catch (err) {
        throw new UsageError(`cannot write --output ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
}

function messageOf(err: unknown): { line: string; code: number } {
    if (err instanceof CommandError) {
        return { line: `error: ${err.message}`, code: err.exitCode };
    }
    if (err instanceof StackConfigError) {
        return { line: `error: ${err.message}`, code: EXIT.usage };
    }
    return { line: `internal error: ${err instanceof Error ? sourceMappedStack(err) : String(err)}`, code: EXIT.internal };
}

/**
 * Runs a command: `--help`, then `main`, whose result is the exit code. Pulumi's runtime and gRPC
 * keep handles open, so the process exits explicitly once stdout and stderr have drained.
 */
export function runCommand(spec: CommandSpec, main: (invocation: Invocation) => Promise<number>): void {
    process.stdout.on("error", () => undefined);
    handleInterrupts();
    const run = async (): Promise<number> => {
        const invocation = parseInvocation(spec, process.argv.slice(2));
        if (invocation === "help") {
            await writeStdout(usage(spec) + "\n");
            return EXIT.ok;
        }
        return main(invocation);
    };
    void run()
        .catch((err: unknown) => {
            const { line, code } = messageOf(err);
            process.stderr.write(`${line}\n`);
            return code;
        })
        .then((code) => process.stderr.write("", () => process.exit(code)));
}
