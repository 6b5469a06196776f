import { z } from "zod";
import { NODE_IMAGE } from "../../components/secure-cluster/node-image";
import { ADDONS_KUBERNETES_MINOR } from "../../components/secure-cluster/versions";
import { awsArn, cidr, ec2InstanceType, Environment, kubernetesVersion } from "./validators";

/** A managed node group's size and instance types. */
function nodePoolSchema(defaults: { instanceTypes: string[]; minSize: number; maxSize: number }) {
    return z
        .strictObject({
            /** EC2 instance types; several for the spot pool so one type's shortage does not empty it. */
            instanceTypes: z.array(ec2InstanceType(NODE_IMAGE.arch)).min(1).default(defaults.instanceTypes),
            minSize: z.number().int().min(0).default(defaults.minSize),
            maxSize: z.number().int().min(1).default(defaults.maxSize),
            /** Initial size; the autoscaler owns it afterwards. Default: minSize. */
            desiredSize: z.number().int().min(0).optional(),
            /** Root volume (gp3, encrypted with the storage key). */
            diskSizeGiB: z.number().int().min(20).max(1000).default(50),
        })
        .superRefine((pool, ctx) => {
            if (pool.minSize > pool.maxSize) {
                ctx.addIssue({ code: "custom", path: ["minSize"], input: pool.minSize, message: `is greater than maxSize (${pool.maxSize}); expected minSize <= maxSize` });
            }
            if (pool.desiredSize !== undefined && (pool.desiredSize < pool.minSize || pool.desiredSize > pool.maxSize)) {
                ctx.addIssue({ code: "custom", path: ["desiredSize"], input: pool.desiredSize, message: `is outside [minSize ${pool.minSize}, maxSize ${pool.maxSize}]` });
            }
        })
        .prefault({});
}

export function clusterSchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /**
             * Kubernetes minor version, pinned: upgrades are a reviewed config change. Must be in EKS
             * standard support on the day of the check and match the add-ons' minor (Cluster Autoscaler).
             */
            kubernetesVersion: kubernetesVersion().default(ADDONS_KUBERNETES_MINOR),
            /** CIDRs that may reach the public API endpoint; empty keeps the endpoint private. */
            publicAccessCidrs: z.array(cidr()).default([]),
            /** IAM roles that get cluster-admin through EKS access entries. */
            adminRoleArns: z.array(awsArn("iam")).default([]),
            /** Retention of the control-plane log group (KMS-encrypted). */
            logRetentionDays: z
                .number()
                .int()
                .min(1)
                .default(prod ? 365 : 30),
            nodePools: z
                .strictObject({
                    /** On-demand pool for critical add-ons and critical services (tainted). */
                    system: nodePoolSchema({ instanceTypes: ["m7i.large"], minSize: prod ? 3 : 2, maxSize: prod ? 6 : 3 }),
                    /** Spot pool for standard and batch services (labelled and tainted). */
                    spot: nodePoolSchema({ instanceTypes: ["m7i.large", "m6i.large", "m7a.large", "m6a.large"], minSize: prod ? 2 : 1, maxSize: prod ? 12 : 4 }),
                })
                .prefault({}),
            /** GuardDuty EKS runtime monitoring and audit log analysis (the detector: platform:account.guardDutyDetector). */
            guardDuty: z.strictObject({ enabled: z.boolean().default(prod) }).prefault({}),
            /** Regional WAF web ACL in front of the ALBs. */
            waf: z
                .strictObject({
                    /** Requests per 5 minutes per client IP before blocking. */
                    rateLimitPer5Minutes: z.number().int().min(100).max(2_000_000_000).default(2000),
                    /** AWS Bot Control (extra cost). */
                    botControl: z.boolean().default(false),
                    logRetentionDays: z
                        .number()
                        .int()
                        .min(1)
                        .default(prod ? 365 : 30),
                })
                .prefault({}),
            /**
             * Dev only: put the Kubernetes parts on an existing cluster (kind, minikube, a shared dev
             * cluster) instead of creating EKS: `kubeconfig` set with `pulumi config set --secret`, or
             * `useKubeconfigEnv: true` to read the file `KUBECONFIG` names.
             */
            existing: z.strictObject({ kubeconfig: z.string().optional(), useKubeconfigEnv: z.boolean().default(false) }).optional(),
        })
        .superRefine((cluster, ctx) => {
            if (prod && cluster.publicAccessCidrs.some((c) => c === "0.0.0.0/0")) {
                ctx.addIssue({
                    code: "custom",
                    path: ["publicAccessCidrs"],
                    input: cluster.publicAccessCidrs,
                    message: "opens the API to the internet; prod allows only explicit CIDRs",
                });
            }
            if (prod && cluster.existing) {
                ctx.addIssue({ code: "custom", path: ["existing"], input: "(set)", message: "is a dev-only option; prod always creates its EKS cluster" });
            }
            if (cluster.existing && !cluster.existing.kubeconfig === !cluster.existing.useKubeconfigEnv) {
                ctx.addIssue({ code: "custom", path: ["existing"], input: cluster.existing, message: "needs exactly one of kubeconfig (a secret) or useKubeconfigEnv: true" });
            }
        })
        .prefault({});
}

export type ClusterConfig = z.output<ReturnType<typeof clusterSchema>>;
export type NodePoolConfig = ClusterConfig["nodePools"]["system"];
