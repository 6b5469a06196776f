/**
 * Exit codes of the offline commands: the Pulumi CLI's mapping (pulumi/docs
 * content/docs/iac/cli/exit-codes.md, since CLI v3.226.1), so scripts written for `pulumi preview`
 * read ours the same way.
 */
export const EXIT = {
    ok: 0,
    /** Invalid or missing arguments, configuration or input files. */
    usage: 2,
    /** A policy (or a DR guarantee `dr:check` verifies) blocks the change. */
    policyFailure: 5,
    /** The stack named has no `Pulumi.<stack>.yaml`. */
    stackNotFound: 6,
    /** Interrupted: Ctrl-C, SIGTERM, or the parent process went away. */
    canceled: 8,
    /** The program, the pack or a call to it did not finish in time. */
    timeout: 9,
    /** Anything that is not the user's doing: a crash in the program, the mocks, the pack or these tools. */
    internal: 255,
} as const;

/** A failure with its exit code and a message that is the whole story (printed without a stack trace). */
export class CommandError extends Error {
    constructor(
        message: string,
        readonly exitCode: number,
    ) {
        super(message);
        this.name = new.target.name;
    }
}

/** A CommandError class for one exit code. */
function withExitCode(exitCode: number) {
    return class extends CommandError {
        constructor(message: string) {
            super(message, exitCode);
        }
    };
}

/** Bad command-line usage, configuration or input: exit 2 with one clear line. */
export class UsageError extends withExitCode(EXIT.usage) {}

export class StackNotFoundError extends withExitCode(EXIT.stackNotFound) {}

export class TimeoutError extends withExitCode(EXIT.timeout) {}

/** An internal failure whose cause is known and said in the message (a pack that died, a child run that crashed). */
export class InternalError extends withExitCode(EXIT.internal) {}
