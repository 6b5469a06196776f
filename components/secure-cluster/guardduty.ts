import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EksThreatDetectionArgs {
    /**
     * The region's GuardDuty detector: `create` it (a fresh account), or find the `existing` one. An
     * account has at most one per region, so creating a second fails (BadRequestException).
     */
    detector: "create" | "existing";
    provider: aws.Provider;
}

/**
 * GuardDuty for EKS: runtime monitoring with the agent managed by GuardDuty as an EKS add-on,
 * and EKS audit log analysis. RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING; the two
 * must not both be on. Agent management is account-wide: a cluster opts out with the
 * `GuardDutyManaged: false` tag (EksControlPlaneArgs.guardDutyManaged).
 */
export class EksThreatDetection extends pulumi.ComponentResource {
    constructor(name: string, args: EksThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:EksThreatDetection", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const detectorId =
            args.detector === "existing"
                ? aws.guardduty.getDetectorOutput({}, childOpts).id
                : new aws.guardduty.Detector(name, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }, childOpts).id;
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
