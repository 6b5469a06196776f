import * as awsConfig from "@pulumi/aws/config/vars";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { StackConfigError } from "./errors";
import { stackConfigSchema, StackSettings } from "./schema";
import { didYouMean } from "./suggest";
import { AWS_REGIONS, Environment } from "./validators";

/** The validated configuration of one stack, with the facts of the stack itself. */
export interface PlatformConfig extends StackSettings {
    project: string;
    stack: string;
    region: string;
}

export interface RawStackConfig {
    project: string;
    stack: string;
    /** `<namespace>:<key>` → value as the CLI passes it (structured values as JSON). */
    values: Record<string, string>;
    /** Keys set with `pulumi config set --secret` (ciphertext in the stack file). */
    secretKeys: string[];
}

/** Fields that may only come from secret config: set in plaintext they would sit in the stack file. */
const SECRET_FIELDS: { key: string; path: string[] }[] = [{ key: "cluster", path: ["existing", "kubeconfig"] }];

function plaintextSecrets(raw: RawStackConfig, values: Record<string, unknown>): string[] {
    return SECRET_FIELDS.filter(({ key, path }) => {
        const value = path.reduce<any>((node, segment) => node?.[segment], values[key]);
        return value !== undefined && !raw.secretKeys.includes(`${raw.project}:${key}`);
    }).map(({ key, path }) => `${[key, ...path].join(".")}: is set in plaintext; set it with \`pulumi config set --secret --path ${[key, ...path].join(".")} <value>\``);
}

/**
 * Keys whose values reach places AWS and Kubernetes store in plaintext: resource tags (owner,
 * costCenter, environment) and the services' environment variables and labels. A secure value
 * there would be published, so none may be secret.
 */
const PLAINTEXT_KEYS: Record<string, string> = {
    owner: "it becomes a tag on every AWS resource",
    costCenter: "it becomes a tag on every AWS resource",
    environment: "it becomes a tag and a label",
    services: "its values become environment variables and labels; put secrets in AWS Secrets Manager and list them in the service's `secrets:`",
};

function secretsInPlaintextPlaces(raw: RawStackConfig): string[] {
    return Object.entries(PLAINTEXT_KEYS)
        .filter(([key]) => raw.secretKeys.includes(`${raw.project}:${key}`))
        .map(([key, why]) => `${key}: holds a secure value, which may not be published: ${why}`);
}

/** Provider settings the installed SDKs know, by config namespace (the stack's own keys are checked by the schema). */
const PROVIDER_KEYS: Record<string, readonly string[] | undefined> = {
    aws: Object.keys(awsConfig),
    // The Kubernetes SDK publishes no list of its settings; its keys are not checked.
    kubernetes: undefined,
    pulumi: undefined,
};

function unknownProviderKeys(raw: RawStackConfig): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(raw.values)) {
        const [namespace, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
        if (namespace === raw.project) {
            continue;
        }
        if (!(namespace in PROVIDER_KEYS)) {
            problems.push(`${key}: unknown config namespace "${namespace}"; ${didYouMean(namespace, [raw.project, ...Object.keys(PROVIDER_KEYS)])}`);
        } else if (PROVIDER_KEYS[namespace] && !PROVIDER_KEYS[namespace]!.includes(name)) {
            problems.push(`${key}: not a setting of the ${namespace} provider; ${didYouMean(name, PROVIDER_KEYS[namespace]!, (n) => `${namespace}:${n}`)}`);
        }
    }
    return problems;
}

/** A DR pair in one region protects against nothing: the peer must be another region. */
function drRegionProblems(settings: StackSettings, region: string): string[] {
    const { role, peerRegion } = settings.dr;
    if (peerRegion === undefined || peerRegion !== region) {
        return [];
    }
    const what = role === "standby" ? "the standby runs in its primary's region" : "the primary replicates to its own region";
    return [`dr.peerRegion: ${show(peerRegion)} is the stack's own region (aws:region); ${what}; expected the other region of the pair`];
}

/** An ALB serves only ACM certificates of its own region (arn:<partition>:acm:<region>:…). */
function certificateRegionProblems(settings: StackSettings, region: string): string[] {
    return Object.entries(settings.services).flatMap(([service, spec]) => {
        const arn = spec.public?.certificateArn;
        const certificateRegion = arn?.split(":")[3];
        return arn && certificateRegion !== region
            ? [
                  `services.${service}.public.certificateArn: ${show(arn)} is a certificate of ${certificateRegion}, but the load balancer is in ${region} and uses certificates of its own region; expected a certificate issued in ${region}`,
              ]
            : [];
    });
}

/** Structured config arrives as JSON text; scalars as plain strings. */
function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function formatPath(path: PropertyKey[]): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

/** The schema node at a path, to name the keys an object accepts. */
function schemaAt(schema: z.ZodType, path: PropertyKey[]): z.ZodType | undefined {
    let node: any = schema;
    const unwrap = () => {
        while (node && ["default", "prefault", "optional", "nullable", "pipe"].includes(node._zod.def.type)) {
            node = node._zod.def.type === "pipe" ? node._zod.def.in : node._zod.def.innerType;
        }
    };
    for (const segment of path) {
        unwrap();
        const def = node?._zod.def;
        node = def?.type === "object" ? def.shape[segment as string] : def?.type === "record" ? def.valueType : def?.type === "array" ? def.element : undefined;
    }
    unwrap();
    return node;
}

function show(value: unknown): string {
    return JSON.stringify(value) ?? "undefined";
}

/** One line per problem: `<key path>: <value> <what is wrong and what is expected>`. */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType): string[] {
    const path = formatPath(issue.path);
    const at = path === "" ? "" : `${path}: `;
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
        case "unrecognized_keys": {
            const node = schemaAt(schema, issue.path) as any;
            const allowed = node?._zod.def.type === "object" ? Object.keys(node._zod.def.shape).join(", ") : "";
            return issue.keys.map((key) => `${path === "" ? "" : `${path}.`}${key}: unknown key${allowed ? `; expected one of: ${allowed}` : ""}`);
        }
        case "invalid_type":
            return [input === undefined ? `${at}is required (expected ${issue.expected})` : `${at}${show(input)} has the wrong type; expected ${issue.expected}`];
        case "invalid_value":
            return [`${at}${show(input)} is not allowed; expected ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map(show).join(", ")}`}`];
        case "too_small":
        case "too_big": {
            const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
            const unit = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
            return [`${at}${show(input)} is too ${issue.code === "too_small" ? "small" : "big"}; expected ${bound}${unit}`];
        }
        case "invalid_key":
            return [`${at}${show(input)} ${issue.issues.map((inner) => inner.message).join("; ")}`];
        case "invalid_format":
            return [`${at}${show(input)} ${issue.message.replace(/^Invalid string: /, "does not match: ")}`];
        default:
            return [`${at}${input === undefined ? "" : `${show(input)} `}${issue.message}`];
    }
}

const ENVIRONMENTS = ["dev", "prod"] as const;

/** Validates a stack's raw configuration; throws StackConfigError listing every problem. */
export function parseStackConfig(raw: RawStackConfig): PlatformConfig {
    const prefix = `${raw.project}:`;
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw.values)) {
        if (key.startsWith(prefix)) {
            values[key.slice(prefix.length)] = decode(value);
        }
    }
    const problems: string[] = [];
    const region = raw.values["aws:region"];
    if (!region) {
        problems.push("aws:region: is required; set it with `pulumi config set aws:region us-east-1`");
    } else if (!AWS_REGIONS.includes(region)) {
        problems.push(`aws:region: ${show(region)} is not an AWS region; ${didYouMean(region, AWS_REGIONS)}`);
    }
    problems.push(...unknownProviderKeys(raw));
    const env = values.environment;
    if (!ENVIRONMENTS.includes(env as Environment)) {
        problems.push(`environment: ${show(env)} is not allowed; expected one of ${ENVIRONMENTS.map(show).join(", ")}`);
        throw new StackConfigError(raw.stack, problems);
    }
    problems.push(...plaintextSecrets(raw, values), ...secretsInPlaintextPlaces(raw));
    const schema = stackConfigSchema(env as Environment);
    const parsed = schema.safeParse(values, { reportInput: true });
    if (!parsed.success) {
        problems.push(...parsed.error.issues.flatMap((issue) => describeIssue(issue, schema)));
    }
    if (parsed.success && region && AWS_REGIONS.includes(region)) {
        problems.push(...drRegionProblems(parsed.data, region), ...certificateRegionProblems(parsed.data, region));
    }
    if (problems.length > 0 || !parsed.success) {
        throw new StackConfigError(raw.stack, problems);
    }
    return { ...parsed.data, project: raw.project, stack: raw.stack, region: region! };
}

// Internal but stable: which config keys the CLI marked secret.
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

/** Reads and validates the running stack's configuration before any resource is registered. */
export function loadStackConfig(): PlatformConfig {
    const values = pulumi.runtime.allConfig();
    const secretKeys = Object.keys(values).filter((key) => runtimeConfig.isConfigSecret(key));
    return parseStackConfig({ project: pulumi.getProject(), stack: pulumi.getStack(), values, secretKeys });
}
