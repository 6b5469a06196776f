import { z } from "zod";
import { largestVpcMaskFor, SUBNET_MASKS, VPC_MASK_RANGE } from "../../components/network/layout";
import { cidr, cidrProblem, Environment } from "./validators";

/** AWS services the nodes call, reachable through VPC endpoints instead of the NAT gateways. */
export const VPC_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "s3", "sts", "secretsmanager", "logs"] as const;

export function networkSchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /** VPC CIDR block; subnets are carved from it per availability zone. */
            cidr: cidr().default("10.0.0.0/16"),
            /** Availability zones to spread subnets, NAT and nodes over (prod: at least 3). */
            availabilityZones: z
                .number()
                .int()
                .min(prod ? 3 : 2)
                .max(4)
                .default(prod ? 3 : 2),
            /** `onePerAz` survives the loss of a zone; `single` saves cost (dev only). */
            natGateways: z.enum(["onePerAz", "single"]).default(prod ? "onePerAz" : "single"),
            /** Interface/gateway endpoints for the services nodes call. */
            vpcEndpoints: z.array(z.enum(VPC_ENDPOINT_SERVICES)).default(prod ? [...VPC_ENDPOINT_SERVICES] : ["s3"]),
            /** Retention of the VPC flow logs (KMS-encrypted CloudWatch log group). */
            flowLogRetentionDays: z
                .number()
                .int()
                .min(1)
                .default(prod ? 365 : 30),
        })
        .superRefine((network, ctx) => {
            const mask = Number(network.cidr.split("/")[1]);
            const largest = Math.max(VPC_MASK_RANGE.largest, Math.min(VPC_MASK_RANGE.smallest, largestVpcMaskFor(network.availabilityZones)));
            if (!cidrProblem(network.cidr) && (mask < VPC_MASK_RANGE.largest || mask > largest)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["cidr"],
                    input: network.cidr,
                    message:
                        mask < VPC_MASK_RANGE.largest
                            ? `is larger than AWS allows for a VPC; expected a mask from /${VPC_MASK_RANGE.largest} to /${largest}`
                            : `is too small for ${network.availabilityZones} zones of a private /${SUBNET_MASKS.private} and a public /${SUBNET_MASKS.public} subnet each; expected a mask from /${VPC_MASK_RANGE.largest} to /${largest}`,
                });
            }
            if (prod && network.natGateways !== "onePerAz") {
                ctx.addIssue({
                    code: "custom",
                    path: ["natGateways"],
                    input: network.natGateways,
                    message: 'is not allowed in prod; expected "onePerAz" so a zone outage keeps egress',
                });
            }
        })
        .prefault({});
}

export type NetworkConfig = z.output<ReturnType<typeof networkSchema>>;
