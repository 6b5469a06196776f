import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { InternalError, TimeoutError } from "./errors";
import { EnforcementLevel, ResourceRecord, WireObject } from "./model";
import { PackProcess } from "./pack-process";
import { wireStruct } from "./wire-struct";

/** The engine's side of the analyzer protocol, spoken to a policy pack process over gRPC. */

/** How long one call may take. AnalyzeStack gets more per resource: it is one call over the whole stack. */
const CALL_LIMIT_MS = 120_000;
const STACK_LIMIT_MS_PER_RESOURCE = 10;
/** How long a failed call waits to learn whether the pack process exited. */
const DEATH_NOTICE_MS = 2000;

const LEVEL_TO_PROTO: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
};
const LEVEL_FROM_PROTO = Object.fromEntries(Object.entries(LEVEL_TO_PROTO).map(([k, v]) => [v, k])) as Record<number, EnforcementLevel>;

export interface PolicyInfo {
    name: string;
    description: string;
    /** How to fix a violation (the policy's `remediationSteps`), or "". */
    remediation: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: { properties: Record<string, any>; required?: string[] };
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
}

export interface Diagnostic {
    policyPack: string;
    policy: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
    message: string;
    description: string;
}

export interface PolicyConfigEntry {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

type Callback<Res> = (err: grpc.ServiceError | null, response?: Res) => void;

interface PendingCall {
    method: string;
    limitMs: number;
    deadline: number;
    call: grpc.ClientUnaryCall;
    reject(err: Error): void;
}

/** The `AnalyzerResourceOptions` the engine sends with a resource. */
function resourceOptions(record: ResourceRecord): analyzerproto.AnalyzerResourceOptions {
    const options = new analyzerproto.AnalyzerResourceOptions();
    options.setProtect(record.protect);
    options.setIgnorechangesList(record.ignoreChanges);
    options.setDeletebeforereplacedefined(record.deleteBeforeReplace !== undefined);
    options.setDeletebeforereplace(record.deleteBeforeReplace ?? false);
    options.setAdditionalsecretoutputsList(record.additionalSecretOutputs);
    options.setAliasesList(record.aliases);
    if (record.parent) {
        options.setParent(record.parent);
    }
    if (record.customTimeouts) {
        const timeouts = new analyzerproto.AnalyzerResourceOptions.CustomTimeouts();
        timeouts.setCreate(record.customTimeouts.create ?? 0);
        timeouts.setUpdate(record.customTimeouts.update ?? 0);
        timeouts.setDelete(record.customTimeouts.delete ?? 0);
        options.setCustomtimeouts(timeouts);
    }
    return options;
}

/** Resolves a provider reference (`<urn>::<id>`) to the provider resource the engine would describe. */
export type ProviderLookup = (record: ResourceRecord) => ResourceRecord | undefined;

function providerResource(provider: ResourceRecord): analyzerproto.AnalyzerProviderResource {
    const result = new analyzerproto.AnalyzerProviderResource();
    result.setType(provider.type);
    result.setName(provider.name);
    result.setUrn(provider.urn);
    result.setProperties(wireStruct(provider.inputs));
    return result;
}

export function analyzeRequest(record: ResourceRecord, inputs: WireObject, providerOf: ProviderLookup): analyzerproto.AnalyzeRequest {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(record.type);
    request.setName(record.name);
    request.setUrn(record.urn);
    request.setProperties(wireStruct(inputs));
    request.setOptions(resourceOptions(record));
    const provider = providerOf(record);
    if (provider) {
        request.setProvider(providerResource(provider));
    }
    return request;
}

function analyzerResource(record: ResourceRecord, providerOf: ProviderLookup): analyzerproto.AnalyzerResource {
    const resource = new analyzerproto.AnalyzerResource();
    resource.setType(record.type);
    resource.setName(record.name);
    resource.setUrn(record.urn);
    resource.setProperties(wireStruct(record.outputs));
    resource.setOptions(resourceOptions(record));
    const provider = providerOf(record);
    if (provider) {
        resource.setProvider(providerResource(provider));
    }
    if (record.parent) {
        resource.setParent(record.parent);
    }
    resource.setDependenciesList(record.dependencies);
    const propertyDependencies = resource.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(record.propertyDependencies)) {
        const deps = new analyzerproto.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        propertyDependencies.set(key, deps);
    }
    return resource;
}

function toDiagnostics(response: analyzerproto.AnalyzeResponse, fallbackUrn: string): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policyPack: `${d.getPolicypackname()}@v${d.getPolicypackversion()}`,
        policy: d.getPolicyname(),
        enforcementLevel: LEVEL_FROM_PROTO[d.getEnforcementlevel()],
        urn: d.getUrn() || fallbackUrn,
        message: d.getMessage(),
        description: d.getDescription(),
    }));
}

/** A serialized AnalyzeStack request and how many resources it holds. */
export interface StackRequest {
    bytes: Buffer;
    resources: number;
}

/**
 * The AnalyzeStack request, serialized one resource at a time: protobuf concatenates the values of
 * a repeated field across concatenated messages, so the bytes equal those of one request holding
 * every resource, without the whole request ever existing as message objects.
 */
export function stackRequest(records: ResourceRecord[], providerOf: ProviderLookup): StackRequest {
    const parts = records.map((record) => {
        const single = new analyzerproto.AnalyzeStackRequest();
        single.setResourcesList([analyzerResource(record, providerOf)]);
        return single.serializeBinary();
    });
    return { bytes: Buffer.concat(parts), resources: records.length };
}

/**
 * A connection to one pack process; whoever started the process stops it. Calls have time limits,
 * checked by one sweep each second rather than by a gRPC deadline per call: a deadline costs a timer
 * and a header on both sides, for each of thousands of Analyze calls. A call that fails because the
 * pack died says so, with what the pack printed, instead of gRPC's "14 UNAVAILABLE".
 */
export class AnalyzerClient {
    private readonly pending = new Set<PendingCall>();
    private readonly sweep: NodeJS.Timeout;

    private constructor(
        private readonly pack: PackProcess,
        private readonly client: analyzerrpc.AnalyzerClient,
    ) {
        this.sweep = setInterval(() => this.failOverdueCalls(), 1000).unref();
    }

    /** Connects to a started pack once it serves. */
    static async connect(pack: PackProcess): Promise<AnalyzerClient> {
        const port = await pack.port;
        return new AnalyzerClient(pack, new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    }

    private failOverdueCalls(): void {
        const now = Date.now();
        for (const pending of this.pending) {
            if (now > pending.deadline) {
                this.pending.delete(pending);
                pending.call.cancel();
                pending.reject(new TimeoutError(`the policy pack did not answer ${pending.method} within ${pending.limitMs / 1000} s`));
            }
        }
    }

    /**
     * A failed call as the user should read it: a pack that died (its exit is reported just after the
     * connection drops, so wait for it briefly) or an error the pack returned, e.g. a policy that threw.
     */
    private async explain(method: string, err: grpc.ServiceError): Promise<Error> {
        const unavailable = err.code === grpc.status.UNAVAILABLE;
        const exit = unavailable ? await Promise.race([this.pack.died, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), DEATH_NOTICE_MS))]) : undefined;
        return new InternalError(exit ? `${exit}\nwhile answering ${method}` : `the policy pack failed ${method}: ${err.details || err.message}`);
    }

    private unary<Res>(method: string, start: (callback: Callback<Res>) => grpc.ClientUnaryCall, limitMs = CALL_LIMIT_MS): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            const pending = { method, limitMs, deadline: Date.now() + limitMs, reject } as PendingCall;
            pending.call = start((err, response) => {
                this.pending.delete(pending);
                if (err) {
                    this.explain(method, err).then(reject, reject);
                } else {
                    resolve(response!);
                }
            });
            this.pending.add(pending);
        });
    }

    async info(): Promise<AnalyzerInfo> {
        const info = await this.unary<analyzerproto.AnalyzerInfo>("GetAnalyzerInfo", (callback) => this.client.getAnalyzerInfo(new emptyproto.Empty(), callback));
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    remediation: p.getRemediationSteps(),
                    enforcementLevel: LEVEL_FROM_PROTO[p.getEnforcementlevel()],
                    configSchema: schema ? { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, any>, required: schema.getRequiredList() } : undefined,
                };
            }),
        };
    }

    async configureStack(stack: { project: string; stack: string; dryRun: boolean; tags?: Record<string, string> }): Promise<void> {
        const request = new analyzerproto.AnalyzerStackConfigureRequest();
        request.setProject(stack.project);
        request.setStack(stack.stack);
        request.setDryRun(stack.dryRun);
        const tags = request.getTagsMap();
        for (const [key, value] of Object.entries(stack.tags ?? {})) {
            tags.set(key, value);
        }
        await this.unary("ConfigureStack", (callback) => this.client.configureStack(request, callback));
    }

    async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
        const request = new analyzerproto.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [policy, entry] of Object.entries(config)) {
            const policyConfig = new analyzerproto.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL_TO_PROTO[entry.enforcementLevel]);
            policyConfig.setProperties(structproto.Struct.fromJavaScript(entry.properties as any));
            map.set(policy, policyConfig);
        }
        await this.unary("Configure", (callback) => this.client.configure(request, callback));
    }

    /** Runs `remediate` policies; returns the inputs after the last remediation and what changed them. */
    async remediate(record: ResourceRecord, providerOf: ProviderLookup): Promise<{ inputs: WireObject; applied: { policyPack: string; policy: string; message: string }[] }> {
        const request = analyzeRequest(record, record.inputs, providerOf);
        const response = await this.unary<analyzerproto.RemediateResponse>("Remediate", (callback) => this.client.remediate(request, callback));
        let inputs = record.inputs;
        const applied = [];
        for (const remediation of response.getRemediationsList()) {
            const properties = remediation.getProperties();
            if (properties) {
                inputs = properties.toJavaScript() as WireObject;
                applied.push({
                    policyPack: `${remediation.getPolicypackname()}@v${remediation.getPolicypackversion()}`,
                    policy: remediation.getPolicyname(),
                    message: remediation.getDescription(),
                });
            }
        }
        return { inputs, applied };
    }

    async analyze(record: ResourceRecord, inputs: WireObject, providerOf: ProviderLookup): Promise<Diagnostic[]> {
        const request = analyzeRequest(record, inputs, providerOf);
        const response = await this.unary<analyzerproto.AnalyzeResponse>("Analyze", (callback) => this.client.analyze(request, callback));
        return toDiagnostics(response, record.urn);
    }

    /** AnalyzeStack with a pre-serialized request, through the generated method's path and response decoder. */
    async analyzeStack(request: StackRequest): Promise<Diagnostic[]> {
        const method = analyzerrpc.AnalyzerService.analyzeStack;
        const response = await this.unary<analyzerproto.AnalyzeResponse>(
            "AnalyzeStack",
            (callback) => this.client.makeUnaryRequest(method.path, (bytes: Buffer) => bytes, method.responseDeserialize, request.bytes, callback),
            CALL_LIMIT_MS + STACK_LIMIT_MS_PER_RESOURCE * request.resources,
        );
        return toDiagnostics(response, "");
    }

    close(): void {
        clearInterval(this.sweep);
        this.client.close();
    }
}
