import * as fs from "fs";
import { z } from "zod";
import { UsageError } from "./errors";
import { ResourceRecord, specialSecretSig, specialSigKey, WireObject, WireValue } from "./model";

/**
 * Reads a `pulumi stack export` file (deployment version 3) into the shared resource model:
 * `inputs` go to Analyze, `outputs`, parent and dependencies to AnalyzeStack, options as recorded.
 */

const stringList = z.array(z.string()).optional();
const exportedResource = z.object({
    urn: z.string().regex(/^urn:pulumi:/, "must be a Pulumi URN"),
    type: z.string(),
    custom: z.boolean().optional(),
    id: z.string().optional(),
    delete: z.boolean().optional(),
    parent: z.string().optional(),
    provider: z.string().optional(),
    protect: z.boolean().optional(),
    retainOnDelete: z.boolean().optional(),
    ignoreChanges: stringList,
    deleteBeforeReplace: z.boolean().optional(),
    additionalSecretOutputs: stringList,
    aliases: z.array(z.unknown()).optional(),
    customTimeouts: z.object({ create: z.number().optional(), update: z.number().optional(), delete: z.number().optional() }).optional(),
    dependencies: stringList,
    propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
});
const stackExport = z.object({
    version: z.literal(3, { error: "only deployment version 3 (current `pulumi stack export`) is supported" }),
    deployment: z.object({ resources: z.array(exportedResource).optional() }),
});

/**
 * Exported secrets carry `ciphertext` (or `plaintext` with --show-secrets) instead of `value`.
 * Without the stack's key a ciphertext stays a secret placeholder. Everything else is already in
 * wire form and is shared, not copied: only the objects and arrays on the way to a secret are new.
 */
function toWire(value: unknown, where: string): WireValue {
    if (value === null || typeof value !== "object") {
        return value as WireValue;
    }
    const source = value as Record<string, unknown>;
    if (source[specialSigKey] === specialSecretSig && !("value" in source)) {
        return { [specialSigKey]: specialSecretSig, value: toWire(secretPlaintext(source, where), where) };
    }
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(source)) {
        const wire = toWire(source[key], `${where}.${key}`);
        if (wire !== source[key]) {
            copy ??= (Array.isArray(source) ? [...source] : { ...source }) as Record<string, unknown>;
            copy[key] = wire;
        }
    }
    return (copy ?? source) as WireValue;
}

/** A secret's plaintext (`--show-secrets`), else the placeholder; a malformed one is named, never printed. */
function secretPlaintext(secret: Record<string, unknown>, where: string): unknown {
    if (secret.plaintext === undefined) {
        if (typeof secret.ciphertext !== "string") {
            throw new UsageError(`${where} is a secret with neither a ciphertext nor a plaintext`);
        }
        return "[secret]";
    }
    try {
        return JSON.parse(String(secret.plaintext)) as unknown;
    } catch {
        throw new UsageError(`${where} is a secret whose plaintext is not JSON (as \`pulumi stack export --show-secrets\` writes it); its value is not shown`);
    }
}

export interface StackExport {
    project: string;
    stack: string;
    resources: ResourceRecord[];
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
function urnParts(urn: string): { stack: string; project: string; name: string } {
    const [head, project, , ...name] = urn.split("::");
    return { stack: head.slice("urn:pulumi:".length), project, name: name.join("::") };
}

function describeIssue(issue: z.core.$ZodIssue): string {
    const where = issue.path.length
        ? issue.path
              .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
              .join("")
              .replace(/^\./, "")
        : "(top level)";
    return `${where}: ${issue.message}`;
}

export function readStackExport(file: string): StackExport {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
        throw new UsageError(`cannot read stack export ${file}: ${reason}`);
    }
    const parsed = stackExport.safeParse(json);
    if (!parsed.success) {
        throw new UsageError(`${file} is not a stack export: ${describeIssue(parsed.error.issues[0])}`);
    }
    const exported = (parsed.data.deployment.resources ?? []).filter((r) => !r.delete);
    const resources = exported.map((r): ResourceRecord => ({
        urn: r.urn,
        type: r.type,
        name: urnParts(r.urn).name,
        custom: r.custom ?? false,
        id: r.id,
        parent: r.parent,
        provider: r.provider,
        protect: r.protect ?? false,
        retainOnDelete: r.retainOnDelete ?? false,
        ignoreChanges: r.ignoreChanges ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace,
        additionalSecretOutputs: r.additionalSecretOutputs ?? [],
        aliases: (r.aliases ?? []).filter((a): a is string => typeof a === "string"),
        customTimeouts: r.customTimeouts,
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
        inputs: toWire(r.inputs ?? {}, `${r.urn}: inputs`) as WireObject,
        outputs: toWire(r.outputs ?? {}, `${r.urn}: outputs`) as WireObject,
    }));
    const first = resources[0] ? urnParts(resources[0].urn) : { stack: "unknown", project: "unknown" };
    return { project: first.project, stack: first.stack, resources };
}
