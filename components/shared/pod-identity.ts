import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityTrustPolicy, policyDocument, PolicyStatement } from "./iam";

/**
 * Egress a pod needs to get Pod Identity credentials: the EKS Pod Identity agent on its node,
 * 169.254.170.23:80 and [fd00:ec2::23]:80 (EKS user guide, "Understand how EKS Pod Identity
 * works"). A namespace whose NetworkPolicies allow only 443 gets no AWS credentials.
 */
export const POD_IDENTITY_AGENT_EGRESS = {
    to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }],
    ports: [{ protocol: "TCP", port: 80 }],
};

/** An EKS cluster as Pod Identity needs it: the name associations name, the ARN trust policies name. */
export interface EksClusterRef {
    name: pulumi.Input<string>;
    arn: pulumi.Input<string>;
}

export interface PodIdentityRoleArgs {
    /** EKS cluster whose Pod Identity agent hands out the role; only its service account may assume it. */
    cluster: EksClusterRef;
    /** Namespace of the Kubernetes ServiceAccount. */
    namespace: string;
    /** Name of the Kubernetes ServiceAccount that gets the role. */
    serviceAccount: string;
    /** What the workload may do in AWS: least privilege, no `*` action on `*`. */
    statements: pulumi.Input<PolicyStatement>[];
    /** AWS-managed policies to attach as well (only where AWS maintains the exact list, e.g. the EBS CSI driver). */
    managedPolicyArns?: string[];
    /** IAM role name, when others must know it in advance (bucket policies). Default: generated. */
    roleName?: string;
    /**
     * `addon` when an EKS add-on's `podIdentityAssociations` associates the role itself: EKS allows
     * one association per service account, so this component then creates none. Default: `role`.
     */
    associatedBy?: "role" | "addon";
    /** Extra tags, e.g. the owning `service` for cost allocation. Default: none (provider defaultTags apply). */
    tags?: Record<string, string>;
    provider: aws.Provider;
}

/**
 * An IAM role one Kubernetes ServiceAccount assumes through EKS Pod Identity: the role, its
 * inline policy and the association. Pod Identity needs no OIDC trust per cluster and survives
 * cluster replacement (the association is re-created, the role stays).
 */
export class PodIdentityRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:iam:PodIdentityRole", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        this.role = new aws.iam.Role(
            name,
            {
                name: args.roleName,
                description: `Pod Identity role of ${args.namespace}/${args.serviceAccount}`,
                assumeRolePolicy: podIdentityTrustPolicy(args.cluster.arn, args.namespace, args.serviceAccount),
                maxSessionDuration: 3600,
                tags: args.tags,
            },
            childOpts,
        );
        if (args.statements.length > 0) {
            new aws.iam.RolePolicy(name, { role: this.role.id, policy: policyDocument(args.statements) }, childOpts);
        }
        (args.managedPolicyArns ?? []).forEach((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-${i}`, { role: this.role.name, policyArn }, childOpts));
        if (args.associatedBy !== "addon") {
            new aws.eks.PodIdentityAssociation(
                name,
                { clusterName: args.cluster.name, namespace: args.namespace, serviceAccount: args.serviceAccount, roleArn: this.role.arn },
                childOpts,
            );
        }
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
