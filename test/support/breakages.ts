import * as pulumi from "@pulumi/pulumi";

/** One protection taken out of what the program registers, and the policy that must then fire. */
export interface Breakage {
    description: string;
    /** Policy that must report a mandatory violation. */
    policy: string;
    transform: pulumi.ResourceTransformation;
}

function onType(type: string, change: (props: Record<string, any>, opts: pulumi.ResourceOptions) => { props?: Record<string, any>; opts?: pulumi.ResourceOptions }): pulumi.ResourceTransformation {
    return (args) => {
        if (args.type !== type) {
            return undefined;
        }
        const changed = change({ ...args.props }, { ...args.opts });
        return { props: changed.props ?? args.props, opts: changed.opts ?? args.opts };
    };
}

export const BREAKAGES: Record<string, Breakage> = {
    "kms-rotation-off": {
        description: "turns key rotation off",
        policy: "kms-key-rotation",
        transform: onType("aws:kms/key:Key", (props) => ({ props: { ...props, enableKeyRotation: false } })),
    },
    "api-endpoint-open": {
        description: "opens the EKS API endpoint to the internet",
        policy: "eks-endpoint-access",
        transform: onType("eks:index:Cluster", (props) => ({ props: { ...props, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } })),
    },
    "node-volumes-unencrypted": {
        description: "stops encrypting node root volumes",
        policy: "encryption-at-rest",
        transform: onType("aws:ec2/launchTemplate:LaunchTemplate", (props) => ({
            props: { ...props, blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3", volumeSize: 50, encrypted: "false" } }] },
        })),
    },
    "keys-unprotected": {
        description: "drops protect from the KMS keys",
        policy: "stateful-resources-protected",
        transform: onType("aws:kms/key:Key", (_props, opts) => ({ opts: { ...opts, protect: false } })),
    },
};
