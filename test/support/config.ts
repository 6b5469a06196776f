import * as assert from "assert";
import { readStackConfig } from "../../offline/project";
import { parseStackConfig, PlatformConfig, StackConfigError } from "../../stacks/config";
import { PROJECT_DIR } from "./commands";

/** Loads a shipped stack's configuration as the program does. */
export function shippedConfig(stack: string): PlatformConfig {
    const raw = readStackConfig(PROJECT_DIR, stack);
    return parseStackConfig({ project: raw.project, stack, values: raw.config, secretKeys: raw.secretKeys });
}

/** The shipped stack's raw values with `mutate` applied to the decoded `platform:` keys. */
export function configWith(stack: string, mutate: (values: Record<string, any>) => void): Record<string, string> {
    const raw = readStackConfig(PROJECT_DIR, stack);
    const decoded: Record<string, any> = {};
    for (const [key, value] of Object.entries(raw.config)) {
        decoded[key] = key.startsWith("platform:") && /^[[{]/.test(value) ? JSON.parse(value) : value;
    }
    mutate(decoded);
    return Object.fromEntries(Object.entries(decoded).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** The problems a mutated shipped config reports (fails if it loads). */
export function problemsOf(stack: string, mutate: (values: Record<string, any>) => void, secretKeys: string[] = []): string[] {
    try {
        parseStackConfig({ project: "platform", stack, values: configWith(stack, mutate), secretKeys });
    } catch (err) {
        assert.ok(err instanceof StackConfigError, `expected StackConfigError, got ${err}`);
        return err.problems;
    }
    assert.fail("the configuration loaded, but a problem was expected");
}
