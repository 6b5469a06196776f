import * as pulumi from "@pulumi/pulumi";

/** One protection taken out of what the program registers, and the policy that must then fire. */
export interface Breakage {
    description: string;
    /** Policy that must report a mandatory violation. */
    policy: string;
    /** `<type>::<name>` ends of the URNs of the resources it breaks, where the violations must be. */
    targets: string[];
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
};
