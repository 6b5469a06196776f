import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { isHelmType } from "./helm";
import { configOf, tryKnown } from "./values";
import { podSpecOf } from "./workloads";

/**
 * Which namespace a Kubernetes object of the stack lives in, for stack policies. Matching is by
 * name when the name is known and by dependency on the Namespace resource when it is not (an
 * auto-named namespace during preview), never by the order resources were registered.
 */

export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";

/** A namespace's identity: its name, or `urn:<urn>` of its Namespace resource while the name is unknown. */
export type NamespaceKey = string;

export interface NamespaceInfo {
    key: NamespaceKey;
    /** Display name. */
    name: string;
    resource?: PolicyResource;
}

function namespaceResourceKey(ns: PolicyResource): NamespaceKey {
    const name = tryKnown(() => ns.props.metadata?.name);
    return typeof name === "string" ? name : `urn:${ns.urn}`;
}

/** The Namespace resource an object depends on through its metadata (or at all). */
function dependedNamespace(resource: PolicyResource): PolicyResource | undefined {
    const viaMetadata = resource.propertyDependencies?.metadata ?? [];
    return [...viaMetadata, ...resource.dependencies].find((dep) => dep.type === NAMESPACE_TYPE);
}

/** The namespace key of a namespaced object; `default` (or the provider's namespace) when it names none. */
export function namespaceKeyOf(resource: PolicyResource): NamespaceKey {
    const written = tryKnown(() => (isHelmType(resource.type) ? resource.props.namespace : resource.props.metadata?.namespace));
    if (typeof written === "string" && written !== "") {
        return written;
    }
    const dependency = dependedNamespace(resource);
    if (dependency) {
        return namespaceResourceKey(dependency);
    }
    const providerNamespace = tryKnown(() => resource.provider?.props?.namespace);
    return typeof providerNamespace === "string" && providerNamespace !== "" ? providerNamespace : "default";
}

/** Workloads (any kind, not Patch) and Helm releases: what runs pods in a namespace. */
export function runsPods(resource: PolicyResource): boolean {
    if (isHelmType(resource.type)) {
        return true;
    }
    const pod = tryKnown(() => podSpecOf(resource.type, resource.props));
    return pod !== undefined && !pod.workload.isPatch;
}

export interface NamespaceIndex {
    /** Namespaces the stack declares, by key. */
    declared: Map<NamespaceKey, PolicyResource>;
    /** Objects of the given types, grouped by namespace key. */
    objects(type: string): Map<NamespaceKey, PolicyResource[]>;
    /** Pod-running resources by namespace key. */
    workloads: Map<NamespaceKey, PolicyResource[]>;
}

/** One pass over the stack's resources; every lookup after it is a map access (linear overall). */
export function indexNamespaces(resources: PolicyResource[]): NamespaceIndex {
    const declared = new Map<NamespaceKey, PolicyResource>();
    const byType = new Map<string, Map<NamespaceKey, PolicyResource[]>>();
    const workloads = new Map<NamespaceKey, PolicyResource[]>();
    const add = (map: Map<NamespaceKey, PolicyResource[]>, key: NamespaceKey, r: PolicyResource) => {
        const list = map.get(key);
        if (list) {
            list.push(r);
        } else {
            map.set(key, [r]);
        }
    };
    for (const resource of resources) {
        if (resource.type === NAMESPACE_TYPE) {
            declared.set(namespaceResourceKey(resource), resource);
            continue;
        }
        if (!resource.type.startsWith("kubernetes:")) {
            continue;
        }
        const key = namespaceKeyOf(resource);
        if (!byType.has(resource.type)) {
            byType.set(resource.type, new Map());
        }
        add(byType.get(resource.type)!, key, resource);
        if (runsPods(resource)) {
            add(workloads, key, resource);
        }
    }
    return { declared, workloads, objects: (type) => byType.get(type) ?? new Map() };
}

export function displayNamespace(key: NamespaceKey, declared: Map<NamespaceKey, PolicyResource>): string {
    return key.startsWith("urn:") ? `the namespace ${declared.get(key)?.name ?? key.slice(4)} (name unknown until apply)` : `namespace "${key}"`;
}

/** Config of every policy that skips namespaces the stack cannot own (EKS and add-on system namespaces). */
export const EXEMPT_NAMESPACES_SCHEMA: PolicyConfigSchema = {
    properties: {
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            default: ["kube-system"],
            description: "Namespaces exempt from the check (managed by EKS or by add-ons that cannot carry our guardrails).",
        },
    },
};

export function exemptNamespaces(args: { getConfig<C extends object>(): C }): string[] {
    return configOf(args, { exemptNamespaces: ["kube-system"] }).exemptNamespaces;
}
