import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { displayNamespace, EXEMPT_NAMESPACES_SCHEMA, exemptNamespaces, indexNamespaces } from "./lib/namespaces";
import { asArray, tryKnown } from "./lib/values";

/** `requests.cpu` and `cpu` mean the same in a ResourceQuota. */
const QUOTA_KEYS: Record<string, string[]> = {
    "requests.cpu": ["requests.cpu", "cpu"],
    "requests.memory": ["requests.memory", "memory"],
    "limits.memory": ["limits.memory"],
    pods: ["pods"],
};

function missingQuotaKeys(quotas: PolicyResource[]): string[] {
    const hard = new Set(quotas.flatMap((q) => Object.keys(tryKnown(() => q.props.spec?.hard) ?? {})));
    return Object.entries(QUOTA_KEYS)
        .filter(([, names]) => !names.some((n) => hard.has(n)))
        .map(([key]) => key);
}

function hasContainerDefaults(limitRanges: PolicyResource[]): boolean {
    return limitRanges.some((lr) =>
        asArray(lr.props.spec?.limits).some((limit) => limit?.type === "Container" && limit.default !== undefined && limit.defaultRequest !== undefined),
    );
}

export const namespaceQuotas: StackValidationPolicy = {
    name: "namespace-quota-and-limits",
    description:
        "Every namespace the stack runs pods in is declared in the stack, with a ResourceQuota bounding requests.cpu, requests.memory, limits.memory and pods, and a LimitRange with container defaults; nothing runs in `default`.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Run workloads in a namespace the stack creates (ServiceDeployment does this for services); give it a ResourceQuota with spec.hard requests.cpu, requests.memory, limits.memory and pods, and a LimitRange with a `Container` entry setting default and defaultRequest. Add-on namespaces the stack cannot own go into `exemptNamespaces` after review.",
    configSchema: EXEMPT_NAMESPACES_SCHEMA,
    validateStack: (args, reportViolation) => {
        const exempt = exemptNamespaces(args);
        const index = indexNamespaces(args.resources);
        const quotas = index.objects("kubernetes:core/v1:ResourceQuota");
        const limitRanges = index.objects("kubernetes:core/v1:LimitRange");
        for (const [key, workloads] of index.workloads) {
            if (exempt.includes(key)) {
                continue;
            }
            const namespace = index.declared.get(key);
            const where = displayNamespace(key, index.declared);
            if (key === "default") {
                workloads.forEach((w) => reportViolation(`${w.type} "${w.name}" runs in the "default" namespace; give it a namespace of its own with a quota.`, w.urn));
                continue;
            }
            if (!namespace) {
                workloads.forEach((w) =>
                    reportViolation(
                        `${w.type} "${w.name}" runs in ${where}, which this stack does not declare; create the namespace in the stack (with its quota) or exempt it in config.`,
                        w.urn,
                    ),
                );
                continue;
            }
            const missing = missingQuotaKeys(quotas.get(key) ?? []);
            if (missing.length > 0) {
                reportViolation(`${where} has no ResourceQuota bounding ${missing.join(", ")}; add them to a ResourceQuota's spec.hard.`, namespace.urn);
            }
            if (!hasContainerDefaults(limitRanges.get(key) ?? [])) {
                reportViolation(`${where} has no LimitRange with container defaults; add a LimitRange with a "Container" limit setting default and defaultRequest.`, namespace.urn);
            }
        }
    },
};

export const quotaPolicies: StackValidationPolicy[] = [namespaceQuotas];
