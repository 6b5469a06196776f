import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import type { AnalyzerInfo, PolicyConfigEntry } from "./analyzer";
import { UsageError } from "./errors";
import { EnforcementLevel } from "./model";
import { POLICY_PACK_DIR } from "./paths";
import { didYouMean } from "../stacks/config/suggest";

/**
 * The CLI's side of policy configuration, which the offline tools play here: read a
 * `--policy-pack-config` JSON file, start from each policy's level and its schema's defaults,
 * apply `"all"`, then each policy's entry, and validate the result against the policy's schema.
 * Names are checked against the pack's real policies as own keys only (`__proto__` or `toString`
 * name no policy), and a property a policy's schema does not declare is an error: a typo must not
 * switch a guardrail off, where the CLI would ignore it.
 */

/** Where the policy config of each stack lives, as `<stack>.json`. */
export const POLICY_CONFIG_DIR = path.join(POLICY_PACK_DIR, "config");
/** Pulumi's stack names: letters, digits, "-", "_" and ".", at most 100 (pulumi/pulumi pkg/tokens). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
export type GivenPolicyConfig = Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>;

function level(value: unknown, where: string): EnforcementLevel {
    if (typeof value !== "string" || !LEVELS.includes(value as EnforcementLevel)) {
        throw new UsageError(`${where}: ${JSON.stringify(value)} is not a valid enforcement level; expected one of ${LEVELS.join(", ")}`);
    }
    return value as EnforcementLevel;
}

/** Parses the `--policy-pack-config` file format: `{"<policy>|all": "<level>" | {enforcementLevel?, ...props}}`. */
export function parsePolicyConfigFile(file: string): GivenPolicyConfig {
    let parsed: unknown;
    try {
        const text = fs.readFileSync(file, "utf8");
        parsed = text.trim() === "" ? {} : JSON.parse(text);
    } catch (err) {
        throw new UsageError(`policy config ${file}: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new UsageError(`policy config ${file}: expected a JSON object keyed by policy name`);
    }
    // Entries, not assignments: a key "__proto__" stays a (wrong) policy name instead of a prototype.
    const entries: [string, GivenPolicyConfig[string]][] = [];
    for (const [policy, value] of Object.entries(parsed)) {
        const where = `policy config ${file}: "${policy}"`;
        if (typeof value === "string") {
            entries.push([policy, { enforcementLevel: level(value, where), properties: {} }]);
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            entries.push([policy, { enforcementLevel: enforcementLevel === undefined ? undefined : level(enforcementLevel, where), properties }]);
        } else {
            throw new UsageError(`${where}: ${JSON.stringify(value)} must be an enforcement level or an object`);
        }
    }
    return Object.fromEntries(entries);
}

/**
 * The given `--policy-config` file, else the stack's `policies/config/<stack>.json` when it exists,
 * else none. The stack's name (from an export's URNs, for `check`) must be a stack name, so the file
 * is always inside policies/config.
 */
export function policyConfigFor(stack: string, given: string | undefined): GivenPolicyConfig {
    if (given !== undefined) {
        return parsePolicyConfigFile(given);
    }
    if (!STACK_NAME.test(stack) || /^\.+$/.test(stack)) {
        throw new UsageError(
            `${JSON.stringify(stack)} is not a Pulumi stack name (letters, digits, "-", "_", "."), so no policy config can be chosen for it; give --policy-config`,
        );
    }
    const file = path.join(POLICY_CONFIG_DIR, `${stack}.json`);
    return fs.existsSync(file) ? parsePolicyConfigFile(file) : {};
}

/** Defaults, then `all`, then per-policy values; validated like the CLI validates them. */
export function reconcilePolicyConfig(info: AnalyzerInfo, given: GivenPolicyConfig): Record<string, PolicyConfigEntry> {
    const result: Record<string, PolicyConfigEntry> = Object.create(null);
    for (const policy of info.policies) {
        const defaults: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema && typeof schema === "object" && "default" in schema) {
                defaults[key] = schema.default;
            }
        }
        result[policy.name] = { enforcementLevel: given.all?.enforcementLevel ?? policy.enforcementLevel, properties: defaults };
    }
    for (const [name, entry] of Object.entries(given)) {
        if (name === "all") {
            continue;
        }
        if (!Object.hasOwn(result, name)) {
            throw new UsageError(`policy config names "${name}", which is not a policy of ${info.name}; ${didYouMean(name, Object.keys(result))}`);
        }
        result[name] = {
            enforcementLevel: entry.enforcementLevel ?? result[name].enforcementLevel,
            properties: { ...result[name].properties, ...entry.properties },
        };
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    const problems: string[] = [];
    for (const policy of info.policies) {
        const schema = policy.configSchema ?? { properties: {} };
        const validate = ajv.compile({ type: "object", properties: schema.properties, required: schema.required ?? [], additionalProperties: false });
        if (!validate(result[policy.name].properties)) {
            for (const error of validate.errors ?? []) {
                const extra =
                    error.keyword === "additionalProperties"
                        ? ` "${String(error.params.additionalProperty)}"; it takes ${Object.keys(schema.properties).join(", ") || "no properties"}`
                        : "";
                problems.push(`${policy.name}${error.instancePath.replace(/\//g, ".")}: ${error.message}${extra}`);
            }
        }
    }
    if (problems.length > 0) {
        throw new UsageError(`invalid policy config:\n  ${problems.join("\n  ")}`);
    }
    return { ...result };
}
