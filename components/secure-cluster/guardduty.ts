import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EksThreatDetectionArgs {
    /** The account's GuardDuty detector; undefined creates one (an account has at most one per region). */
    detectorId?: string;
    provider: aws.Provider;
}

/**
 * GuardDuty for EKS: runtime monitoring with the agent managed by GuardDuty as an EKS add-on,
 * and EKS audit log analysis. RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING; the two
 * must not both be on.
 */
export class EksThreatDetection extends pulumi.ComponentResource {
    constructor(name: string, args: EksThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:EksThreatDetection", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const detectorId = args.detectorId ?? new aws.guardduty.Detector(name, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }, childOpts).id;
        new aws.guardduty.DetectorFeature(
            `${name}-runtime-monitoring`,
            {
                detectorId,
                name: "RUNTIME_MONITORING",
                status: "ENABLED",
                additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }],
            },
            childOpts,
        );
        new aws.guardduty.DetectorFeature(`${name}-eks-audit-logs`, { detectorId, name: "EKS_AUDIT_LOGS", status: "ENABLED" }, childOpts);
        this.registerOutputs({});
    }
}
