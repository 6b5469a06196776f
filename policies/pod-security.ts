import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { EXEMPT_NAMESPACES_SCHEMA, exemptNamespaces } from "./lib/namespaces";
import { asArray } from "./lib/values";
import { ContainerRef, describeContainer, podSpecOf, podSpecProblems, PodSpecRef } from "./lib/workloads";

/**
 * Pod Security Standards "restricted", plus the probes and identity a long-running service
 * needs. Patch types only assert what they set: a missing field is never a finding there.
 */

/** Annotation a workload sets, with the reason, when it really needs a Kubernetes API token. */
export const TOKEN_ANNOTATION = "platform.io/kubernetes-api-access";

/** The pod spec of a workload outside the exempt namespaces, or undefined. */
function podOf(args: ResourceValidationArgs): PodSpecRef | undefined {
    const pod = podSpecOf(args.type, args.props);
    if (!pod) {
        return undefined;
    }
    return exemptNamespaces(args).includes(pod.metadata.namespace) ? undefined : pod;
}

export const podHostAccess: ResourceValidationPolicy = {
    name: "pod-no-host-access",
    description: "Pods share nothing with the node: no host network, PID or IPC namespace, no hostPath volumes, no host ports, no privileged containers.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
        "Remove hostNetwork/hostPID/hostIPC, hostPath volumes, hostPort and privileged from the pod; use a PersistentVolumeClaim or emptyDir for storage and a Service for networking. Node agents that truly need the host belong in an exempt namespace after review.",
    configSchema: EXEMPT_NAMESPACES_SCHEMA,
    validateResource: (args, reportViolation) => {
        const pod = podOf(args);
        if (!pod) {
            return;
        }
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            if (pod.spec[field] === true) {
                reportViolation(`${pod.path}.${field} is true; remove it so the pod keeps its own namespace.`);
            }
        }
        asArray(pod.spec.volumes).forEach((volume, i) => {
            if (volume?.hostPath !== undefined) {
                reportViolation(`${pod.path}.volumes[${i}] ("${volume.name}") mounts hostPath ${volume.hostPath.path}; use a PersistentVolumeClaim or emptyDir.`);
            }
        });
        for (const ref of pod.containers) {
            if (ref.container.securityContext?.privileged === true) {
                reportViolation(`${describeContainer(ref)} sets securityContext.privileged: true; remove it.`);
            }
            asArray(ref.container.ports).forEach((port, i) => {
                if (port?.hostPort !== undefined && port.hostPort !== 0) {
                    reportViolation(`${describeContainer(ref)} ports[${i}].hostPort is ${port.hostPort}; expose the port through a Service instead.`);
                }
            });
        }
    },
};

/** What a container must set, reading the pod-level securityContext where the field may live there. */
function securityContextProblems(ref: ContainerRef, pod: PodSpecRef): string[] {
    const container = ref.container.securityContext ?? {};
    const podContext = pod.spec.securityContext ?? {};
    const partial = pod.workload.isPatch;
    const problems: string[] = [];
    const runAsNonRoot = container.runAsNonRoot ?? podContext.runAsNonRoot;
    if (runAsNonRoot === false || (!partial && runAsNonRoot !== true)) {
        problems.push("securityContext.runAsNonRoot is not true (on the container or the pod); set it to true with a non-zero runAsUser");
    }
    if ((container.runAsUser ?? podContext.runAsUser) === 0) {
        problems.push("runs as UID 0; set securityContext.runAsUser to a non-zero UID");
    }
    if (container.allowPrivilegeEscalation === true || (!partial && container.allowPrivilegeEscalation !== false)) {
        problems.push("securityContext.allowPrivilegeEscalation is not false; set it to false");
    }
    const drop = asArray(container.capabilities?.drop);
    if ((!partial || container.capabilities !== undefined) && !drop.includes("ALL")) {
        problems.push('securityContext.capabilities.drop does not include "ALL"; drop ALL and add back only what the process needs');
    }
    const seccomp = (container.seccompProfile ?? podContext.seccompProfile)?.type;
    if ((seccomp !== undefined || !partial) && seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
        problems.push('securityContext.seccompProfile.type is not RuntimeDefault (on the container or the pod); set it to "RuntimeDefault"');
    }
    if (container.readOnlyRootFilesystem === false || (!partial && container.readOnlyRootFilesystem !== true)) {
        problems.push("securityContext.readOnlyRootFilesystem is not true; set it to true and mount an emptyDir where the process writes (e.g. /tmp)");
    }
    return problems;
}

export const containerSecurityContext: ResourceValidationPolicy = {
    name: "container-security-context",
    description: 'Containers meet Pod Security "restricted": non-root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault, read-only root filesystem.',
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Give every container securityContext { runAsNonRoot: true, runAsUser: <non-zero>, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" }, readOnlyRootFilesystem: true } and an emptyDir for /tmp. ServiceDeployment sets all of these.',
    configSchema: EXEMPT_NAMESPACES_SCHEMA,
    validateResource: (args, reportViolation) => {
        const pod = podOf(args);
        for (const ref of pod?.containers ?? []) {
            for (const problem of securityContextProblems(ref, pod!)) {
                reportViolation(`${describeContainer(ref)}: ${problem}.`);
            }
        }
    },
};

export const workloadProbes: ResourceValidationPolicy = {
    name: "workload-probes",
    description: "Long-running workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController) give every container a readiness and a liveness probe.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Add readinessProbe (is it ready for traffic?) and livenessProbe (is it stuck?) to every container, and a startupProbe for slow starters so liveness does not kill them while booting.",
    configSchema: EXEMPT_NAMESPACES_SCHEMA,
    validateResource: (args, reportViolation) => {
        const pod = podOf(args);
        if (!pod || pod.workload.isPatch || !pod.workload.longRunning) {
            return;
        }
        for (const ref of pod.containers.filter((c) => c.list === "containers")) {
            const missing = ["readinessProbe", "livenessProbe"].filter((probe) => ref.container[probe] === undefined);
            if (missing.length > 0) {
                reportViolation(`${describeContainer(ref)} has no ${missing.join(" and no ")}; add ${missing.length === 1 ? "it" : "them"}.`);
            }
        }
    },
};

export const workloadServiceAccount: ResourceValidationPolicy = {
    name: "workload-service-account",
    description: "Workloads run as a dedicated service account and do not mount a Kubernetes API token unless they declare why they need one.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: `Set serviceAccountName to the workload's own ServiceAccount and automountServiceAccountToken: false on the pod spec. A workload that calls the Kubernetes API sets the annotation ${TOKEN_ANNOTATION}: "<why>" on its metadata instead. (EKS Pod Identity and IRSA mount their own tokens; they do not need this one.)`,
    configSchema: EXEMPT_NAMESPACES_SCHEMA,
    validateResource: (args, reportViolation) => {
        const pod = podOf(args);
        if (!pod) {
            return;
        }
        const account = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
        if (account === "default" || (!pod.workload.isPatch && account === undefined)) {
            reportViolation(`${pod.path}.serviceAccountName is ${account === undefined ? "not set" : '"default"'}; run the workload as its own ServiceAccount.`);
        }
        const reason = pod.metadata.annotations?.[TOKEN_ANNOTATION];
        const automount = pod.spec.automountServiceAccountToken;
        if ((automount === true || (!pod.workload.isPatch && automount !== false)) && !reason) {
            reportViolation(
                `${pod.path}.automountServiceAccountToken is not false; set it to false, or annotate the workload with ${TOKEN_ANNOTATION}: "<why it calls the Kubernetes API>".`,
            );
        }
    },
};

/** A workload the other pod rules cannot read would pass them all: it fails here instead. */
export const workloadSpecReadable: ResourceValidationPolicy = {
    name: "workload-spec-readable",
    description: "Every workload's pod spec has the shape Kubernetes defines, so the pod and container policies can check it; a malformed one would pass them unchecked.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Fix the workload: the pod spec is an object (spec.template.spec for most kinds, spec for a Pod, spec.jobTemplate.spec.template.spec for a CronJob) whose containers, initContainers and ephemeralContainers are lists of container objects, with at least one container.",
    validateResource: (args, reportViolation) => {
        for (const problem of podSpecProblems(args.type, args.props)) {
            reportViolation(`could not be checked: ${problem}.`);
        }
    },
};

export const podSecurityPolicies: ResourceValidationPolicy[] = [workloadSpecReadable, podHostAccess, containerSecurityContext, workloadProbes, workloadServiceAccount];
