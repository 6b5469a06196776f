import { z } from "zod";
import { Environment, removed } from "./validators";

export function identitySchema(env: Environment) {
    const prod = env === "prod";
    return z
        .strictObject({
            /** `required`: every user has a TOTP second factor; `optional`: users may enrol one. */
            mfa: z.enum(["required", "optional"]).default(prod ? "required" : "optional"),
            /** Cognito threat protection (Plus tier): `enforced` blocks risky sign-ins, `audit` only reports. */
            threatProtection: z.enum(["enforced", "audit"]).default(prod ? "enforced" : "audit"),
            /** Prefix of the hosted-UI domain `<prefix>.auth.<region>.amazoncognito.com`. */
            domainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: "is not a Cognito domain prefix; expected lower-case letters, digits and '-'" }),
            passwordMinimumLength: z
                .number()
                .int()
                .min(prod ? 14 : 12)
                .max(99)
                .default(prod ? 14 : 12),
            /** Only administrators create users (no self sign-up). */
            adminCreateUserOnly: z.boolean().default(true),
            /** Was WAF account takeover prevention on the ALBs; logins happen on the Cognito domain instead. */
            accountTakeoverPrevention: removed(
                "users log in on the Cognito domain, not on the load balancers, so WAF account takeover prevention there inspects no login; " +
                    'Cognito threat protection covers it (threatProtection: "enforced"). Remove the key.',
            ),
        })
        .superRefine((identity, ctx) => {
            if (prod && identity.mfa !== "required") {
                ctx.addIssue({ code: "custom", path: ["mfa"], input: identity.mfa, message: 'is not allowed in prod; expected "required"' });
            }
            if (prod && identity.threatProtection !== "enforced") {
                ctx.addIssue({ code: "custom", path: ["threatProtection"], input: identity.threatProtection, message: 'is not allowed in prod; expected "enforced"' });
            }
        });
}

export type IdentityConfig = z.output<ReturnType<typeof identitySchema>>;
