import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS_MANAGED_POLICY_PATHS, AwsManagedPolicy, parseAwsManagedPolicyArn } from "../lib/aws-managed-policies";
import { asArray, asObject, tryKnown } from "../lib/values";

/** The managed policy ARNs a resource attaches. */
function attachedPolicyArns(type: string, props: Record<string, any>): unknown[] {
    switch (type) {
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        case "aws:iam/policyAttachment:PolicyAttachment":
        case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
            return [tryKnown(() => props.policyArn)];
        case "aws:iam/role:Role":
            return asArray(tryKnown(() => props.managedPolicyArns));
        case "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
            return asArray(tryKnown(() => props.policyArns));
        default:
            return [];
    }
}

export const iamManagedPolicyArn: ResourceValidationPolicy = {
    name: "iam-managed-policy-arn",
    description:
        "AWS managed policies are attached by the ARN they exist at: some live under policy/service-role/, most at policy/, and the two differ within one service (AWS Backup). A wrong path names no policy and the attachment fails at `pulumi up`.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use the ARN the message names (policies/lib/aws-managed-policies.ts lists the managed policies the platform uses, from the AWS Managed Policy Reference).",
    validateResource: (args, reportViolation) => {
        for (const arn of attachedPolicyArns(args.type, args.props)) {
            const parsed = typeof arn === "string" ? parseAwsManagedPolicyArn(arn) : undefined;
            const path = parsed && AWS_MANAGED_POLICY_PATHS[parsed.name as AwsManagedPolicy];
            if (parsed && path && parsed.path !== path) {
                reportViolation(
                    `${args.type} "${args.name}" attaches ${arn}, which does not exist: ${parsed.name} lives at arn:<partition>:iam::aws:policy${path}${parsed.name}. Use that ARN.`,
                );
            }
        }
    },
};

const SERVICE_LINKED_ROLE = /^arn:[\w-]+:iam::\d{12}:role\/aws-service-role\/([^/]+)\/[\w+=,.@-]+$/;

/** Every principal ARN a policy document names. */
function principalArns(policy: Record<string, any> | undefined): string[] {
    return asArray(policy?.Statement).flatMap((statement) => {
        const aws = statement?.Principal?.AWS;
        return (Array.isArray(aws) ? aws : [aws]).filter((p): p is string => typeof p === "string");
    });
}

export const kmsKeyPolicyPrincipalsExist: StackValidationPolicy = {
    name: "kms-key-policy-principals-exist",
    description:
        "A KMS key policy that names a service-linked role (e.g. AWSServiceRoleForAutoScaling) is created after that role: KMS refuses a key policy whose principals do not exist (MalformedPolicyDocumentException), and in a fresh account the role exists only once something creates it.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add an aws.iam.ServiceLinkedRole for the service (with the `import` option where the account already has the role) and make the key depend on it (platform:account.autoScalingServiceLinkedRole).",
    validateStack: (args, reportViolation) => {
        const roles = args.resources.filter((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        const dependsOn = (key: PolicyResource, role: PolicyResource) => key.dependencies.some((d) => d.urn === role.urn);
        for (const key of args.resources.filter((r) => r.type === "aws:kms/key:Key")) {
            for (const principal of new Set(principalArns(asObject(tryKnown(() => key.props.policy))))) {
                const service = SERVICE_LINKED_ROLE.exec(principal)?.[1];
                const role = service && roles.find((r) => tryKnown(() => r.props.awsServiceName) === service);
                if (service && !(role && dependsOn(key, role))) {
                    reportViolation(
                        `KMS key "${key.name}" names the service-linked role ${principal} in its policy, ` +
                            `${role ? `but is not created after aws.iam.ServiceLinkedRole "${role.name}"` : `and the stack has no aws.iam.ServiceLinkedRole for ${service}`}: ` +
                            "in an account without that role KMS refuses the policy. Create (or import) the role in the stack and make the key depend on it.",
                        key.urn,
                    );
                }
            }
        }
    },
};
