import { ResourceValidationPolicy } from "@pulumi/policy";
import { autonameOf, AWS_NAME_RULES, NameRule, PREFIX_SUFFIX } from "../lib/aws-name-limits";
import { tryKnown } from "../lib/values";

/** Why AWS would refuse this name, or undefined. */
function nameProblem(name: string, rule: NameRule): string | undefined {
    if (name.length > rule.maxLength || name.length < rule.minLength) {
        return `${name.length} characters long; AWS allows ${rule.minLength} to ${rule.maxLength}`;
    }
    if (rule.pattern && !rule.pattern.test(name)) {
        return `not valid; expected ${rule.expected}`;
    }
    const forbidden = rule.forbidden?.find((f) => f.pattern.test(name));
    return forbidden && `refused: it ${forbidden.why}`;
}

/** The name AWS will see (given, from a prefix, or autonamed) and how it came about. */
function effectiveName(logicalName: string, props: Record<string, any>, rule: NameRule): { name: string; how: string } | undefined {
    // null: not given; undefined: unknown during preview (the real name is checked once known).
    const given = tryKnown(() => props[rule.property] ?? null);
    if (typeof given === "string") {
        return { name: given, how: `its ${rule.property}` };
    }
    if (given !== null) {
        return undefined;
    }
    const prefix = rule.prefixProperty ? tryKnown(() => props[rule.prefixProperty!] ?? null) : null;
    if (typeof prefix === "string") {
        return { name: `${prefix}${"0".repeat(PREFIX_SUFFIX)}`, how: `its ${rule.prefixProperty} plus the ${PREFIX_SUFFIX} characters the provider appends` };
    }
    if (prefix === null && rule.autoname) {
        return { name: autonameOf(logicalName, rule), how: `the name pulumi-aws derives from the logical name (it appends ${rule.autoname.separator} and 7 random characters)` };
    }
    return undefined;
}

export const awsResourceNames: ResourceValidationPolicy = {
    name: "aws-resource-names",
    description:
        "Names AWS will accept: every named or autonamed AWS resource (IAM, S3, KMS aliases, EKS, Backup, ECR, Cognito, WAF, load balancers and more) fits the length and characters AWS allows, counting the suffix pulumi-aws appends to a logical name.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Shorten the resource's logical name (pulumi-aws autonames `<logical name>-<7 random characters>` and fails beyond the limit), or give it an explicit name within the limit and the allowed characters the message names. The limits and their sources are in policies/lib/aws-name-limits.ts.",
    validateResource: (args, reportViolation) => {
        const rule = AWS_NAME_RULES[args.type];
        const effective = rule && effectiveName(args.name, args.props, rule);
        const problem = effective && nameProblem(effective.name, rule);
        if (effective && problem) {
            reportViolation(
                `${args.type} "${args.name}": ${effective.how} "${effective.name}" is ${problem} (${rule.source}). ` +
                    `Shorten the logical name or set ${rule.property} to a valid name.`,
            );
        }
    },
};
