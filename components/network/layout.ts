/**
 * The subnets every availability zone gets, and what that asks of the VPC CIDR. Its own module
 * without SDK imports: config validation reads it.
 *
 * awsx's `Auto` subnet strategy (pulumi-awsx, nodejs/awsx/ec2/subnetDistributorNew.ts,
 * allocateSubnetCidrBlocks) splits the VPC into one block per zone of mask
 * `vpcMask + ceil(log2(zones))` and packs the zone's subnets into it; a zone block too small fails
 * the real `pulumi up` ("Subnets are too large for VPC"). AWS allows VPC masks /16 to /28 (Amazon
 * VPC user guide, VPC CIDR blocks). Read 2026-12-08.
 */
export const SUBNET_MASKS = { private: 19, public: 22 } as const;

/** AWS's largest and smallest VPC CIDR masks. */
export const VPC_MASK_RANGE = { largest: 16, smallest: 28 } as const;

/** The largest VPC mask (smallest VPC) that holds the subnets of `zones` availability zones. */
export function largestVpcMaskFor(zones: number): number {
    const perZone = Object.values(SUBNET_MASKS).reduce((sum, mask) => sum + 2 ** (32 - mask), 0);
    const zoneMask = 32 - Math.ceil(Math.log2(perZone));
    return zoneMask - Math.ceil(Math.log2(zones));
}
