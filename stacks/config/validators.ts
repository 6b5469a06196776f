import { z } from "zod";
import { parseImageReference } from "../../policies/lib/image-reference";

/** Field validators shared by the config schemas; messages read after `<key path>: <value>`. */

export type Environment = "dev" | "prod";

export const cidr = () =>
    z.string().refine(
        (value) => {
            const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
            return match !== null && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
        },
        { message: "is not an IPv4 CIDR block; expected e.g. 10.20.0.0/16" },
    );

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
