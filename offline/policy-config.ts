import Ajv from "ajv";
import * as fs from "fs";
import { AnalyzerInfo, PolicyConfigEntry } from "./analyzer";
import { UsageError } from "./errors";
import { EnforcementLevel } from "./model";

/**
 * The CLI's side of policy configuration, which the offline tools play here: read a
 * `--policy-pack-config` JSON file, start from each policy's level and its schema's defaults,
 * apply `"all"`, then each policy's entry, and validate the result against the policy's schema.
 */

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
    const result: GivenPolicyConfig = {};
    for (const [policy, value] of Object.entries(parsed)) {
        const where = `policy config ${file}: "${policy}"`;
        if (typeof value === "string") {
            result[policy] = { enforcementLevel: level(value, where), properties: {} };
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            result[policy] = { enforcementLevel: enforcementLevel === undefined ? undefined : level(enforcementLevel, where), properties };
        } else {
            throw new UsageError(`${where}: ${JSON.stringify(value)} must be an enforcement level or an object`);
        }
    }
    return result;
}

/** Defaults, then `all`, then per-policy values; validated like the CLI validates them. */
export function reconcilePolicyConfig(info: AnalyzerInfo, given: GivenPolicyConfig): Record<string, PolicyConfigEntry> {
    const result: Record<string, PolicyConfigEntry> = {};
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
        if (!result[name]) {
            throw new UsageError(`policy config names "${name}", which is not a policy of ${info.name}`);
        }
        result[name] = {
            enforcementLevel: entry.enforcementLevel ?? result[name].enforcementLevel,
            properties: { ...result[name].properties, ...entry.properties },
        };
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    const problems: string[] = [];
    for (const policy of info.policies) {
        if (!policy.configSchema) {
            continue;
        }
        const validate = ajv.compile({ type: "object", properties: policy.configSchema.properties, required: policy.configSchema.required ?? [] });
        if (!validate(result[policy.name].properties)) {
            for (const error of validate.errors ?? []) {
                problems.push(`${policy.name}${error.instancePath.replace(/\//g, ".")}: ${error.message}`);
            }
        }
    }
    if (problems.length > 0) {
        throw new UsageError(`invalid policy config:\n  ${problems.join("\n  ")}`);
    }
    return result;
}
