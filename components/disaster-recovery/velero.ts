import { platformScheduling } from "../shared/scheduling";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GuardedNamespace, NAMESPACE_NAME_LABEL, quotaFromRequests } from "../namespace";
import { CHARTS, helmRelease, imageReference, imageValues, IMAGES } from "../shared/charts";
import { PolicyStatement } from "../shared/iam";
import { EksClusterRef, PodIdentityRole, POD_IDENTITY_AGENT_EGRESS } from "../shared/pod-identity";

export const VELERO_NAMESPACE = "velero";

export interface VeleroSchedule {
    name: string;
    cron: string;
    ttlHours: number;
    /** Namespaces to back up; undefined backs up the whole cluster. */
    includedNamespaces?: string[];
}

export interface VeleroArgs {
    /** Bucket of the backup storage location. */
    bucket: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /** KMS key the bucket's objects are encrypted with. */
    kmsKeyArn: pulumi.Input<string>;
    region: string;
    /** `ReadWrite` (primary) or `ReadOnly` (standby: restore only, never write to the replica). */
    accessMode: "ReadWrite" | "ReadOnly";
    /** Backup schedules (primary only). */
    schedules: VeleroSchedule[];
    /** EKS cluster for the Pod Identity role; undefined on an existing dev cluster. */
    eksCluster?: EksClusterRef;
    /** Most nodes the pools can reach: one node agent runs on each. */
    maxNodes: number;
    providers: { aws: aws.Provider; kubernetes: k8s.Provider };
}

function bucketStatements(args: VeleroArgs): PolicyStatement[] {
    const objects = pulumi.interpolate`${args.bucketArn}/*`;
    const read = ["s3:GetObject"];
    const write = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
    return [
        { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: args.bucketArn },
        { Sid: "Objects", Effect: "Allow", Action: args.accessMode === "ReadOnly" ? read : [...read, ...write], Resource: objects },
        { Sid: "BucketKey", Effect: "Allow", Action: args.accessMode === "ReadOnly" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
    ];
}

/**
 * Velero with file-system (Kopia) backups of volumes to S3: restorable in another region, unlike
 * EBS snapshots (velero-io/velero#103). No volume snapshot location; a Pod Identity role limited
 * to the one bucket (read-only in a standby); the node agent in the `velero` namespace, which is
 * privileged because it reads pod volumes from the host.
 */
export class Velero extends pulumi.ComponentResource {
    constructor(name: string, args: VeleroArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:backup:Velero", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.providers.kubernetes };
        const ns = new GuardedNamespace(
            VELERO_NAMESPACE,
            {
                podSecurity: "privileged",
                quota: quotaFromRequests(0.2 + 0.2 * args.maxNodes, 0.25 + 0.25 * args.maxNodes, args.maxNodes + 4),
                containerDefaults: { request: { cpu: "100m", memory: "128Mi" }, limit: { cpu: "1", memory: "1Gi" } },
                provider: args.providers.kubernetes,
            },
            { parent: this },
        );
        const inNs = { ...k8sOpts, dependsOn: [ns] };
        // Velero calls the Kubernetes API and S3/STS over HTTPS; Prometheus scrapes its metrics.
        new k8s.networking.v1.NetworkPolicy(
            `${name}-egress-https`,
            {
                metadata: { name: "allow-egress-https", namespace: VELERO_NAMESPACE },
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [{ ports: [{ protocol: "TCP", port: 443 }] }, POD_IDENTITY_AGENT_EGRESS],
                },
            },
            inNs,
        );
        new k8s.networking.v1.NetworkPolicy(
            `${name}-metrics`,
            {
                metadata: { name: "allow-from-prometheus", namespace: VELERO_NAMESPACE },
                spec: {
                    podSelector: {},
                    policyTypes: ["Ingress"],
                    ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "monitoring" } } }], ports: [{ protocol: "TCP", port: 8085 }] }],
                },
            },
            inNs,
        );
        if (args.eksCluster) {
            new PodIdentityRole(
                `${name}-velero`,
                {
                    cluster: args.eksCluster,
                    namespace: VELERO_NAMESPACE,
                    serviceAccount: "velero-server",
                    statements: bucketStatements(args),
                    provider: args.providers.aws,
                },
                { parent: this },
            );
        }
        const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({ requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } });
        // The server on the system pool; the node agent on every node, whatever its pool's taint (velero 12.1.0 values).
        const scheduling = platformScheduling(args.eksCluster !== undefined);
        helmRelease(
            `${name}-velero`,
            CHARTS.velero,
            VELERO_NAMESPACE,
            {
                image: imageValues(IMAGES.velero),
                ...scheduling.pods,
                initContainers: [
                    {
                        name: "velero-plugin-for-aws",
                        image: imageReference(IMAGES.veleroPluginAws),
                        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
                        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
                        resources: resources("50m", "64Mi", "200m", "128Mi"),
                    },
                ],
                serviceAccount: { server: { create: true, name: "velero-server" } },
                credentials: { useSecret: false },
                snapshotsEnabled: false,
                deployNodeAgent: true,
                nodeAgent: { resources: resources("200m", "256Mi", "1", "1Gi"), ...scheduling.daemonSets },
                configuration: {
                    backupStorageLocation: [
                        {
                            name: "default",
                            provider: "aws",
                            bucket: args.bucket,
                            accessMode: args.accessMode,
                            config: { region: args.region, serverSideEncryption: "aws:kms", kmsKeyId: args.kmsKeyArn },
                        },
                    ],
                    volumeSnapshotLocation: [],
                    defaultVolumesToFsBackup: true,
                    uploaderType: "kopia",
                },
                schedules: Object.fromEntries(
                    args.schedules.map((s) => [
                        s.name,
                        {
                            schedule: s.cron,
                            useOwnerReferencesInBackup: false,
                            template: {
                                ttl: `${s.ttlHours}h0m0s`,
                                ...(s.includedNamespaces ? { includedNamespaces: s.includedNamespaces } : {}),
                                defaultVolumesToFsBackup: true,
                                storageLocation: "default",
                            },
                        },
                    ]),
                ),
                metrics: { enabled: true, serviceMonitor: { enabled: true } },
                resources: resources("200m", "256Mi", "1", "1Gi"),
                // The CRD upgrade job needs an unpinnable kubectl image; Helm installs the CRDs, upgrades apply them by hand (docs/operations.md).
                upgradeCRDs: false,
            },
            inNs,
        );
        this.registerOutputs({});
    }
}
