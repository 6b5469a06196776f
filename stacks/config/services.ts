import { z } from "zod";
import { Environment, kubernetesName, pinnedImage } from "./validators";

export function serviceSchema(_env: Environment) {
    return z.strictObject({
        /** Container image pinned by digest: `repo[:tag]@sha256:<64 hex>`. */
        image: pinnedImage(),
        /** Port the service listens on. */
        port: z.number().int().min(1).max(65535).default(8080),
    });
}

export function servicesSchema(env: Environment) {
    return z.record(kubernetesName(), serviceSchema(env)).prefault({});
}

export type ServiceConfig = z.output<ReturnType<typeof serviceSchema>>;
