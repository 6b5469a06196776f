import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GuardedNamespace, quotaFromRequests } from "../namespace";
import { CHARTS, helmRelease, imageValues, IMAGES } from "../shared/charts";
import { AwsContext, PolicyStatement } from "../shared/iam";
import { POD_IDENTITY_AGENT_EGRESS, PodIdentityRole, PodIdentityRoleArgs } from "../shared/pod-identity";
import { awsManagedPolicyArn } from "../../policies/lib/aws-managed-policies";
import { PRIORITY_CLASSES, SYSTEM_POOL_SCHEDULING } from "../shared/scheduling";
import { clusterAutoscalerStatements, ebsCsiKeyStatements, externalSecretsStatements, loadBalancerControllerStatements } from "./addon-policies";

/** Namespace of the platform's own controllers that are not EKS system components. */
export const PLATFORM_SYSTEM_NAMESPACE = "platform-system";
/** The ClusterSecretStore every ExternalSecret of the platform reads through. */
export const CLUSTER_SECRET_STORE = "aws-secrets-manager";
/** Existing (non-EKS) dev clusters: static credentials the engineer creates, never Pulumi. */
const DEV_CREDENTIALS_AUTH = {
    secretRef: {
        accessKeyIDSecretRef: { name: "aws-credentials", namespace: PLATFORM_SYSTEM_NAMESPACE, key: "access-key-id" },
        secretAccessKeySecretRef: { name: "aws-credentials", namespace: PLATFORM_SYSTEM_NAMESPACE, key: "secret-access-key" },
    },
};

/** Runs only on the on-demand system pool, which is tainted for critical add-ons. */
export { SYSTEM_POOL_SCHEDULING };

/** Options of the add-ons' Kubernetes resources: created after the admission webhooks they pass through. */
interface AddonOptions {
    parent: pulumi.Resource;
    provider: k8s.Provider;
    dependsOn: pulumi.Resource[];
}

type MakeRole = (
    suffix: string,
    namespace: string,
    serviceAccount: string,
    statements: PolicyStatement[],
    extra?: Pick<PodIdentityRoleArgs, "managedPolicyArns" | "associatedBy">,
) => PodIdentityRole;

export interface ClusterAddonsArgs {
    aws: AwsContext;
    /**
     * The EKS cluster the AWS-bound add-ons (Cluster Autoscaler, Load Balancer Controller, EBS CSI)
     * and Pod Identity roles belong to. Absent on an existing non-EKS cluster (dev): those are
     * skipped and External Secrets authenticates with credentials the engineer puts in the
     * `aws-credentials` Secret of platform-system.
     */
    eks?: { clusterName: string; clusterArn: pulumi.Input<string>; vpcId: pulumi.Input<string> };
    /** Secrets Manager prefix External Secrets may read (`<prefix>/*`). */
    secretsPrefix: string;
    secretsKeyArn: pulumi.Input<string>;
    storageKeyArn: pulumi.Input<string>;
    /** The EKS version's ebs-csi add-on version; undefined lets EKS pick the default for the cluster. */
    ebsCsiAddonVersion?: string;
    awsProvider: aws.Provider;
    k8sProvider: k8s.Provider;
}

/**
 * The cluster's add-ons, each pinned (chart version and image digests) and each with its own
 * least-privilege Pod Identity role: metrics-server, Cluster Autoscaler, the AWS Load Balancer
 * Controller, the EBS CSI driver with an encrypted default gp3 StorageClass, External Secrets
 * Operator with a ClusterSecretStore for the platform's secret prefix, and Reloader.
 */
export class ClusterAddons extends pulumi.ComponentResource {
    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ClusterAddons", name, {}, opts);
        // Our node pools exist only on EKS; elsewhere the add-ons go wherever the scheduler puts them.
        const scheduling = args.eks ? SYSTEM_POOL_SCHEDULING : {};
        const eks = args.eks;
        let role: MakeRole | undefined;
        // The Load Balancer Controller's webhook admits every Service: until its pods are ready the API server rejects
        // Service creation, so everything else here waits for its release (helm waits for readiness).
        let admissionWebhooks: pulumi.Resource[] = [];
        if (eks) {
            role = (suffix, namespace, serviceAccount, statements, extra) =>
                new PodIdentityRole(
                    `${name}-${suffix}`,
                    { cluster: { name: eks.clusterName, arn: eks.clusterArn }, namespace, serviceAccount, statements, ...extra, provider: args.awsProvider },
                    { parent: this },
                );
            admissionWebhooks = [this.createLoadBalancerController(name, args, eks, role)];
        }
        const k8sOpts = { parent: this, provider: args.k8sProvider, dependsOn: admissionWebhooks };
        for (const [tier, priority] of Object.entries(PRIORITY_CLASSES)) {
            new k8s.scheduling.v1.PriorityClass(
                `${name}-priority-${tier}`,
                {
                    metadata: { name: priority.name },
                    value: priority.value,
                    globalDefault: false,
                    preemptionPolicy: priority.preempt ? "PreemptLowerPriority" : "Never",
                    description: priority.description,
                },
                k8sOpts,
            );
        }

        helmRelease(
            `${name}-metrics-server`,
            CHARTS.metricsServer,
            "kube-system",
            {
                image: imageValues(IMAGES.metricsServer),
                replicas: 2,
                podDisruptionBudget: { enabled: true, minAvailable: 1 },
                resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "500m", memory: "400Mi" } },
                ...scheduling,
            },
            k8sOpts,
        );

        if (eks && role) {
            this.createClusterAutoscaler(name, args, eks, role, k8sOpts);
            this.createStorage(name, args, eks.clusterName, role);
        }
        this.createExternalSecrets(name, args, role, scheduling, k8sOpts);
        this.registerOutputs({});
    }

    /** Cluster Autoscaler: EKS only. */
    private createClusterAutoscaler(
        name: string,
        args: ClusterAddonsArgs,
        eks: NonNullable<ClusterAddonsArgs["eks"]>,
        role: MakeRole,
        k8sOpts: pulumi.CustomResourceOptions,
    ): void {
        role("cluster-autoscaler", "kube-system", "cluster-autoscaler", clusterAutoscalerStatements(eks.clusterName));
        helmRelease(
            `${name}-cluster-autoscaler`,
            CHARTS.clusterAutoscaler,
            "kube-system",
            {
                autoDiscovery: { clusterName: eks.clusterName },
                awsRegion: args.aws.region,
                image: imageValues(IMAGES.clusterAutoscaler),
                rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
                // Spread scale-ups over similar groups; never remove a node whose pods cannot move.
                extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false, expander: "least-waste", "scale-down-utilization-threshold": 0.5 },
                podDisruptionBudget: { maxUnavailable: 1 },
                resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { cpu: "500m", memory: "600Mi" } },
                ...SYSTEM_POOL_SCHEDULING,
            },
            k8sOpts,
        );
    }

    /** The AWS Load Balancer Controller (EKS only), first: its webhook admits the Services the others create. */
    private createLoadBalancerController(name: string, args: ClusterAddonsArgs, eks: NonNullable<ClusterAddonsArgs["eks"]>, role: MakeRole): pulumi.Resource {
        role("aws-load-balancer-controller", "kube-system", "aws-load-balancer-controller", loadBalancerControllerStatements());
        return helmRelease(
            `${name}-aws-load-balancer-controller`,
            CHARTS.awsLoadBalancerController,
            "kube-system",
            {
                clusterName: eks.clusterName,
                region: args.aws.region,
                vpcId: eks.vpcId,
                image: imageValues(IMAGES.awsLoadBalancerController),
                serviceAccount: { create: true, name: "aws-load-balancer-controller" },
                replicaCount: 2,
                enableWafv2: true,
                enableShield: false,
                resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "500m", memory: "400Mi" } },
                ...SYSTEM_POOL_SCHEDULING,
            },
            { parent: this, provider: args.k8sProvider },
        );
    }

    /** EBS CSI driver (an EKS add-on, with Pod Identity) and the encrypted gp3 StorageClass made the default. */
    private createStorage(name: string, args: ClusterAddonsArgs, clusterName: string, role: MakeRole): void {
        // The add-on associates its role itself (below): a second association of the same service account would fail.
        const ebsRole = role("ebs-csi", "kube-system", "ebs-csi-controller-sa", ebsCsiKeyStatements(args.storageKeyArn), {
            managedPolicyArns: [awsManagedPolicyArn(args.aws.partition, "AmazonEBSCSIDriverPolicy")],
            associatedBy: "addon",
        });
        const driver = new aws.eks.Addon(
            `${name}-ebs-csi`,
            {
                clusterName,
                addonName: "aws-ebs-csi-driver",
                addonVersion: args.ebsCsiAddonVersion,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                podIdentityAssociations: [{ roleArn: ebsRole.roleArn, serviceAccount: "ebs-csi-controller-sa" }],
            },
            { parent: this, provider: args.awsProvider },
        );
        new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: { name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
                provisioner: "ebs.csi.aws.com",
                // Volumes carry backup=true, so AWS Backup's tag selection protects them.
                parameters: { type: "gp3", encrypted: "true", kmsKeyId: args.storageKeyArn, "csi.storage.k8s.io/fstype": "ext4", tagSpecification_1: "backup=true" },
                reclaimPolicy: "Retain",
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
            },
            { parent: this, provider: args.k8sProvider, dependsOn: [driver] },
        );
    }

    /** External Secrets Operator and Reloader in the guarded platform-system namespace, plus the ClusterSecretStore. */
    private createExternalSecrets(name: string, args: ClusterAddonsArgs, role: MakeRole | undefined, scheduling: object, k8sOpts: AddonOptions): void {
        const ns = new GuardedNamespace(
            PLATFORM_SYSTEM_NAMESPACE,
            {
                quota: quotaFromRequests(1, 1, 12),
                containerDefaults: { request: { cpu: "50m", memory: "64Mi" }, limit: { cpu: "500m", memory: "256Mi" } },
                provider: args.k8sProvider,
            },
            { parent: this },
        );
        // The controllers talk to the Kubernetes API and AWS over HTTPS, with credentials from the Pod Identity agent;
        // the API server calls the ESO webhook.
        new k8s.networking.v1.NetworkPolicy(
            `${name}-platform-system-egress-https`,
            {
                metadata: { name: "allow-egress-https", namespace: ns.namespace.metadata.name },
                spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ protocol: "TCP", port: 443 }] }, POD_IDENTITY_AGENT_EGRESS] },
            },
            k8sOpts,
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-platform-system-webhook`,
            {
                metadata: { name: "allow-webhook-from-control-plane", namespace: ns.namespace.metadata.name },
                spec: {
                    podSelector: { matchLabels: { "app.kubernetes.io/name": "external-secrets-webhook" } },
                    policyTypes: ["Ingress"],
                    ingress: [{ ports: [{ protocol: "TCP", port: 10250 }] }],
                },
            },
            k8sOpts,
        );

        role?.("external-secrets", PLATFORM_SYSTEM_NAMESPACE, "external-secrets", externalSecretsStatements(args.aws, args.secretsPrefix, args.secretsKeyArn));
        const hardened = {
            securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
        };
        const eso = helmRelease(
            `${name}-external-secrets`,
            CHARTS.externalSecrets,
            PLATFORM_SYSTEM_NAMESPACE,
            {
                installCRDs: true,
                image: imageValues(IMAGES.externalSecrets),
                webhook: {
                    image: imageValues(IMAGES.externalSecrets),
                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                    ...hardened,
                    ...scheduling,
                },
                certController: {
                    image: imageValues(IMAGES.externalSecrets),
                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                    ...hardened,
                    ...scheduling,
                },
                serviceAccount: { create: true, name: "external-secrets" },
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                podDisruptionBudget: { enabled: true, minAvailable: 1 },
                // Two replicas, one active: without leader election both would reconcile every ExternalSecret.
                replicaCount: 2,
                leaderElect: true,
                ...hardened,
                ...scheduling,
            },
            { ...k8sOpts, dependsOn: [...k8sOpts.dependsOn, ns] },
        );

        new k8s.apiextensions.CustomResource(
            `${name}-cluster-secret-store`,
            {
                apiVersion: "external-secrets.io/v1",
                kind: "ClusterSecretStore",
                metadata: { name: CLUSTER_SECRET_STORE },
                spec: {
                    // On EKS auth is the controller's Pod Identity role, scoped to the platform's secret prefix.
                    provider: { aws: { service: "SecretsManager", region: args.aws.region, ...(role ? {} : { auth: DEV_CREDENTIALS_AUTH }) } },
                    // Only namespaces that the platform labels may use the store.
                    conditions: [{ namespaceSelector: { matchLabels: { "platform.io/secrets": "enabled" } } }],
                },
            },
            { ...k8sOpts, dependsOn: [...k8sOpts.dependsOn, eso] },
        );

        helmRelease(
            `${name}-reloader`,
            CHARTS.reloader,
            PLATFORM_SYSTEM_NAMESPACE,
            {
                image: imageValues(IMAGES.reloader),
                reloader: {
                    // Restart only workloads that opt in with the reloader annotation.
                    autoReloadAll: false,
                    readOnlyRootFileSystem: true,
                    deployment: {
                        resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
                        ...scheduling,
                    },
                },
            },
            { ...k8sOpts, dependsOn: [...k8sOpts.dependsOn, ns] },
        );
    }
}
