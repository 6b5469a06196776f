import { childFailure, runNode } from "./children";
import { UsageError } from "./errors";
import { ResourceRecord, specialSecretSig, specialSigKey, unknownValue, WireObject } from "./model";
import { buildModule, PROJECT_DIR } from "./paths";
import { runProgram, ProgramRun } from "./program-run";
import { readStackConfig, StackConfig } from "./project";

/** Runs one stack of this project under mocks, resolving StackReferences by running those stacks first. */

export interface StackOutputs {
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

/** What a StackReference reads where the referenced stack's offline run could not know a value. */
export const UNKNOWN_IN_REFERENCED_RUN = "unknown-until-the-referenced-stack-is-deployed";

/**
 * Wire-format stack outputs as a StackReference reads them: plain values, secret ones named. A
 * StackReference reads a deployed stack, whose outputs are all known; a value its offline run
 * could not know becomes a placeholder (left unknown, it would make the whole reference unknown).
 */
export function referenceableOutputs(outputs: WireObject): StackOutputs {
    const unwrap = (value: unknown): unknown => {
        if (value === unknownValue) {
            return UNKNOWN_IN_REFERENCED_RUN;
        }
        if (Array.isArray(value)) {
            return value.map(unwrap);
        }
        if (value !== null && typeof value === "object") {
            const object = value as Record<string, unknown>;
            if (object[specialSigKey] === specialSecretSig) {
                return unwrap(object.value);
            }
            return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, unwrap(v)]));
        }
        return value;
    };
    const isSecret = (value: unknown) => JSON.stringify(value ?? null).includes(specialSecretSig);
    return {
        outputs: unwrap(outputs) as Record<string, unknown>,
        secretOutputNames: Object.keys(outputs).filter((k) => isSecret(outputs[k])),
    };
}

/** Runs `offline/stack-outputs.ts` for another stack in a child process (one program per process). */
function outputsOfStack(project: string, referenceName: string): Promise<StackOutputs> {
    const parts = referenceName.split("/");
    const stack = parts[parts.length - 1];
    if (parts.length === 3 && parts[1] !== project) {
        return Promise.reject(new UsageError(`StackReference "${referenceName}" names project "${parts[1]}"; the offline preview can only run stacks of "${project}"`));
    }
    return runNode([buildModule("offline/stack-outputs"), "--stack", stack], { cwd: PROJECT_DIR }).then((run) => {
        if (run.code !== 0) {
            throw childFailure(`StackReference "${referenceName}": the offline run of stack "${stack}" failed`, run);
        }
        return JSON.parse(run.stdout) as StackOutputs;
    });
}

/** A stack's configuration, read as the CLI reads it, before its program runs. */
export interface LoadedStack {
    stackConfig: StackConfig;
    region: string;
    /** The default provider of a package, configured from the stack's `<package>:` keys as the engine does. */
    defaultProvider(pkg: string): ResourceRecord | undefined;
}

export type StackRun = ProgramRun & LoadedStack;

function defaultProviderFactory(stackConfig: StackConfig): (pkg: string) => ResourceRecord | undefined {
    const cache = new Map<string, ResourceRecord>();
    return (pkg) => {
        if (!cache.has(pkg)) {
            const inputs: WireObject = {};
            for (const [key, value] of Object.entries(stackConfig.config)) {
                if (key.startsWith(`${pkg}:`)) {
                    inputs[key.slice(pkg.length + 1)] = value;
                }
            }
            const type = `pulumi:providers:${pkg}`;
            cache.set(pkg, {
                urn: `urn:pulumi:${stackConfig.stack}::${stackConfig.project}::${type}::default`,
                type,
                name: "default",
                custom: true,
                protect: false,
                retainOnDelete: false,
                ignoreChanges: [],
                additionalSecretOutputs: [],
                aliases: [],
                dependencies: [],
                propertyDependencies: {},
                inputs,
                outputs: inputs,
            });
        }
        return cache.get(pkg);
    };
}

/** Reads `Pulumi.<stack>.yaml`, or `configFile` instead (to try a configuration without editing the stack's). */
export function loadStack(stack: string, configFile?: string): LoadedStack {
    const stackConfig = readStackConfig(PROJECT_DIR, stack, configFile);
    const region = stackConfig.config["aws:region"];
    if (!region) {
        throw new UsageError(`Pulumi.${stack}.yaml sets no aws:region`);
    }
    return { stackConfig, region, defaultProvider: defaultProviderFactory(stackConfig) };
}

export interface RunStackOptions {
    /** Runs after the mocks are installed, before the program loads (tests register transformations here). */
    beforeProgram?: () => void;
    /** Sees each resource as the program registers it (the engine analyzes resources then). */
    onRegistered?: (record: ResourceRecord) => void;
    /** Says what the run is doing (a terminal's stderr). */
    progress?: (message: string) => void;
}

export async function runStack(loaded: LoadedStack, options: RunStackOptions = {}): Promise<StackRun> {
    const { stackConfig, region } = loaded;
    const references = new Map<string, Promise<StackOutputs>>();
    const run = await runProgram({
        program: buildModule("index"),
        stackConfig,
        beforeProgram: options.beforeProgram,
        onRegistered: options.onRegistered,
        mockContext: {
            region,
            stackReference: (name) => {
                if (!references.has(name)) {
                    options.progress?.(`Running stack "${name.split("/").pop()}" offline first, for the StackReference "${name}"...`);
                    references.set(name, outputsOfStack(stackConfig.project, name));
                }
                return references.get(name)!;
            },
        },
    });
    return { ...run, ...loaded };
}
