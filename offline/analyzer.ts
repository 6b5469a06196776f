import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as pulumi from "@pulumi/pulumi";
import { EnforcementLevel, ResourceRecord, WireObject, WireValue } from "./model";

/**
 * Starts a Node policy pack the way the Pulumi CLI does (`@pulumi/pulumi/cmd/run-policy-pack`,
 * which prints the port of the analyzer gRPC server) and talks to it over the analyzer protocol.
 */

const STARTUP_TIMEOUT_MS = 60_000;
const CALL_DEADLINE_MS = 120_000;

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

function unary<Req, Res>(client: any, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        const deadline = new Date(Date.now() + CALL_DEADLINE_MS);
        client[method](request, new grpc.Metadata(), { deadline }, (err: grpc.ServiceError | null, response: Res) => (err ? reject(err) : resolve(response)));
    });
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

const { specialSigKey, specialResourceSig } = pulumi.runtime;

/**
 * Analyzers do not accept resource references: the engine marshals them for policy packs as the
 * referenced resource's ID (custom resources) or URN (components), as Pulumi's Go marshaller does
 * without KeepResources.
 */
function withoutResourceReferences(value: WireValue): WireValue {
    if (Array.isArray(value)) {
        return value.map(withoutResourceReferences);
    }
    if (value !== null && typeof value === "object") {
        if (value[specialSigKey] === specialResourceSig) {
            return typeof value.id === "string" && value.id !== "" ? value.id : value.urn;
        }
        const result: WireObject = {};
        for (const [key, child] of Object.entries(value)) {
            result[key] = withoutResourceReferences(child);
        }
        return result;
    }
    return value;
}

function struct(value: WireObject): structproto.Struct {
    return structproto.Struct.fromJavaScript(withoutResourceReferences(value) as any);
}

/** Resolves a provider reference (`<urn>::<id>`) to the provider resource the engine would describe. */
export type ProviderLookup = (record: ResourceRecord) => ResourceRecord | undefined;

function providerResource(provider: ResourceRecord): analyzerproto.AnalyzerProviderResource {
    const result = new analyzerproto.AnalyzerProviderResource();
    result.setType(provider.type);
    result.setName(provider.name);
    result.setUrn(provider.urn);
    result.setProperties(struct(provider.inputs));
    return result;
}

export function analyzeRequest(record: ResourceRecord, inputs: WireObject, providerOf: ProviderLookup): analyzerproto.AnalyzeRequest {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(record.type);
    request.setName(record.name);
    request.setUrn(record.urn);
    request.setProperties(struct(inputs));
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
    resource.setProperties(struct(record.outputs));
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

export class PolicyPackProcess {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: analyzerrpc.AnalyzerClient,
    ) {}

    /** Starts the pack in `packDir` (its package.json `main` is the pack's entry point). */
    static start(packDir: string): Promise<PolicyPackProcess> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
        const child = spawn(process.execPath, [runner, "offline-engine", path.resolve(packDir)], {
            cwd: packDir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        return new Promise((resolve, reject) => {
            let stdout = "";
            const fail = (why: string) => {
                clearTimeout(timer);
                child.kill();
                reject(new Error(`the policy pack in ${packDir} ${why}${stderr ? `:\n${stderr.trim()}` : ""}`));
            };
            const timer = setTimeout(() => fail(`did not print its port within ${STARTUP_TIMEOUT_MS / 1000} s`), STARTUP_TIMEOUT_MS);
            child.on("exit", (code) => fail(`exited with code ${code} before serving`));
            child.stdout!.on("data", (chunk) => {
                stdout += chunk;
                const line = stdout.split("\n")[0].trim();
                if (stdout.includes("\n") && /^\d+$/.test(line)) {
                    clearTimeout(timer);
                    child.removeAllListeners("exit");
                    const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${line}`, grpc.credentials.createInsecure());
                    resolve(new PolicyPackProcess(child, client));
                }
            });
        });
    }

    async info(): Promise<AnalyzerInfo> {
        const info = await unary<emptyproto.Empty, analyzerproto.AnalyzerInfo>(this.client, "getAnalyzerInfo", new emptyproto.Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
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
        await unary(this.client, "configureStack", request);
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
        await unary(this.client, "configure", request);
    }

    /** Runs `remediate` policies; returns the inputs after the last remediation and what changed them. */
    async remediate(record: ResourceRecord, providerOf: ProviderLookup): Promise<{ inputs: WireObject; applied: { policyPack: string; policy: string; message: string }[] }> {
        const response = await unary<analyzerproto.AnalyzeRequest, analyzerproto.RemediateResponse>(this.client, "remediate", analyzeRequest(record, record.inputs, providerOf));
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
        const response = await unary<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(this.client, "analyze", analyzeRequest(record, inputs, providerOf));
        return toDiagnostics(response, record.urn);
    }

    async analyzeStack(records: ResourceRecord[], providerOf: ProviderLookup): Promise<Diagnostic[]> {
        const request = new analyzerproto.AnalyzeStackRequest();
        request.setResourcesList(records.map((r) => analyzerResource(r, providerOf)));
        const response = await unary<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(this.client, "analyzeStack", request);
        return toDiagnostics(response, "");
    }

    stop(): void {
        this.client.close();
        this.child.kill();
    }
}
