import { AnalyzerClient } from "../../offline/analyzer";
import { ResourceRecord, Violation, WireObject } from "../../offline/model";
import { PackProcess, spawnPolicyPack } from "../../offline/pack-process";
import { POLICY_PACK_DIR } from "../../offline/paths";
import { GivenPolicyConfig } from "../../offline/policy-config";
import { runPolicies } from "../../offline/policy-run";

/**
 * Drives the real policy pack over the analyzer gRPC protocol, as the offline commands do, with
 * resources written by hand: every policy test goes through the same path as a preview.
 */

let started: { packProcess: PackProcess; client: Promise<AnalyzerClient> } | undefined;

/** One pack process for the whole test run, started on first use. */
function pack(): Promise<AnalyzerClient> {
    if (!started) {
        const packProcess = spawnPolicyPack(POLICY_PACK_DIR);
        started = { packProcess, client: AnalyzerClient.connect(packProcess) };
    }
    return started.client;
}

after(async () => {
    if (started) {
        (await started.client.catch(() => undefined))?.close();
        started.packProcess.stop();
    }
});

export interface TestResource {
    type: string;
    name?: string;
    inputs: Record<string, unknown>;
    /** Defaults to the inputs. */
    outputs?: Record<string, unknown>;
    custom?: boolean;
    parent?: string;
    provider?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    dependencies?: string[];
    /** URNs each input came from, as the engine records them (Output inputs). */
    propertyDependencies?: Record<string, string[]>;
    urn?: string;
}

export function urnOf(type: string, name: string, stack = "test"): string {
    return `urn:pulumi:${stack}::platform::${type}::${name}`;
}

export function toRecord(resource: TestResource, index: number, stack = "test"): ResourceRecord {
    const name = resource.name ?? `r${index}`;
    return {
        urn: resource.urn ?? urnOf(resource.type, name, stack),
        type: resource.type,
        name,
        custom: resource.custom ?? true,
        parent: resource.parent,
        provider: resource.provider,
        protect: resource.protect ?? false,
        retainOnDelete: resource.retainOnDelete ?? false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        dependencies: resource.dependencies ?? [...new Set(Object.values(resource.propertyDependencies ?? {}).flat())],
        propertyDependencies: resource.propertyDependencies ?? {},
        // As on the wire: undefined fields are absent.
        inputs: JSON.parse(JSON.stringify(resource.inputs)) as WireObject,
        outputs: JSON.parse(JSON.stringify(resource.outputs ?? resource.inputs)) as WireObject,
    };
}

export interface EvaluateOptions {
    /** `--policy-pack-config` content. */
    config?: GivenPolicyConfig;
    stack?: string;
    dryRun?: boolean;
}

/** Every violation the pack reports for these resources (resource and stack policies). */
export async function evaluate(resources: TestResource[], options: EvaluateOptions = {}): Promise<Violation[]> {
    const records = resources.map((r, i) => toRecord(r, i, options.stack));
    const run = await runPolicies([pack()], records, {
        project: "platform",
        stack: options.stack ?? "test",
        policyConfig: options.config ?? {},
        dryRun: options.dryRun ?? true,
    });
    return run.violations;
}

/** Violations of one policy only. */
export async function violationsOf(policy: string, resources: TestResource[], options: EvaluateOptions = {}): Promise<Violation[]> {
    return (await evaluate(resources, options)).filter((v) => v.policy === policy);
}
