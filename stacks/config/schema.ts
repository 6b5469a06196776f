import { z } from "zod";
import { clusterSchema } from "./cluster";
import { costSchema } from "./cost";
import { drSchema } from "./dr";
import { networkSchema } from "./network";
import { observabilitySchema } from "./observability";
import { servicesSchema } from "./services";
import { Environment } from "./validators";

/** The whole stack configuration: every `platform:<key>` of `Pulumi.<stack>.yaml`, typed. */
export function stackConfigSchema(env: Environment) {
    return z
        .strictObject({
            /** `dev` or `prod`; chooses the defaults and the stricter rules of prod. */
            environment: z.literal(env),
            /** Team that owns the stack; becomes the `owner` cost allocation tag. */
            owner: z.string().min(1),
            /** Finance cost center; becomes the `cost-center` tag. */
            costCenter: z.string().min(1),
            network: networkSchema(env),
            cluster: clusterSchema(env),
            services: servicesSchema(env),
            observability: observabilitySchema(env),
            dr: drSchema(env),
            cost: costSchema(env),
        })
        .superRefine((config, ctx) => {
            for (const service of Object.keys(config.cost.serviceBudgetsUsd)) {
                if (!(service in config.services)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["cost", "serviceBudgetsUsd", service],
                        input: service,
                        message: `is not a service of this stack; expected one of ${Object.keys(config.services).join(", ")}`,
                    });
                }
            }
        });
}

export type StackSettings = z.output<ReturnType<typeof stackConfigSchema>>;
