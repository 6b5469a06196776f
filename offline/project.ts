import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { StackNotFoundError, UsageError } from "./errors";
import { didYouMean } from "../stacks/config/suggest";

/** Value the offline preview gives `secure:` config values: it never decrypts anything. */
export const SECRET_PLACEHOLDER = "offline-placeholder-secret";

/** A stack's configuration as the Pulumi CLI hands it to a program: `<namespace>:<key>` → string. */
export interface StackConfig {
    project: string;
    stack: string;
    /** Values are strings; structured values are JSON, as `PULUMI_CONFIG` carries them. */
    config: Record<string, string>;
    /** Keys holding a `secure:` value anywhere inside them. */
    secretKeys: string[];
}

/** A YAML file; an unknown tag (a typo of `!secure`?) or a duplicate key is an error, not a warning. */
function readYamlFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
        throw new UsageError(`${file} is not valid YAML: ${problem.message.split("\n")[0]}`);
    }
    return doc.toJS();
}

/** The stacks of the project: one `Pulumi.<stack>.yaml` each. */
export function stacksOf(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

export function readProjectName(projectDir: string): string {
    const project = readYamlFile(path.join(projectDir, "Pulumi.yaml")) as { name?: unknown } | null;
    if (!project || typeof project.name !== "string") {
        throw new UsageError("Pulumi.yaml has no project name");
    }
    return project.name;
}

/** Replaces `{secure: …}` leaves with the placeholder; reports whether any was found. */
function replaceSecureLeaves(value: unknown): { value: unknown; secret: boolean } {
    if (Array.isArray(value)) {
        const items = value.map(replaceSecureLeaves);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 1 && entries[0][0] === "secure") {
            return { value: SECRET_PLACEHOLDER, secret: true };
        }
        let secret = false;
        const result: Record<string, unknown> = {};
        for (const [key, child] of entries) {
            const replaced = replaceSecureLeaves(child);
            result[key] = replaced.value;
            secret ||= replaced.secret;
        }
        return { value: result, secret };
    }
    return { value, secret: false };
}

/** Reads `Pulumi.<stack>.yaml` the way the CLI turns it into the program's configuration. */
export function readStackConfig(projectDir: string, stack: string, configFile?: string): StackConfig {
    const project = readProjectName(projectDir);
    const file = configFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        if (configFile) {
            throw new UsageError(`config file ${configFile} does not exist`);
        }
        throw new StackNotFoundError(`no stack "${stack}" (no Pulumi.${stack}.yaml in ${projectDir}); ${didYouMean(stack, stacksOf(projectDir))}`);
    }
    const doc = readYamlFile(file) as { config?: Record<string, unknown> } | null;
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(doc?.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const { value, secret } = replaceSecureLeaves(rawValue);
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) {
            secretKeys.push(key);
        }
    }
    return { project, stack, config, secretKeys };
}
