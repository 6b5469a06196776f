// The SDK's errors module alone: the offline commands that only read a config load no more of the SDK.
import { RunError } from "@pulumi/pulumi/errors";

/**
 * One or more problems in a stack's configuration. A RunError, so `pulumi up` prints the
 * messages without a stack trace; the offline tools exit 2 with the same lines.
 */
export class StackConfigError extends RunError {
    constructor(
        readonly stack: string,
        readonly problems: string[],
    ) {
        super(`invalid configuration for stack "${stack}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
        this.name = "StackConfigError";
    }
}
