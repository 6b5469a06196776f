import { z } from "zod";
import { Environment } from "./validators";

const region = () => z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "is not an AWS region; expected e.g. us-west-2" });

export function drSchema(_env: Environment) {
    return z
        .strictObject({
            /** `primary` serves traffic and replicates out; `standby` is the warm copy in the DR region. */
            role: z.enum(["primary", "standby"]).default("primary"),
            /** Region that receives replicas (primary) or that this standby protects against losing (standby). */
            peerRegion: region().optional(),
            /** Standby only: the primary's stack, `<org>/<project>/<stack>`, read through a StackReference. */
            primaryStack: z.string().regex(/^([\w.-]+\/){0,2}[\w.-]+$/, { message: "is not a stack name; expected <org>/<project>/<stack>" }).optional(),
        })
        .superRefine((dr, ctx) => {
            if (dr.role === "standby" && !dr.primaryStack) {
                ctx.addIssue({ code: "custom", path: ["primaryStack"], input: dr.primaryStack, message: "is required for a standby stack; expected <org>/<project>/<stack> of the primary" });
            }
        })
        .prefault({});
}

export type DrConfig = z.output<ReturnType<typeof drSchema>>;
