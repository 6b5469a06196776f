/**
 * The one place that knows where Kubernetes workloads keep their pod specs and containers, so
 * every pod or container rule is written once and covers every kind, API version and Patch type
 * (as kube-linter extracts pod specs from every workload object).
 */

/** Workload kinds and the path from the object to its pod spec. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
    Pod: ["spec"],
    Deployment: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    ReplicationController: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Kinds whose pods run until stopped (probes make sense); Jobs and bare Pods run to completion or are ad hoc. */
const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"]);

const WORKLOAD_TYPE = /^kubernetes:(core|apps|batch|extensions)\/[a-z0-9]+:([A-Za-z]+?)(Patch)?$/;

export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

export interface WorkloadType {
    kind: string;
    /** `…Patch` resources only assert the fields they set: rules check what is present, never what is missing. */
    isPatch: boolean;
    longRunning: boolean;
}

/** Recognises a Pulumi type token as a Kubernetes workload (any API version, Patch or not). */
export function workloadType(type: string): WorkloadType | undefined {
    const match = WORKLOAD_TYPE.exec(type);
    if (!match || !(match[2] in POD_SPEC_PATHS)) {
        return undefined;
    }
    const [, group, kind, patch] = match;
    if ((group === "core") !== (kind === "Pod" || kind === "ReplicationController")) {
        return undefined;
    }
    return { kind, isPatch: patch !== undefined, longRunning: LONG_RUNNING.has(kind) };
}

export interface ContainerRef {
    /** e.g. `spec.template.spec.initContainers[0]` */
    path: string;
    list: ContainerList;
    name: string;
    container: Record<string, any>;
}

export interface PodSpecRef {
    workload: WorkloadType;
    /** e.g. `spec.template.spec` */
    path: string;
    spec: Record<string, any>;
    /** Object metadata of the workload itself. */
    metadata: Record<string, any>;
    containers: ContainerRef[];
}

/**
 * Returns the pod spec of a workload resource with every container of every list, or undefined
 * when the resource is not a workload or carries no pod spec (possible for Patch types).
 */
export function podSpecOf(type: string, props: Record<string, any>): PodSpecRef | undefined {
    const workload = workloadType(type);
    if (!workload) {
        return undefined;
    }
    const segments = POD_SPEC_PATHS[workload.kind];
    let spec: any = props;
    for (const segment of segments) {
        spec = spec?.[segment];
    }
    if (spec === undefined || spec === null || typeof spec !== "object") {
        return undefined;
    }
    const path = segments.join(".");
    const containers: ContainerRef[] = [];
    for (const list of CONTAINER_LISTS) {
        const items = spec[list];
        if (!Array.isArray(items)) {
            continue;
        }
        items.forEach((container: Record<string, any>, index: number) => {
            containers.push({
                path: `${path}.${list}[${index}]`,
                list,
                name: typeof container?.name === "string" ? container.name : `#${index}`,
                container: container ?? {},
            });
        });
    }
    return { workload, path, spec, metadata: props.metadata ?? {}, containers };
}

/** What a value is, for a message that must not quote it (it may be a secret). */
function kindOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const isObject = (value: unknown): value is Record<string, any> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Why a workload's pod spec cannot be read as Kubernetes defines it. The pod and container rules see
 * no container in a malformed spec and would pass it; this names what is wrong instead. Patch types
 * may leave anything out, but what they set must have the right shape.
 */
export function podSpecProblems(type: string, props: Record<string, any>): string[] {
    const workload = workloadType(type);
    if (!workload) {
        return [];
    }
    let spec: unknown = props;
    let path = "";
    for (const segment of POD_SPEC_PATHS[workload.kind]) {
        if (spec === undefined) {
            break;
        }
        if (!isObject(spec)) {
            return [`${path} is ${kindOf(spec)}, not an object`];
        }
        spec = spec[segment];
        path = path ? `${path}.${segment}` : segment;
    }
    if (spec === undefined) {
        return workload.isPatch ? [] : [`${path} is missing`];
    }
    if (!isObject(spec)) {
        return [`${path} is ${kindOf(spec)}, not an object`];
    }
    const problems: string[] = [];
    for (const list of CONTAINER_LISTS) {
        const items: unknown = spec[list];
        if (items !== undefined && !Array.isArray(items)) {
            problems.push(`${path}.${list} is ${kindOf(items)}, not a list`);
        } else {
            (items ?? []).forEach((item: unknown, index: number) => !isObject(item) && problems.push(`${path}.${list}[${index}] is ${kindOf(item)}, not a container`));
        }
    }
    if (!workload.isPatch && Array.isArray(spec.containers) && spec.containers.length === 0) {
        problems.push(`${path}.containers is empty`);
    }
    if (!workload.isPatch && spec.containers === undefined) {
        problems.push(`${path}.containers is missing`);
    }
    return problems;
}

/** A short human label for a container in messages: `init container "migrate"`. */
export function describeContainer(ref: ContainerRef): string {
    const kind = ref.list === "initContainers" ? "init container" : ref.list === "ephemeralContainers" ? "ephemeral container" : "container";
    return `${kind} "${ref.name}" (${ref.path})`;
}
