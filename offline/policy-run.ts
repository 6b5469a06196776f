import { Diagnostic, PolicyPackProcess, ProviderLookup } from "./analyzer";
import { PolicyRun, Remediation, ResourceRecord, Violation } from "./model";
import { GivenPolicyConfig, reconcilePolicyConfig } from "./policy-config";

/** How many Analyze calls are in flight at once (the engine also analyzes steps in parallel). */
const CONCURRENCY = 16;

export interface PolicyRunOptions {
    project: string;
    stack: string;
    /** Parsed `--policy-pack-config` content; empty for the pack's own levels and defaults. */
    policyConfig: GivenPolicyConfig;
    dryRun: boolean;
}

/**
 * Resolves the provider the engine would describe to the pack: the explicit provider a resource
 * names, or the default provider of its package, configured from the stack's `<package>:` config.
 */
export function providerLookup(records: ResourceRecord[], defaults: (pkg: string) => ResourceRecord | undefined): ProviderLookup {
    const byUrn = new Map(records.map((r) => [r.urn, r]));
    return (record) => {
        if (record.provider) {
            return byUrn.get(record.provider.slice(0, record.provider.lastIndexOf("::")));
        }
        return record.custom && !record.type.startsWith("pulumi:") ? defaults(record.type.split(":")[0]) : undefined;
    };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

function toViolation(d: Diagnostic): Violation {
    return {
        policyPack: d.policyPack,
        policy: d.policy,
        // A remediate policy whose fix did not satisfy it is reported as mandatory, as the CLI does.
        enforcementLevel: d.enforcementLevel === "advisory" ? "advisory" : "mandatory",
        urn: d.urn || null,
        message: d.message,
    };
}

/** Configures the pack, remediates and analyzes every resource, then analyzes the stack once. */
export async function runPolicies(pack: PolicyPackProcess, records: ResourceRecord[], providerOf: ProviderLookup, options: PolicyRunOptions): Promise<PolicyRun> {
    const info = await pack.info();
    const config = reconcilePolicyConfig(info, options.policyConfig);
    await pack.configure(config);
    await pack.configureStack({ project: options.project, stack: options.stack, dryRun: options.dryRun });

    // The pack only remediates with policies set to `remediate`; without one the call is a no-op.
    const remediating = Object.values(config).some((c) => c.enforcementLevel === "remediate");
    const remediations: Remediation[] = [];
    const perResource = await mapLimited(records, CONCURRENCY, async (record) => {
        if (!remediating) {
            return pack.analyze(record, record.inputs, providerOf);
        }
        const { inputs, applied } = await pack.remediate(record, providerOf);
        remediations.push(...applied.map((r) => ({ ...r, urn: record.urn })));
        return pack.analyze(record, inputs, providerOf);
    });
    const stackDiagnostics = await pack.analyzeStack(records, providerOf);
    return { violations: [...perResource.flat(), ...stackDiagnostics].map(toViolation), remediations };
}
