import { z } from "zod";
import { awsArn, Environment, kubernetesName, pinnedImage } from "./validators";

/** A secret the service reads; its value lives only in AWS Secrets Manager. */
const secretSchema = z.strictObject({
    /** Secret name below the service's prefix: `<stack prefix>/<service>/<name>`. */
    name: kubernetesName(),
    /** What the secret holds, for people. */
    description: z.string().default(""),
    /** Automatic rotation: a rotation Lambda (ARN) and the schedule. Without it the secret is rotated by its owner. */
    rotation: z.strictObject({ lambdaArn: awsArn("lambda"), days: z.number().int().min(1).max(365).default(30) }).optional(),
});

export function serviceSchema(_env: Environment) {
    return z.strictObject({
        /** Container image pinned by digest: `repo[:tag]@sha256:<64 hex>`. */
        image: pinnedImage(),
        /** Port the service listens on. */
        port: z.number().int().min(1).max(65535).default(8080),
        /** Secrets in AWS Secrets Manager, synced into the namespace by External Secrets. */
        secrets: z.array(secretSchema).default([]),
    });
}

export function servicesSchema(env: Environment) {
    return z.record(kubernetesName(), serviceSchema(env)).prefault({});
}

export type ServiceConfig = z.output<ReturnType<typeof serviceSchema>>;
export type ServiceSecretConfig = z.output<typeof secretSchema>;
