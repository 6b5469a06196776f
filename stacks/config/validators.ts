import * as aws from "@pulumi/aws/types/enums";
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { parseImageReference } from "../../policies/lib/image-reference";
import { checkDate, EKS_VERSIONS, supportStatus } from "../../policies/lib/eks-versions";
import { INSTANCE_TYPES, instanceType } from "../../policies/lib/instance-types";
import { ADDONS_KUBERNETES_MINOR } from "../../components/secure-cluster/versions";
import { closest, didYouMean } from "./suggest";

/** Field validators shared by the config schemas; messages read after `<key path>: <value>`. */

export type Environment = "dev" | "prod";

/**
 * An IPv4 CIDR block naming a network, in canonical form: no leading zeros (`10.020.0.0/16` reads
 * as octal to some parsers and is refused by others) and no host bits set (AWS rejects
 * `10.0.0.1/16` for a VPC).
 */
export const cidr = () =>
    z.string().superRefine((value, ctx) => {
        const problem = cidrProblem(value);
        if (problem) {
            ctx.addIssue({ code: "custom", message: problem });
        }
    });

/** What is wrong with an IPv4 CIDR block (see `cidr`), or undefined when it is a canonical network. */
export function cidrProblem(value: string): string | undefined {
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value) || !ipaddr.IPv4.isValidCIDR(value)) {
        return "is not an IPv4 CIDR block; expected e.g. 10.20.0.0/16";
    }
    const canonical = value.replace(/\d+/g, (part) => String(Number(part)));
    if (canonical !== value) {
        return `has leading zeros; expected ${canonical}`;
    }
    const [address, bits] = ipaddr.IPv4.parseCIDR(value);
    const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
    return network === address.toString() ? undefined : `has host bits set; expected ${network}/${bits}`;
}

/**
 * A key earlier versions accepted and this one refuses, with why and what replaces it: a stack
 * config written for the old behaviour fails with the reason, not as an unknown key.
 */
export const removed = (why: string) =>
    z
        .unknown()
        .superRefine((_value, ctx) => ctx.addIssue({ code: "custom", message: `is no longer supported: ${why}` }))
        .optional();

/**
 * A Kubernetes minor EKS runs in standard support on the check date (policies/lib/eks-versions.ts;
 * upgrade policy STANDARD) that the pinned add-ons are built for.
 */
export const kubernetesVersion = () =>
    z.string().superRefine((value, ctx) => {
        const status = supportStatus(value, checkDate());
        const known = Object.keys(EKS_VERSIONS).join(", ");
        if (status.state === "unknown") {
            ctx.addIssue({ code: "custom", message: `is not an EKS Kubernetes version the platform knows; expected one of ${known}` });
        } else if (status.state === "ended") {
            ctx.addIssue({
                code: "custom",
                message: `left EKS standard support on ${status.since} (checked ${checkDate()}); upgrade to "${ADDONS_KUBERNETES_MINOR}" (docs/operations.md, Upgrade Kubernetes)`,
            });
        } else if (value !== ADDONS_KUBERNETES_MINOR) {
            ctx.addIssue({
                code: "custom",
                message: `does not match the pinned add-ons: Cluster Autoscaler is released per Kubernetes minor and pinned for ${ADDONS_KUBERNETES_MINOR}; expected "${ADDONS_KUBERNETES_MINOR}"`,
            });
        }
    });

export const emailAddress = () => z.email({ message: "is not an e-mail address" });

/** Every region the installed @pulumi/aws knows (its Region enum). */
export const AWS_REGIONS: readonly string[] = Object.values(aws.Region);

export const awsRegion = () =>
    z.string().superRefine((value, ctx) => {
        if (!AWS_REGIONS.includes(value)) {
            ctx.addIssue({ code: "custom", message: `is not an AWS region; ${didYouMean(value, AWS_REGIONS)}` });
        }
    });

/** An EC2 instance type AWS publishes (policies/lib/instance-types.json) of the node pools' architecture. */
export const ec2InstanceType = (arch: string) =>
    z.string().superRefine((value, ctx) => {
        const type = instanceType(value);
        if (!type) {
            const close = closest(value, Object.keys(INSTANCE_TYPES.types));
            const hint = close.length > 0 ? `did you mean ${close.join(" or ")}?` : "expected a type AWS publishes, e.g. m7i.large (policies/lib/instance-types.json)";
            ctx.addIssue({ code: "custom", message: `is not an EC2 instance type; ${hint}` });
        } else if (type.arch !== arch) {
            ctx.addIssue({ code: "custom", message: `is an ${type.arch} instance type; the node pools run ${arch} images, e.g. m7i.large` });
        }
    });

/** An image pinned by digest: `repo[:tag]@sha256:<64 hex>`. */
export const pinnedImage = () =>
    z.string().superRefine((value, ctx) => {
        const ref = parseImageReference(value);
        if (typeof ref === "string") {
            ctx.addIssue({ code: "custom", message: `is not an image reference (${ref}); expected repo:1.2.3@sha256:<64 hex>` });
        } else if (!ref.digest) {
            ctx.addIssue({ code: "custom", message: "is not pinned; use an immutable tag with a digest, e.g. repo@sha256:<64 hex>" });
        }
    });

/** Kubernetes quantities in the forms we accept for sizing: cpu `250m` / `2`, memory `512Mi` / `4Gi`. */
export const cpuQuantity = () => z.string().regex(/^(\d+m|\d+(\.\d+)?)$/, { message: 'is not a CPU quantity; expected millicores like "250m" or cores like "2"' });
export const memoryQuantity = () => z.string().regex(/^\d+(Mi|Gi)$/, { message: 'is not a memory quantity; expected e.g. "512Mi" or "4Gi"' });

export function cpuMillis(quantity: string): number {
    return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

export function memoryMiB(quantity: string): number {
    return quantity.endsWith("Gi") ? Number(quantity.slice(0, -2)) * 1024 : Number(quantity.slice(0, -2));
}

export const awsArn = (service: string) => z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), { message: `is not an ARN of ${service}; expected arn:aws:${service}:…` });

export const kubernetesName = () =>
    z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: "is not a valid Kubernetes name; expected lower-case letters, digits and '-' (at most 63)" });
