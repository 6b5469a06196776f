import * as pulumi from "@pulumi/pulumi";
import { TimeoutError } from "./errors";
import { createMocks, isMockedComponent, MockContext } from "./mocks";
import { ResourceRecord, WireObject } from "./model";
import { StackConfig } from "./project";

/**
 * Runs the real program under Pulumi's official mocks and records every registration the way the
 * engine receives it: the full RegisterResourceRequest (inputs, parent, protect, retainOnDelete,
 * ignoreChanges, provider, dependencies) and the resulting URN and state.
 */

// Internal but stable: the monitor `setMocks` installs. We wrap it rather than re-implement it.
const settings: { getMonitor(): MonitorLike; waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

type Callback = (err: Error | null, response?: any) => void;
interface MonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: any, callback: Callback): void;
    readResource(req: any, callback: Callback): void;
    registerResourceOutputs(req: any, callback: Callback): void;
}

export interface ProgramRunOptions {
    /** Absolute path of the program's entry module (the project's `index.ts`). */
    program: string;
    stackConfig: StackConfig;
    mockContext: MockContext;
    /** Runs after the mocks are installed and before the program loads (tests register transformations here). */
    beforeProgram?: () => void;
    /** Sees each resource when its registration (or read) completes, in that order. */
    onRegistered?: (record: ResourceRecord) => void;
    timeoutMs?: number;
}

export interface ProgramRun {
    resources: ResourceRecord[];
    /** Stack outputs in wire format. */
    outputs: WireObject;
}

function structToObject(struct: { toJavaScript(): unknown } | undefined): WireObject {
    return (struct?.toJavaScript() as WireObject | undefined) ?? {};
}

function dependencyMap(map: { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void }): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    map.forEach((value, key) => {
        result[key] = value.getUrnsList();
    });
    return result;
}

function fromRegisterRequest(req: any, urn: string, id: string, state: WireObject): ResourceRecord {
    const timeouts = req.getCustomtimeouts();
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        id: id || undefined,
        importId: req.getImportid() || undefined,
        parent: req.getParent() || undefined,
        provider: req.getProvider() || undefined,
        protect: req.getProtect() ?? false,
        retainOnDelete: req.getRetainondelete() ?? false,
        ignoreChanges: req.getIgnorechangesList(),
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: req.getAliasurnsList(),
        customTimeouts: timeouts ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() } : undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies: dependencyMap(req.getPropertydependenciesMap()),
        inputs: structToObject(req.getObject()),
        outputs: state,
    };
}

function fromReadRequest(req: any, urn: string, state: WireObject): ResourceRecord {
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: true,
        id: req.getId(),
        parent: req.getParent() || undefined,
        provider: req.getProvider() || undefined,
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: [],
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        inputs: structToObject(req.getProperties()),
        outputs: state,
    };
}

/**
 * The engine leaves the root stack out of its children's URNs
 * (`urn:pulumi:<stack>::<project>::<type>::<name>`); the mock monitor does not, so we do.
 */
function urnsLikeTheEngine(monitor: MonitorLike): void {
    const newUrn = monitor.newUrn.bind(monitor);
    monitor.newUrn = (parent, type, name) => newUrn(parent && parent.split("::")[2] === pulumi.runtime.rootPulumiStackTypeName ? "" : parent, type, name);
}

/** Wraps the mock monitor so every request and its answer is recorded. */
function recordRegistrations(monitor: MonitorLike, records: Map<string, ResourceRecord>, onRegistered: (record: ResourceRecord) => void): void {
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        if (req.getRemote() && !isMockedComponent(req.getType())) {
            callback(new Error(`no offline mock for multi-language component "${req.getType()}" (${req.getName()}); add its outputs to offline/mocks.ts`));
            return;
        }
        register(req, (err, resp) => {
            if (!err && resp) {
                const urn = resp.getUrn();
                const record = fromRegisterRequest(req, urn, resp.getId(), structToObject(resp.getObject()));
                records.set(urn, record);
                onRegistered(record);
            }
            setImmediate(() => callback(err, resp));
        });
    };
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req, callback) => {
        read(req, (err, resp) => {
            if (!err && resp) {
                const urn = resp.getUrn();
                const record = fromReadRequest(req, urn, structToObject(resp.getProperties()));
                records.set(urn, record);
                onRegistered(record);
            }
            callback(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const record = records.get(req.getUrn());
        if (record) {
            record.outputs = structToObject(req.getOutputs());
        }
        registerOutputs(req, callback);
    };
}

/** Mock errors reach the program as failed registrations or invokes; keep the first one's own message. */
function reportingFailures(mocks: pulumi.runtime.Mocks, onFailure: (err: unknown) => void): pulumi.runtime.Mocks {
    const reporting =
        <A, R>(fn: (args: A) => R | Promise<R>) =>
        async (args: A): Promise<R> => {
            try {
                return await fn(args);
            } catch (err) {
                onFailure(err);
                throw err;
            }
        };
    return { newResource: reporting((args) => mocks.newResource(args)), call: reporting((args) => mocks.call(args)) };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms / 1000} s (an output that never resolves, or a mock that never answers)`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs the program once in this process. Pulumi's runtime is process-global: a process runs one
 * program, as under the CLI.
 */
export async function runProgram(options: ProgramRunOptions): Promise<ProgramRun> {
    const { stackConfig } = options;
    // The config store is read from the environment the first time the runtime is touched.
    process.env.PULUMI_CONFIG = JSON.stringify(stackConfig.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(stackConfig.secretKeys);
    const failures: Error[] = [];
    const onFailure = (err: unknown) => failures.push(err instanceof Error ? err : new Error(String(err)));
    await pulumi.runtime.setMocks(reportingFailures(createMocks(options.mockContext), onFailure), stackConfig.project, stackConfig.stack, true);

    const records = new Map<string, ResourceRecord>();
    const monitor = settings.getMonitor();
    urnsLikeTheEngine(monitor);
    recordRegistrations(monitor, records, options.onRegistered ?? (() => undefined));

    process.on("unhandledRejection", onFailure);
    try {
        // As the CLI runs a program: inside the root pulumi:pulumi:Stack, whose outputs are the module's exports.
        const work = (async () => {
            await pulumi.runtime.runInPulumiStack(async () => {
                options.beforeProgram?.();
                // The program's path is only known at run time, as for the CLI's own runner.
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                return require(options.program);
            });
            await settings.waitForRPCs();
        })();
        await withTimeout(work, options.timeoutMs ?? 60_000, "the program").catch((err) => {
            // The runtime wraps a mock's error in messages that may lose it; report the original.
            throw failures[0] ?? err;
        });
        if (failures.length > 0) {
            throw failures[0];
        }
        const resources = [...records.values()];
        const stack = resources.find((r) => r.type === pulumi.runtime.rootPulumiStackTypeName);
        return { resources, outputs: stack?.outputs ?? {} };
    } finally {
        process.off("unhandledRejection", onFailure);
    }
}
