import * as pulumi from "@pulumi/pulumi";

/**
 * The one mock table of the offline preview, keyed by type token. Multi-language components
 * register no children under mocks, so what they "return" comes from here; custom resources echo
 * their inputs plus the computed outputs a provider would fill in (ids, ARNs, names).
 */

export const MOCK_ACCOUNT_ID = "111122223333";

export interface MockContext {
    region: string;
    /** Outputs of a referenced stack, for `pulumi:pulumi:StackReference`. */
    stackReference(name: string): Promise<{ outputs: Record<string, unknown>; secretOutputNames: string[] }>;
}

type Outputs = Record<string, unknown>;
type OutputFn = (name: string, inputs: Record<string, any>, ctx: MockContext) => Outputs;

function arn(ctx: MockContext, service: string, resource: string, options: { global?: boolean } = {}): string {
    return `arn:aws:${service}:${options.global ? "" : ctx.region}:${MOCK_ACCOUNT_ID}:${resource}`;
}

function kubeconfigFor(clusterName: string, endpoint: string): Outputs {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": "bW9jaw==" } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", clusterName] } },
            },
        ],
    };
}

/** Multi-language components: their outputs are exactly what this table returns. */
const COMPONENT_OUTPUTS: Record<string, OutputFn> = {
    "awsx:ec2:Vpc": (name, inputs) => {
        const azCount = inputs.availabilityZoneNames?.length ?? inputs.numberOfAvailabilityZones ?? 3;
        const ids = (tier: string) => Array.from({ length: azCount }, (_, i) => `subnet-${name}-${tier}-${i}`);
        const vpcId = `vpc-${name}`;
        return {
            vpcId,
            vpc: { id: vpcId, cidrBlock: inputs.cidrBlock ?? "10.0.0.0/16" },
            privateSubnetIds: ids("private"),
            publicSubnetIds: ids("public"),
            isolatedSubnetIds: [],
            natGateways: [],
            vpcEndpoints: [],
        };
    },
    "eks:index:Cluster": (name, inputs, ctx) => {
        const clusterName = inputs.name ?? name;
        const endpoint = `https://${clusterName}.gr7.${ctx.region}.eks.amazonaws.com`;
        const issuer = `https://oidc.eks.${ctx.region}.amazonaws.com/id/MOCK${clusterName.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
        const oidcProviderArn = arn(ctx, "iam", `oidc-provider/${issuer.replace("https://", "")}`, { global: true });
        const kubeconfig = kubeconfigFor(clusterName, endpoint);
        const eksCluster = {
            name: clusterName,
            arn: arn(ctx, "eks", `cluster/${clusterName}`),
            endpoint,
            version: inputs.version,
            vpcConfig: { clusterSecurityGroupId: `sg-${name}-cluster` },
            identities: [{ oidcs: [{ issuer }] }],
            certificateAuthority: { data: "bW9jaw==" },
        };
        return {
            kubeconfig,
            kubeconfigJson: JSON.stringify(kubeconfig),
            eksCluster,
            core: { cluster: eksCluster, oidcProvider: { arn: oidcProviderArn, url: issuer.replace("https://", "") }, endpoint },
            clusterSecurityGroupId: `sg-${name}-cluster`,
            nodeSecurityGroupId: `sg-${name}-node`,
            oidcProviderArn,
            oidcProviderUrl: issuer.replace("https://", ""),
            oidcIssuer: issuer,
            instanceRoles: [],
        };
    },
    "kubernetes:helm.sh/v4:Chart": () => ({ resources: [] }),
};

export function isMockedComponent(type: string): boolean {
    return type in COMPONENT_OUTPUTS;
}

/** Outputs a provider computes for custom resources the program reads back; `id` (if returned) is the resource's ID. */
/** The role names AWS gives the service-linked roles the platform meets (IAM user guide, services that work with IAM). */
const SERVICE_LINKED_ROLE_SUFFIXES: Record<string, string> = {
    "autoscaling.amazonaws.com": "AutoScaling",
    "elasticloadbalancing.amazonaws.com": "ElasticLoadBalancing",
};

const CUSTOM_OUTPUTS: Record<string, OutputFn> = {
    "aws:s3/bucket:Bucket": (name, inputs) => {
        // With bucketPrefix, S3 names the bucket; the mock stands a fixed suffix in for the random one.
        const bucket = inputs.bucket ?? (inputs.bucketPrefix ? `${inputs.bucketPrefix}20261127` : name);
        // An S3 bucket's ID is its name, and the bucket's configuration resources refer to it by ID.
        return { id: bucket, bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.amazonaws.com` };
    },
    // IAM names a service-linked role after its service (AWSServiceRoleFor<Service>) under aws-service-role/<service>/.
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": (_name, inputs, ctx) => {
        const service = String(inputs.awsServiceName);
        const roleName = `AWSServiceRoleFor${SERVICE_LINKED_ROLE_SUFFIXES[service] ?? service.split(".")[0]}`;
        return { name: roleName, path: `/aws-service-role/${service}/`, arn: arn(ctx, "iam", `role/aws-service-role/${service}/${roleName}`, { global: true }) };
    },
    // SNS topic ARNs end in `:<name>`, not `:topic/<name>`.
    "aws:sns/topic:Topic": (name, inputs, ctx) => ({ name: inputs.name ?? name, arn: arn(ctx, "sns", inputs.name ?? name) }),
    "aws:kms/key:Key": (name, _inputs, ctx) => ({ keyId: `mock-key-${name}`, arn: arn(ctx, "kms", `key/mock-key-${name}`) }),
    // A role's ID is its name (the provider's import ID and what RolePolicy.role refers to).
    "aws:iam/role:Role": (name, inputs, ctx) => ({
        id: inputs.name ?? name,
        name: inputs.name ?? name,
        arn: arn(ctx, "iam", `role/${inputs.name ?? name}`, { global: true }),
        uniqueId: `AROA${name.toUpperCase()}`,
    }),
    "aws:iam/policy:Policy": (name, inputs, ctx) => ({ name: inputs.name ?? name, arn: arn(ctx, "iam", `policy/${inputs.name ?? name}`, { global: true }) }),
    "aws:ecr/repository:Repository": (name, inputs, ctx) => ({
        name: inputs.name ?? name,
        arn: arn(ctx, "ecr", `repository/${inputs.name ?? name}`),
        registryId: MOCK_ACCOUNT_ID,
        repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com/${inputs.name ?? name}`,
    }),
    "aws:cognito/userPool:UserPool": (name, _inputs, ctx) => {
        const id = `${ctx.region}_Mock${name.replace(/[^A-Za-z0-9]/g, "").slice(0, 9)}`;
        return { id, arn: arn(ctx, "cognito-idp", `userpool/${id}`), endpoint: `cognito-idp.${ctx.region}.amazonaws.com/${id}` };
    },
    "aws:cognito/userPoolClient:UserPoolClient": (name) => ({ id: `mockclient${name.replace(/[^a-z0-9]/g, "").slice(-16)}`, clientSecret: "offline-placeholder-secret" }),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, ctx) => ({ name: inputs.name ?? name, arn: arn(ctx, "logs", `log-group:${inputs.name ?? name}`) }),
};

/** Generic computed outputs for any AWS resource: an ARN in the stack's region and a name. */
function genericAwsOutputs(type: string, name: string, inputs: Record<string, any>, ctx: MockContext): Outputs {
    const [, module, kind] = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(type) ?? [];
    if (!module) {
        return {};
    }
    const resourceName = inputs.name ?? name;
    const kebab = kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return { arn: arn(ctx, module, `${kebab}/${resourceName}`), name: resourceName };
}

const INVOKES: Record<string, (inputs: Record<string, any>, ctx: MockContext) => Outputs> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline-preview`,
        userId: "AIDAOFFLINEPREVIEW",
        id: MOCK_ACCOUNT_ID,
    }),
    "aws:index/getRegion:getRegion": (_inputs, ctx) => ({ name: ctx.region, region: ctx.region, id: ctx.region, description: ctx.region }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    // The region's detector where the account already has one (platform:account.guardDutyDetector: existing).
    "aws:guardduty/getDetector:getDetector": (_inputs, ctx) => ({ id: `offline-detector-${ctx.region}`, status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, ctx) => ({
        names: ["a", "b", "c"].map((zone) => `${ctx.region}${zone}`),
        zoneIds: [1, 2, 3].map((n) => `${ctx.region.replace(/-/g, "").slice(0, 5)}-az${n}`),
        id: ctx.region,
    }),
};

export class UnmockedError extends Error {}

export function createMocks(stackContext: MockContext): pulumi.runtime.Mocks {
    // Resources created through a provider for another region (the DR peer) get ARNs in that region.
    const providerRegions = new Map<string, string>();
    const contextOf = (args: pulumi.runtime.MockResourceArgs): MockContext => {
        const region = args.provider ? providerRegions.get(args.provider.split("::").pop()!) : undefined;
        return region ? { ...stackContext, region } : stackContext;
    };
    return {
        async newResource(args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
            const ctx = contextOf(args);
            if (args.type === "pulumi:pulumi:StackReference") {
                const referenced = await ctx.stackReference(args.inputs.name);
                return { id: args.inputs.name, state: { name: args.inputs.name, ...referenced } };
            }
            const component = COMPONENT_OUTPUTS[args.type];
            if (component) {
                return { id: undefined, state: { ...args.inputs, ...component(args.name, args.inputs, ctx) } };
            }
            if (!args.custom) {
                return { id: undefined, state: {} };
            }
            const { id: specificId, ...specific } = CUSTOM_OUTPUTS[args.type]?.(args.name, args.inputs, ctx) ?? {};
            const id = args.id || (specificId as string | undefined) || `${args.name}-id`;
            if (args.type === "pulumi:providers:aws" && args.inputs.region) {
                providerRegions.set(id, args.inputs.region);
            }
            const generic = genericAwsOutputs(args.type, args.name, args.inputs, ctx);
            return { id, state: { ...generic, ...args.inputs, ...specific } };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
            const invoke = INVOKES[args.token];
            if (!invoke) {
                throw new UnmockedError(`no offline mock for invoke "${args.token}"; add it to offline/mocks.ts`);
            }
            return invoke(args.inputs, stackContext);
        },
    };
}
