import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, policyDocument } from "../shared/iam";

export interface WebAclArgs {
    aws: AwsContext;
    /** Requests per 5 minutes per client IP before the rate rule blocks. Default: 2000. */
    rateLimitPer5Minutes?: number;
    /** Add AWS Bot Control (extra cost). Default: false. */
    botControl?: boolean;
    /** KMS key of the WAF log group. */
    logsKeyArn: pulumi.Input<string>;
    /** Default: 365 days. */
    logRetentionDays?: number;
    provider: aws.Provider;
}

type Rule = aws.types.input.wafv2.WebAclRule;

function visibility(metricName: string) {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

function managedGroup(priority: number, name: string, extra: Partial<aws.types.input.wafv2.WebAclRuleStatementManagedRuleGroupStatement> = {}): Rule {
    return {
        name,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name, ...extra } },
        visibilityConfig: visibility(name),
    };
}

/**
 * A regional AWS WAF web ACL for the ALBs: the AWS managed rule groups (common, known bad
 * inputs, IP reputation, SQL injection; Bot Control and account takeover prevention optional),
 * a per-IP rate rule, and full logging to a KMS-encrypted log group.
 */
export class WebAcl extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:WebAcl", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const rules: Rule[] = [
            managedGroup(10, "AWSManagedRulesAmazonIpReputationList"),
            managedGroup(20, "AWSManagedRulesCommonRuleSet"),
            managedGroup(30, "AWSManagedRulesKnownBadInputsRuleSet"),
            managedGroup(40, "AWSManagedRulesSQLiRuleSet"),
            {
                name: "rate-limit-per-ip",
                priority: 50,
                action: { block: {} },
                statement: { rateBasedStatement: { limit: args.rateLimitPer5Minutes ?? 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
                visibilityConfig: visibility("rate-limit-per-ip"),
            },
        ];
        if (args.botControl) {
            rules.push(managedGroup(60, "AWSManagedRulesBotControlRuleSet", { managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: "COMMON" } }] }));
        }
        const acl = new aws.wafv2.WebAcl(
            name,
            {
                scope: "REGIONAL",
                description: "API protection for the platform's internet-facing load balancers",
                defaultAction: { allow: {} },
                rules,
                visibilityConfig: visibility(name),
            },
            childOpts,
        );
        this.arn = acl.arn;

        // WAF only delivers to log groups named aws-waf-logs-*, and needs a resource policy to do so.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `aws-waf-logs-${name}`,
                retentionInDays: args.logRetentionDays ?? 365,
                kmsKeyId: args.logsKeyArn,
            },
            childOpts,
        );
        new aws.cloudwatch.LogResourcePolicy(
            `${name}-logs`,
            {
                policyName: `aws-waf-logs-${name}`,
                policyDocument: policyDocument([
                    {
                        Effect: "Allow",
                        Principal: { Service: "delivery.logs.amazonaws.com" },
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`${logGroup.arn}:*`,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": args.aws.accountId },
                            ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${args.aws.partition}:logs:${args.aws.region}:${args.aws.accountId}:*` },
                        },
                    },
                ]),
            },
            childOpts,
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            name,
            {
                resourceArn: acl.arn,
                logDestinationConfigs: [logGroup.arn],
                redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
            },
            childOpts,
        );
        this.registerOutputs({ arn: this.arn });
    }
}
