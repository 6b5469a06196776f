import { AnalyzerClient, Diagnostic, ProviderLookup, StackRequest, stackRequest } from "./analyzer";
import { PolicyGuidance, PolicyRun, Remediation, ResourceRecord, Violation } from "./model";
import { GivenPolicyConfig, reconcilePolicyConfig } from "./policy-config";

/** Analyze calls in flight per pack process (the engine also analyzes steps in parallel). */
const WINDOW_PER_PACK = 32;

export interface PolicyRunOptions {
    project: string;
    stack: string;
    /** Parsed `--policy-pack-config` content; empty for the pack's own levels and defaults. */
    policyConfig: GivenPolicyConfig;
    dryRun: boolean;
    /** The default provider of a package (the engine configures it from the stack's `<package>:` keys). */
    defaultProvider?: (pkg: string) => ResourceRecord | undefined;
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

interface Outcome {
    diagnostics: Diagnostic[];
    remediations: Remediation[];
}

/**
 * One policy run as the engine drives it: every pack process configured alike, Remediate (where a
 * policy is set to `remediate`) and Analyze per resource as resources arrive, spread over the pack
 * processes, then AnalyzeStack once. Results come back in resource order whatever process analyzed
 * what, so one process and several give the same report.
 */
export class PolicyEvaluation {
    private readonly byUrn = new Map<string, ResourceRecord>();
    private readonly outcomes: Promise<Outcome>[] = [];
    /** Calls waiting for a pack, in the order resources were added; `queued` is the next to start. */
    private readonly queue: ((pack: number) => void)[] = [];
    private queued = 0;
    private readonly inFlight: number[];
    /** Packs taking Analyze calls. With several, the first is kept for AnalyzeStack until that is done. */
    private readonly analyzing: boolean[];
    private readonly configured: Promise<{ remediating: boolean; guidance: Record<string, PolicyGuidance> }>;
    private clients: AnalyzerClient[] = [];
    readonly providerOf: ProviderLookup;

    /** Resources may be added while the packs still start; they are analyzed once every pack is configured. */
    constructor(packs: Promise<AnalyzerClient>[], options: PolicyRunOptions) {
        this.inFlight = packs.map(() => 0);
        this.analyzing = packs.map((_, index) => index > 0 || packs.length === 1);
        this.providerOf = (record) => {
            if (record.provider) {
                return this.byUrn.get(record.provider.slice(0, record.provider.lastIndexOf("::")));
            }
            return record.custom && !record.type.startsWith("pulumi:") ? options.defaultProvider?.(record.type.split(":")[0]) : undefined;
        };
        this.configured = this.configure(packs, options);
        // A failure surfaces from finish(); until then it must not count as unhandled.
        this.configured.catch(() => undefined);
    }

    private async configure(packs: Promise<AnalyzerClient>[], options: PolicyRunOptions): Promise<{ remediating: boolean; guidance: Record<string, PolicyGuidance> }> {
        this.clients = await Promise.all(packs);
        const info = await this.clients[0].info();
        const config = reconcilePolicyConfig(info, options.policyConfig);
        await Promise.all(
            this.clients.map(async (pack) => {
                await pack.configure(config);
                await pack.configureStack({ project: options.project, stack: options.stack, dryRun: options.dryRun });
            }),
        );
        // The pack only remediates with policies set to `remediate`; without one the call is a no-op.
        return {
            remediating: Object.values(config).some((c) => c.enforcementLevel === "remediate"),
            guidance: Object.fromEntries(info.policies.map((p) => [p.name, { description: p.description, remediation: p.remediation }])),
        };
    }

    /** The analyzing pack with the fewest calls in flight, if one has a free slot. */
    private freePack(): number | undefined {
        let best: number | undefined;
        this.inFlight.forEach((count, index) => {
            if (this.analyzing[index] && count < WINDOW_PER_PACK && (best === undefined || count < this.inFlight[best])) {
                best = index;
            }
        });
        return best;
    }

    /** Runs `call` on the least busy analyzing pack once one has a free slot. */
    private onFreePack<T>(call: (pack: AnalyzerClient) => Promise<T>): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            this.queue.push((index) => {
                this.inFlight[index]++;
                call(this.clients[index])
                    .then(resolve, reject)
                    .finally(() => {
                        this.inFlight[index]--;
                        this.dispatch();
                    });
            });
            this.dispatch();
        });
    }

    private dispatch(): void {
        for (let index = this.freePack(); this.queued < this.queue.length && index !== undefined; index = this.freePack()) {
            this.queue[this.queued++](index);
        }
    }

    /** Queues one resource; a provider must be added before the resources that use it, as the engine registers them. */
    add(record: ResourceRecord): void {
        this.byUrn.set(record.urn, record);
        this.outcomes.push(
            this.configured.then(({ remediating }) =>
                this.onFreePack(async (pack) => {
                    if (!remediating) {
                        return { diagnostics: await pack.analyze(record, record.inputs, this.providerOf), remediations: [] };
                    }
                    const { inputs, applied } = await pack.remediate(record, this.providerOf);
                    return { diagnostics: await pack.analyze(record, inputs, this.providerOf), remediations: applied.map((r) => ({ ...r, urn: record.urn })) };
                }),
            ),
        );
    }

    /** The AnalyzeStack request over the final resources (outputs, parents, dependencies), once they are added. */
    stackRequest(records: ResourceRecord[]): StackRequest {
        return stackRequest(records, this.providerOf);
    }

    /**
     * AnalyzeStack once, then every result: each resource's in the order added, then the stack's.
     * With one pack, AnalyzeStack runs last, as the engine runs it; with several, the first pack, kept
     * free for it, runs it at once (the longest single call) while the others analyze resources, and
     * joins them after.
     */
    async finish(request: StackRequest): Promise<PolicyRun> {
        const { guidance } = await this.configured;
        let stack: Promise<Diagnostic[]>;
        if (this.clients.length === 1) {
            await Promise.all(this.outcomes);
            stack = this.clients[0].analyzeStack(request);
        } else {
            stack = this.clients[0].analyzeStack(request).finally(() => {
                this.analyzing[0] = true;
                this.dispatch();
            });
        }
        const [outcomes, stackDiagnostics] = await Promise.all([Promise.all(this.outcomes), stack]);
        return {
            violations: [...outcomes.flatMap((o) => o.diagnostics), ...stackDiagnostics].map(toViolation),
            remediations: outcomes.flatMap((o) => o.remediations),
            guidance,
        };
    }
}

/**
 * Configures the packs, analyzes every resource, then the stack once. The AnalyzeStack request is
 * built while the packs start, so the first pack can begin the longest call as soon as it serves.
 */
export async function runPolicies(packs: Promise<AnalyzerClient>[], records: ResourceRecord[], options: PolicyRunOptions): Promise<PolicyRun> {
    const evaluation = new PolicyEvaluation(packs, options);
    records.forEach((record) => evaluation.add(record));
    return evaluation.finish(evaluation.stackRequest(records));
}
