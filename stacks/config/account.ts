import { z } from "zod";

/**
 * The AWS account the stack deploys into, and which account-wide singletons the stack creates (a
 * fresh account) or finds there (an existing one). A pack cannot see an account, so the stack
 * says: the first stack in an account and region creates, the others adopt (`import`) or read
 * (`existing`). docs/operations.md walks both paths.
 */
export function accountSchema() {
    return z.strictObject({
        /** The account ID; the AWS provider refuses to run against any other account (allowedAccountIds). */
        id: z.string().regex(/^\d{12}$/, { message: "is not an AWS account ID; expected 12 digits" }),
        /**
         * AWSServiceRoleForAutoScaling (one per account): node groups launch encrypted volumes through it and
         * the storage key's policy names it. `create` in a fresh account; `import` where it exists (any
         * account that ran an Auto Scaling group). Never deleted by a stack.
         */
        autoScalingServiceLinkedRole: z.enum(["create", "import"]),
        /** GuardDuty's detector (one per account and region): `create`, or `existing` to find the region's detector. */
        guardDutyDetector: z.enum(["create", "existing"]),
        /**
         * The services' ECR repositories (one per account and region): `create` (and replicate to the DR
         * region), `import` (adopt existing ones into this stack), or `external` (another stack or team owns them).
         */
        containerRepositories: z.enum(["create", "import", "external"]),
    });
}

export type AccountConfig = z.output<ReturnType<typeof accountSchema>>;
