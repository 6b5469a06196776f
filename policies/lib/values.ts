import { UnknownValueError } from "@pulumi/policy";

/**
 * Reads a value that may be unknown during preview. Stack policies use it where an unknown is
 * not a reason to stop (an identity can come from dependencies instead); everywhere else an
 * unknown propagates, and the pack reports "can't run during preview" as advisory.
 */
export function tryKnown<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return undefined;
        }
        throw err;
    }
}

export function asArray(value: unknown): any[] {
    return Array.isArray(value) ? value : [];
}

/** Provider config and some inputs arrive as JSON text; accept both forms. */
export function asObject(value: unknown): Record<string, any> | undefined {
    if (typeof value === "string") {
        try {
            const parsed = JSON.parse(value);
            return parsed !== null && typeof parsed === "object" ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return value !== null && typeof value === "object" ? (value as Record<string, any>) : undefined;
}

/** Reads a policy's config over its defaults (the CLI fills schema defaults; tests may not). */
export function configOf<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
    return { ...defaults, ...args.getConfig<Partial<T>>() };
}
