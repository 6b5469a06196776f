/**
 * What AWS accepts as the name of each resource type, and how pulumi-aws names it when the
 * program gives no name. Mocks accept any name; AWS, the provider's validation and pulumi-aws's
 * autonaming do not, and a long logical name fails only at `pulumi up`.
 *
 * Autonaming (pulumi-aws provider/autonaming.go and resource_overrides.go; the bridge's
 * `resource.NewUniqueName`): `<logical name><separator><7 random hex>`, an error (never a
 * truncation) beyond the provider's own cap; only S3 lowercases. A `*Prefix` input gets 26
 * characters appended (terraform-provider-aws `id.UniqueIDSuffixLength`).
 *
 * Sources, read 2026-11-30: hashicorp/terraform-provider-aws internal/service/<service> validate.go
 * and resource schemas (the function named in each row), pulumi/pulumi-aws provider/autonaming.go
 * at 0c5f6583 and provider/resource_overrides.go at 015d3438, the AWS API references where the
 * provider does not validate (noted per row).
 */

export interface NameRule {
    /** The input that carries the name. */
    property: string;
    /** The input that carries a name prefix (26 characters are appended), if the type has one. */
    prefixProperty?: string;
    minLength: number;
    maxLength: number;
    /** The characters and shape AWS accepts. */
    pattern?: RegExp;
    /** Names AWS refuses though the pattern matches. */
    forbidden?: { pattern: RegExp; why: string }[];
    /** How the pattern reads in a message. */
    expected: string;
    /** pulumi-aws autonames the property: its separator, and the lowercasing it applies (S3 only). No autoname: the name is required. */
    autoname?: { separator: string; lowercase?: boolean };
    source: string;
}

const RANDOM_SUFFIX = 7;
export const PREFIX_SUFFIX = 26;

/** The name pulumi-aws gives a resource of this logical name, with placeholder random characters. */
export function autonameOf(logicalName: string, rule: NameRule): string {
    const base = rule.autoname?.lowercase ? logicalName.toLowerCase() : logicalName;
    return `${base}${rule.autoname!.separator}${"0".repeat(RANDOM_SUFFIX)}`;
}

const IAM_NAME = { pattern: /^[\w+=,.@-]+$/, expected: "letters, digits and +=,.@_-" };

/** WAFv2 web ACLs and rule groups share one name rule. */
const WAF_NAME = {
    property: "name",
    prefixProperty: "namePrefix",
    minLength: 1,
    maxLength: 128,
    pattern: /^[0-9A-Za-z_-]+$/,
    expected: "letters, digits, _ and -",
    autoname: { separator: "-" },
};

export const AWS_NAME_RULES: Record<string, NameRule> = {
    "aws:iam/role:Role": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 64,
        ...IAM_NAME,
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/iam/validate.go validResourceName (roleNameMaxLen 64)",
    },
    "aws:iam/policy:Policy": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 128,
        ...IAM_NAME,
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/iam/validate.go (policyNameMaxLen 128)",
    },
    "aws:iam/rolePolicy:RolePolicy": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 128,
        ...IAM_NAME,
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/iam/validate.go (rolePolicyNameMaxLen 128)",
    },
    "aws:iam/instanceProfile:InstanceProfile": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 128,
        ...IAM_NAME,
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/iam/validate.go (instanceProfileNameMaxLen 128)",
    },
    "aws:s3/bucket:Bucket": {
        property: "bucket",
        prefixProperty: "bucketPrefix",
        minLength: 3,
        maxLength: 63,
        pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
        forbidden: [
            { pattern: /^(xn--|sthree-|amzn-s3-demo-)/, why: "starts with a prefix S3 reserves" },
            { pattern: /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/, why: "ends with a suffix S3 reserves" },
            { pattern: /\.\./, why: "has two adjacent periods" },
        ],
        expected: "lowercase letters, digits, hyphens and periods, beginning and ending with a letter or digit",
        autoname: { separator: "-", lowercase: true },
        source: "AWS S3 user guide, bucket naming rules; terraform-provider-aws internal/service/s3/bucket.go validBucketName",
    },
    "aws:kms/alias:Alias": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 7,
        maxLength: 256,
        pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
        forbidden: [{ pattern: /^alias\/aws\//, why: "is in the alias/aws/ namespace AWS reserves" }],
        expected: "alias/ followed by letters, digits, /, _ and -",
        source: "terraform-provider-aws internal/service/kms/alias.go validNameForResource; AWS KMS CreateAlias AliasName (256)",
    },
    "aws:secretsmanager/secret:Secret": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 512,
        pattern: /^[0-9A-Za-z/_+=.@-]+$/,
        expected: "letters, digits and /_+=.@-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/secretsmanager/validate.go validSecretName",
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 512,
        pattern: /^[0-9A-Za-z_./#-]+$/,
        expected: "letters, digits and _./#-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/logs/validate.go validLogGroupName",
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        property: "name",
        minLength: 1,
        maxLength: 255,
        expected: "1 to 255 characters",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/cloudwatch/metric_alarm.go (alarm_name 1-255)",
    },
    "aws:sns/topic:Topic": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 80,
        pattern: /^[0-9A-Za-z_-]+(\.fifo)?$/,
        expected: "letters, digits, _ and - (a FIFO topic ends in .fifo)",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/sns/topic.go; pulumi-aws resource_overrides.go caps the autoname at 80",
    },
    "aws:sqs/queue:Queue": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 80,
        pattern: /^[0-9A-Za-z_-]+(\.fifo)?$/,
        expected: "letters, digits, _ and - (a FIFO queue ends in .fifo)",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/sqs/queue.go",
    },
    "aws:lambda/function:Function": {
        property: "name",
        minLength: 1,
        maxLength: 64,
        pattern: /^[0-9A-Za-z_-]+$/,
        expected: "letters, digits, _ and -",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/lambda/validate.go validFunctionName (64 for a bare name)",
    },
    "aws:cloudwatch/eventRule:EventRule": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 64,
        pattern: /^[0-9A-Za-z_.-]+$/,
        expected: "letters, digits and _.-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/events/validate.go validateRuleName",
    },
    "aws:eks/cluster:Cluster": {
        property: "name",
        minLength: 1,
        maxLength: 100,
        pattern: /^[0-9A-Za-z][0-9A-Za-z_-]*$/,
        expected: "letters, digits, _ and -, beginning with a letter or digit",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/eks/validate.go validClusterName",
    },
    "aws:eks/nodeGroup:NodeGroup": {
        property: "nodeGroupName",
        prefixProperty: "nodeGroupNamePrefix",
        minLength: 1,
        maxLength: 63,
        expected: "1 to 63 characters",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/eks/node_group.go (node_group_name 0-63)",
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 3,
        maxLength: 125,
        pattern: /^[0-9A-Za-z()./_-]+$/,
        expected: "letters, digits and ()./_-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/verify/validate.go ValidLaunchTemplateName",
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 255,
        forbidden: [{ pattern: /^sg-/, why: "starts with sg-, which AWS reserves for group IDs" }],
        expected: "1 to 255 characters",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group.go",
    },
    "aws:ecr/repository:Repository": {
        property: "name",
        minLength: 2,
        maxLength: 256,
        pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        expected: "lowercase path segments of letters and digits joined by . _ or -",
        autoname: { separator: "-" },
        source: "AWS ECR API reference, Repository.repositoryName (terraform-provider-aws does not validate it)",
    },
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": {
        property: "prefix",
        minLength: 2,
        maxLength: 256,
        pattern: /^(?:ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)$/,
        expected: "ROOT or a repository name prefix",
        source: "terraform-provider-aws internal/service/ecr/repository_creation_template.go",
    },
    "aws:backup/vault:Vault": {
        property: "name",
        minLength: 2,
        maxLength: 50,
        pattern: /^[a-zA-Z0-9_-]+$/,
        expected: "letters, digits, _ and -",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/backup/vault.go",
    },
    "aws:backup/plan:Plan": {
        property: "name",
        minLength: 1,
        maxLength: 50,
        pattern: /^[a-zA-Z0-9_.-]+$/,
        expected: "letters, digits and _.-",
        autoname: { separator: "-" },
        source: "AWS Backup API reference, BackupPlan.BackupPlanName (the provider does not validate it)",
    },
    "aws:backup/selection:Selection": {
        property: "name",
        minLength: 1,
        maxLength: 50,
        pattern: /^[0-9A-Za-z_.-]+$/,
        expected: "letters, digits and _.-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/backup/selection.go",
    },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
        property: "name",
        minLength: 1,
        maxLength: 50,
        pattern: /^[0-9A-Za-z_]+$/,
        expected: "letters, digits and _ (no hyphens)",
        autoname: { separator: "_" },
        source: "terraform-provider-aws internal/service/backup/restore_testing_plan.go; pulumi-aws autonames it with _",
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
        property: "name",
        minLength: 1,
        maxLength: 50,
        pattern: /^[0-9A-Za-z_]+$/,
        expected: "letters, digits and _ (no hyphens)",
        // pulumi-aws autonames it with "-", which the pattern refuses: the name must be given.
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/backup/restore_testing_selection.go",
    },
    "aws:budgets/budget:Budget": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 100,
        pattern: /^[^:\\]+$/,
        expected: "no : or \\",
        autoname: { separator: "-" },
        source: "AWS Budgets API reference, Budget.BudgetName (the provider does not validate it)",
    },
    "aws:cognito/userPool:UserPool": {
        property: "name",
        minLength: 1,
        maxLength: 128,
        pattern: /^[\w\s+=,.@-]+$/,
        expected: "letters, digits, spaces and +=,.@_-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/cognitoidp/user_pool.go",
    },
    "aws:cognito/userPoolClient:UserPoolClient": {
        property: "name",
        minLength: 1,
        maxLength: 128,
        pattern: /^[\w\s+=,.@-]+$/,
        expected: "letters, digits, spaces and +=,.@_-",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/cognitoidp/validate.go userPoolClientNameValidator",
    },
    "aws:cognito/userPoolDomain:UserPoolDomain": {
        property: "domain",
        minLength: 1,
        maxLength: 63,
        pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        expected: "lowercase letters, digits and hyphens, not at either end (a prefix domain)",
        source: "AWS Cognito API reference, CreateUserPoolDomain.Domain",
    },
    "aws:wafv2/webAcl:WebAcl": { ...WAF_NAME, source: "terraform-provider-aws internal/service/wafv2/web_acl.go" },
    "aws:wafv2/ruleGroup:RuleGroup": { ...WAF_NAME, source: "terraform-provider-aws internal/service/wafv2/rule_group.go" },
    "aws:codebuild/project:Project": {
        property: "name",
        minLength: 2,
        maxLength: 255,
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/,
        expected: "letters, digits, _ and -, starting with a letter or digit",
        source: "AWS CodeBuild API reference, CreateProject.name",
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 32,
        pattern: /^[0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?$/,
        forbidden: [{ pattern: /^internal-/, why: "starts with internal-, which AWS reserves" }],
        expected: "letters, digits and hyphens, not at either end",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/elbv2/validate.go validName",
    },
    "aws:lb/targetGroup:TargetGroup": {
        property: "name",
        prefixProperty: "namePrefix",
        minLength: 1,
        maxLength: 32,
        pattern: /^[0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?$/,
        expected: "letters, digits and hyphens, not at either end",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/elbv2/validate.go validTargetGroupName",
    },
    "aws:rds/instance:Instance": {
        property: "identifier",
        prefixProperty: "identifierPrefix",
        minLength: 1,
        maxLength: 63,
        pattern: /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/,
        expected: "lowercase letters, digits and single hyphens, beginning with a letter",
        autoname: { separator: "-" },
        source: "terraform-provider-aws internal/service/rds/validate.go validIdentifier",
    },
    "aws:dynamodb/table:Table": {
        property: "name",
        minLength: 3,
        maxLength: 255,
        pattern: /^[0-9A-Za-z_.-]+$/,
        expected: "letters, digits and _.-",
        autoname: { separator: "-" },
        source: "AWS DynamoDB API reference, CreateTable.TableName",
    },
};

// The provider publishes the load balancer types under aws:alb/ as well.
AWS_NAME_RULES["aws:alb/loadBalancer:LoadBalancer"] = AWS_NAME_RULES["aws:lb/loadBalancer:LoadBalancer"];
AWS_NAME_RULES["aws:alb/targetGroup:TargetGroup"] = AWS_NAME_RULES["aws:lb/targetGroup:TargetGroup"];
