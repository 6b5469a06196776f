import * as pulumi from "@pulumi/pulumi";

/** One protection taken out of what the program registers, and the policy that must then fire. */
export interface Breakage {
    description: string;
    /** Policy that must report a mandatory violation. */
    policy: string;
    /** `<type>::<name>` ends of the URNs of the resources it breaks, where the violations must be. */
    targets: string[];
    /** What the message must say: the resource, the constraint and the fix. */
    message?: RegExp;
    transform: pulumi.ResourceTransformation;
}

/** Changes the first container of a service's Deployment. */
function serviceContainer(service: string, change: (container: Record<string, any>) => Record<string, any>): pulumi.ResourceTransformation {
    return onType("kubernetes:apps/v1:Deployment", (props) => {
        if (props.metadata?.name !== service) {
            return {};
        }
        const podSpec = props.spec.template.spec;
        const containers = [change({ ...podSpec.containers[0] }), ...podSpec.containers.slice(1)];
        return { props: { ...props, spec: { ...props.spec, template: { ...props.spec.template, spec: { ...podSpec, containers } } } } };
    });
}

/** Changes the resource of a type with this exact logical name. */
function onNamed(
    type: string,
    name: string,
    change: (props: Record<string, any>, opts: pulumi.ResourceOptions) => { props?: Record<string, any>; opts?: pulumi.ResourceOptions },
): pulumi.ResourceTransformation {
    return onType(type, (props, opts, resourceName) => (resourceName === name ? change(props, opts) : {}));
}

/** A policy document input with `edit` applied to its JSON text (it is an Output until registration). */
const editedDocument = (document: pulumi.Input<string>, edit: (json: string) => string) => pulumi.output(document).apply(edit);

function onType(
    type: string,
    change: (props: Record<string, any>, opts: pulumi.ResourceOptions, name: string) => { props?: Record<string, any>; opts?: pulumi.ResourceOptions },
): pulumi.ResourceTransformation {
    return (args) => {
        if (args.type !== type) {
            return undefined;
        }
        const changed = change({ ...args.props }, { ...args.opts }, args.name);
        return { props: changed.props ?? args.props, opts: changed.opts ?? args.opts };
    };
}

/** The prod stack's customer-managed keys: the platform's three and the DR region's two replicas. */
const PROD_KMS_KEYS = ["keys-secrets", "keys-storage", "keys-logs", "replica-secrets", "replica-storage"].map((key) => `aws:kms/key:Key::platform-prod-${key}`);

export const BREAKAGES: Record<string, Breakage> = {
    "image-unpinned": {
        description: "unpins relaycore's image to a tag",
        policy: "image-pinned-by-digest",
        targets: ["kubernetes:apps/v1:Deployment::relaycore"],
        transform: serviceContainer("relaycore", (c) => ({ ...c, image: String(c.image).replace(/@sha256:[0-9a-f]+$/, "") })),
    },
    "image-latest": {
        description: "moves automatrix to :latest",
        policy: "image-no-latest-or-untagged",
        targets: ["kubernetes:apps/v1:Deployment::automatrix"],
        transform: serviceContainer("automatrix", (c) => ({ ...c, image: String(c.image).replace(/:[^:/]+$/, ":latest") })),
    },
    "limits-stripped": {
        description: "strips neuroweaver's resource limits",
        policy: "container-resources",
        targets: ["kubernetes:apps/v1:Deployment::neuroweaver"],
        transform: serviceContainer("neuroweaver", (c) => ({ ...c, resources: { requests: c.resources.requests } })),
    },
    "root-filesystem-writable": {
        description: "makes relaycore's root filesystem writable",
        policy: "container-security-context",
        targets: ["kubernetes:apps/v1:Deployment::relaycore"],
        transform: serviceContainer("relaycore", (c) => ({ ...c, securityContext: { ...c.securityContext, readOnlyRootFilesystem: false } })),
    },
    "probes-removed": {
        description: "removes automatrix's probes",
        policy: "workload-probes",
        targets: ["kubernetes:apps/v1:Deployment::automatrix"],
        transform: serviceContainer("automatrix", ({ readinessProbe: _r, livenessProbe: _l, ...c }) => c),
    },
    "quota-removed": {
        description: "empties relaycore's ResourceQuota",
        policy: "namespace-quota-and-limits",
        targets: ["kubernetes:core/v1:Namespace::relaycore"],
        transform: onType("kubernetes:core/v1:ResourceQuota", (props) => (props.metadata?.name === "relaycore-quota" ? { props: { ...props, spec: { hard: {} } } } : {})),
    },
    "default-deny-removed": {
        description: "turns neuroweaver's default-deny into a policy for some pods only",
        policy: "namespace-default-deny",
        targets: ["kubernetes:core/v1:Namespace::neuroweaver"],
        transform: onType("kubernetes:networking.k8s.io/v1:NetworkPolicy", (props) =>
            props.metadata?.name === "neuroweaver-default-deny" ? { props: { ...props, spec: { ...props.spec, podSelector: { matchLabels: { app: "none" } } } } } : {},
        ),
    },
    "waf-detached": {
        description: "drops the WAF annotation from automatrix's public Ingress",
        policy: "ingress-waf-and-tls",
        targets: ["kubernetes:networking.k8s.io/v1:Ingress::automatrix"],
        transform: onType("kubernetes:networking.k8s.io/v1:Ingress", (props) => {
            if (props.metadata.name !== "automatrix") {
                return {};
            }
            const { "alb.ingress.kubernetes.io/wafv2-acl-arn": _waf, ...annotations } = props.metadata.annotations;
            return { props: { ...props, metadata: { ...props.metadata, annotations } } };
        }),
    },
    "bucket-encryption-dropped": {
        description: "detaches the log bucket's encryption configuration",
        policy: "s3-bucket-encryption",
        targets: ["aws:s3/bucket:Bucket::platform-prod-observability-logs"],
        transform: onType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", (props, _opts, name) =>
            name.endsWith("observability-logs") ? { props: { ...props, bucket: "some-other-bucket" } } : {},
        ),
    },
    "kms-rotation-off": {
        description: "turns key rotation off",
        policy: "kms-key-rotation",
        targets: PROD_KMS_KEYS,
        transform: onType("aws:kms/key:Key", (props) => ({ props: { ...props, enableKeyRotation: false } })),
    },
    "api-endpoint-open": {
        description: "opens the EKS API endpoint to the internet",
        policy: "eks-endpoint-access",
        targets: ["eks:index:Cluster::platform-prod-eks"],
        transform: onType("eks:index:Cluster", (props) => ({ props: { ...props, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } })),
    },
    "node-volumes-unencrypted": {
        description: "stops encrypting node root volumes",
        policy: "encryption-at-rest",
        targets: ["aws:ec2/launchTemplate:LaunchTemplate::platform-prod-system", "aws:ec2/launchTemplate:LaunchTemplate::platform-prod-spot"],
        transform: onType("aws:ec2/launchTemplate:LaunchTemplate", (props) => ({
            props: { ...props, blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3", volumeSize: 50, encrypted: "false" } }] },
        })),
    },
    "keys-unprotected": {
        description: "drops protect from the KMS keys",
        policy: "stateful-resources-protected",
        targets: PROD_KMS_KEYS,
        transform: onType("aws:kms/key:Key", (_props, opts) => ({ opts: { ...opts, protect: false } })),
    },
    // The findings of the prod plan review at 0549e6f, each put back in the shape it had then.
    "replication-role-autonamed": {
        description: "finding 1: autonames the data replication role from its 64-character logical name",
        policy: "aws-resource-names",
        targets: ["aws:iam/role:Role::platform-prod-recovery-automatrix-workflow-artifacts-replication"],
        message: /"platform-prod-recovery-automatrix-workflow-artifacts-replication-0000000" is 72 characters long; AWS allows 1 to 64 .*Shorten the logical name or set name/,
        transform: onNamed("aws:iam/role:Role", "platform-prod-recovery-automatrix-workflow-artifacts-replication", (props) => ({ props: { ...props, name: undefined } })),
    },
    "backup-policy-path": {
        description: "finding 2: attaches AWS Backup's S3 policy under service-role/",
        policy: "iam-managed-policy-arn",
        targets: ["aws:iam/rolePolicyAttachment:RolePolicyAttachment::platform-prod-recovery-backup-AWSBackupServiceRolePolicyForS3Backup"],
        message:
            /attaches arn:aws:iam::aws:policy\/service-role\/AWSBackupServiceRolePolicyForS3Backup, which does not exist: .* lives at arn:<partition>:iam::aws:policy\/AWSBackupServiceRolePolicyForS3Backup\. Use that ARN\./,
        transform: onNamed("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "platform-prod-recovery-backup-AWSBackupServiceRolePolicyForS3Backup", (props) => ({
            props: { ...props, policyArn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup" },
        })),
    },
    "ebs-csi-associated-twice": {
        description: "finding 3: a standalone Pod Identity association for the EBS CSI controller beside the add-on's",
        policy: "pod-identity-association-unique",
        targets: ["aws:eks/addon:Addon::platform-prod-addons-ebs-csi"],
        message:
            /Service account kube-system\/ebs-csi-controller-sa is associated twice on cluster platform-prod: by PodIdentityAssociation "platform-prod-addons-cluster-autoscaler" and by the podIdentityAssociations of add-on "platform-prod-addons-ebs-csi"; EKS accepts one association per service account\. Remove one of them\./,
        transform: onNamed("aws:eks/podIdentityAssociation:PodIdentityAssociation", "platform-prod-addons-cluster-autoscaler", (props) => ({
            props: { ...props, serviceAccount: "ebs-csi-controller-sa" },
        })),
    },
    "autoscaling-role-missing": {
        description: "finding 6: the storage key names AWSServiceRoleForAutoScaling, which the stack does not create",
        policy: "kms-key-policy-principals-exist",
        targets: ["aws:kms/key:Key::platform-prod-keys-storage"],
        message:
            /KMS key "platform-prod-keys-storage" names the service-linked role .*AWSServiceRoleForAutoScaling in its policy, and the stack has no aws\.iam\.ServiceLinkedRole for autoscaling\.amazonaws\.com: .*Create \(or import\) the role/,
        // The stack has no Auto Scaling role (another service's instead) and the key names the Auto Scaling one, as at 0549e6f.
        transform: (args) => {
            if (args.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole") {
                return { props: { ...args.props, awsServiceName: "elasticloadbalancing.amazonaws.com" }, opts: args.opts };
            }
            if (args.type === "aws:kms/key:Key" && args.name === "platform-prod-keys-storage") {
                const autoScaling = (json: string) =>
                    json.replace(/elasticloadbalancing\.amazonaws\.com\/AWSServiceRoleForElasticLoadBalancing/g, "autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
                return { props: { ...args.props, policy: editedDocument(args.props.policy, autoScaling) }, opts: args.opts };
            }
            return undefined;
        },
    },
    "backup-replica-unlocked": {
        description: "finding 10: Velero's locked backups replicate into an unlocked replica by a role that cannot read retention",
        policy: "s3-replication-object-lock",
        targets: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig::platform-prod-recovery-backups-replication"],
        message:
            /copies Object Lock bucket "platform-prod-recovery-backups" into "platform-prod-recovery-backups-replica", which has no Object Lock: S3 refuses every locked object\./,
        transform: (args) => {
            if (args.name === "platform-prod-recovery-backups-replica" && args.type === "aws:s3/bucket:Bucket") {
                return { props: { ...args.props, objectLockEnabled: false }, opts: args.opts };
            }
            if (args.name === "platform-prod-recovery-backups-replica" && args.type === "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration") {
                return { props: { ...args.props, bucket: "detached-from-the-replica" }, opts: args.opts };
            }
            if (args.name === "platform-prod-recovery-backups-replication" && args.type === "aws:iam/rolePolicy:RolePolicy") {
                const withoutLockReads = (json: string) => json.replace(/"s3:GetObjectRetention",|"s3:GetObjectLegalHold",?/g, "");
                return { props: { ...args.props, policy: editedDocument(args.props.policy, withoutLockReads) }, opts: args.opts };
            }
            return undefined;
        },
    },
    "branding-detached": {
        description: "finding 12: managed login (v2) without a branding style for automatrix's client",
        policy: "cognito-managed-login-branding",
        targets: ["aws:cognito/userPoolClient:UserPoolClient::platform-prod-users-automatrix"],
        message: /App client "platform-prod-users-automatrix" belongs to a user pool with managed login \(v2\) but has no ManagedLoginBranding: .*Add one for this client\./,
        transform: onType("aws:cognito/managedLoginBranding:ManagedLoginBranding", (props) => ({ props: { ...props, clientId: "detached-from-the-client" } })),
    },
    "alerts-unsubscribed": {
        description: "finding 13: the alerts topic without subscriptions",
        policy: "alert-topic-subscribed",
        targets: ["aws:sns/topic:Topic::platform-prod-observability-alerts"],
        message: /SNS topic "platform-prod-observability-alerts" receives the alerts of .* but has no subscription in the stack: they reach nobody\. Subscribe someone to it\./,
        transform: onType("aws:sns/topicSubscription:TopicSubscription", (props) => ({ props: { ...props, topic: "arn:aws:sns:us-east-1:111122223333:another-topic" } })),
    },
    "ecr-template-without-role": {
        description: "finding 14: the KMS repository creation template without customRoleArn",
        policy: "ecr-creation-template-role",
        targets: ["aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate::platform-prod-registry-replicas"],
        message: /ECR repository creation template "platform-prod-registry-replicas" encrypts with a KMS key without customRoleArn; .*Set customRoleArn\./,
        transform: onType("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", (props) => ({ props: { ...props, customRoleArn: undefined } })),
    },
    "pod-identity-trust-open": {
        description: "finding 17: relaycore's Pod Identity role trusts any cluster of the account",
        policy: "pod-identity-trust-scoped",
        targets: ["aws:iam/role:Role::relaycore-aws"],
        message: /Role "relaycore-aws" trusts EKS Pod Identity without naming the cluster .* or the service account .*Add the condition\./,
        transform: onNamed("aws:iam/role:Role", "relaycore-aws", (props) => ({
            props: {
                ...props,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
                }),
            },
        })),
    },
    "alb-threshold-from-probe": {
        description: "minor finding: the readiness failureThreshold (120) as the ALB unhealthy threshold",
        policy: "alb-health-check-ranges",
        targets: ["kubernetes:networking.k8s.io/v1:Ingress::automatrix"],
        message: /Ingress "automatrix": alb\.ingress\.kubernetes\.io\/unhealthy-threshold-count is "120"; an ALB target group accepts 2 to 10\./,
        transform: onNamed("kubernetes:networking.k8s.io/v1:Ingress", "automatrix", (props) => ({
            props: { ...props, metadata: { ...props.metadata, annotations: { ...props.metadata.annotations, "alb.ingress.kubernetes.io/unhealthy-threshold-count": "120" } } },
        })),
    },
};
