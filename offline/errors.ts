/** Bad command-line usage or unreadable input: exit code 2 with one clear line. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export const EXIT = {
    ok: 0,
    mandatoryViolations: 1,
    usage: 2,
    /** Anything that is not the user's fault: a crash in the program, the mocks or the policy pack. */
    internal: 3,
} as const;
