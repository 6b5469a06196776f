import { z } from "zod";
import { awsArn } from "./validators";

/**
 * Where `pulumi preview` and `pulumi up` run: a GitHub Actions runner inside the stack's VPC (AWS
 * CodeBuild), since the EKS API endpoint is private. Absent: no runner; deploy from inside the VPC
 * some other way (docs/operations.md).
 */
export function deploySchema() {
    return z.strictObject({
        /** `owner/name` of the repository whose workflow jobs the runner takes. */
        githubRepository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: "is not a GitHub repository; expected owner/name" }),
        /** The CodeConnections connection to GitHub, authorised once in the console. */
        connectionArn: awsArn("codeconnections"),
    });
}
