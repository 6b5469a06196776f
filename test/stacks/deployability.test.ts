import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import type { Report } from "../../offline/report";
import { PROJECT_DIR, previewJson, previewVariant } from "../support/commands";
import { problemsOf, shippedConfig } from "../support/config";
import { list, Plan, statementsOf } from "../support/plan";

/**
 * The prod plan review at 0549e6f found what mocks let through. Policies catch what a pack can see
 * (test/offline/breakage.test.ts puts each of those back); this file covers the rest: config that
 * refuses the old shape with the reason and the fix, and what a fresh and an existing account each plan.
 */
const plan = async (stack: string) => new Plan((await previewJson(stack)).report);
const variant = async (stack: string, change: (config: Record<string, any>) => void) => {
    const { result, report } = await previewVariant(stack, change);
    assert.strictEqual(result.code, 0, result.stdout.slice(0, 2000));
    return new Plan(report);
};
const SLR = "aws:iam/serviceLinkedRole:ServiceLinkedRole";
const REPOSITORY = "aws:ecr/repository:Repository";

describe("deployability: config refuses what AWS would", () => {
    it("the removed keys say why and what replaces them (findings 5 and 15)", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:cost"].activateCostAllocationTags = true)),
            [
                "cost.activateCostAllocationTags: true is no longer supported: AWS accepts a cost allocation tag key only about a day after resources carry it, and only in the payer account of an organization; activate environment, service, owner and cost-center there once (docs/operations.md, fresh account). Remove the key.",
            ],
        );
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:identity"].accountTakeoverPrevention = { loginPath: "/login" })),
            [
                'identity.accountTakeoverPrevention: {"loginPath":"/login"} is no longer supported: users log in on the Cognito domain, not on the load balancers, so WAF account takeover prevention there inspects no login; Cognito threat protection covers it (threatProtection: "enforced"). Remove the key.',
            ],
        );
    });

    it("a VPC too small for its zones' subnets, and a CIDR with leading zeros", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:network"].cidr = "10.20.0.0/24")),
            ['network.cidr: "10.20.0.0/24" is too small for 3 zones of a private /19 and a public /22 subnet each; expected a mask from /16 to /16'],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:network"].cidr = "10.10.0.0/18")),
            ['network.cidr: "10.10.0.0/18" is too small for 2 zones of a private /19 and a public /22 subnet each; expected a mask from /16 to /17'],
        );
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:network"].cidr = "10.020.0.0/16")),
            ['network.cidr: "10.020.0.0/16" has leading zeros; expected 10.20.0.0/16'],
        );
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:network"].availabilityZones = 5)),
            ["network.availabilityZones: 5 is too big; expected at most 4"],
        );
    });

    it("a failover health check on a host no service serves, or on another path than its readiness (finding 11)", () => {
        const record = (change: Record<string, string>) => (v: Record<string, any>) => Object.assign(v["platform:dr"].failover.records[0], change);
        assert.deepStrictEqual(problemsOf("prod", record({ host: "portal.auterity.example.com" })), [
            'dr.failover.records[0].host: "portal.auterity.example.com" is not the public host of any service, so no load balancer serves its health check; expected one of automatrix.auterity.example.com',
        ]);
        assert.deepStrictEqual(problemsOf("prod", record({ healthCheckPath: "/" })), [
            `dr.failover.records[0].healthCheckPath: "/" is not the service's readiness path, which is what answers 2xx when it can serve; expected /healthz/ready`,
        ]);
    });

    it("a certificate of another region than the load balancer's (minor finding: prod-dr reused prod's certificate)", () => {
        assert.deepStrictEqual(
            problemsOf("prod-dr", (v) => (v["platform:services"].automatrix.public.certificateArn = shippedConfig("prod").services.automatrix.public!.certificateArn)),
            [
                'services.automatrix.public.certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/3b1f6a0e-7c52-4d0b-9a41-6f2c8e5d1a90" is a certificate of us-east-1, but the load balancer is in us-west-2 and uses certificates of its own region; expected a certificate issued in us-west-2',
            ],
        );
        assert.notStrictEqual(
            shippedConfig("prod-dr").services.automatrix.public!.certificateArn.split("/")[1],
            shippedConfig("prod").services.automatrix.public!.certificateArn.split("/")[1],
        );
    });

    it("a primary replicating data without naming its standby, whose roles own the replicas (finding 18)", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => delete v["platform:dr"].standbyStack),
            [
                "dr.standbyStack: is required when data buckets replicate to dr.peerRegion: only the standby's service roles may use the replicas; expected its stack name, e.g. prod-dr",
            ],
        );
    });
});

describe("deployability: a fresh account and an existing one plan differently, as docs/operations.md says", () => {
    const existingAccount = (config: Record<string, any>) =>
        Object.assign(config["platform:account"], { autoScalingServiceLinkedRole: "import", guardDutyDetector: "existing", containerRepositories: "import" });

    it("fresh (prod as shipped): creates the Auto Scaling service-linked role, the GuardDuty detector and the repositories (findings 6, 7, 9)", async () => {
        const prod = await plan("prod");
        const role = prod.one(SLR);
        assert.deepStrictEqual([role.inputs.awsServiceName, role.importId, role.retainOnDelete], ["autoscaling.amazonaws.com", null, true]);
        assert.strictEqual(prod.ofType("aws:guardduty/detector:Detector").length, 1);
        assert.deepStrictEqual(
            prod.ofType(REPOSITORY).map((r) => [r.inputs.name, r.importId]),
            [
                ["automatrix", null],
                ["relaycore", null],
                ["neuroweaver", null],
            ],
        );
        // The storage key names the role by its output, so KMS sees the policy only once the role exists.
        const key = statementsOf(prod.one("aws:kms/key:Key", "keys-storage").inputs.policy).find((s) => s.Sid === "AutoScalingVolumes")!;
        assert.deepStrictEqual(
            (key as unknown as { Principal: { AWS: string } }).Principal.AWS,
            role.inputs.arn ?? "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
        );
    });

    it("existing: imports the role and the repositories by their IDs and finds the region's detector instead of creating one", async () => {
        const existing = await variant("prod", existingAccount);
        assert.strictEqual(existing.one(SLR).importId, "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
        assert.deepStrictEqual(existing.ofType("aws:guardduty/detector:Detector"), []);
        assert.deepStrictEqual(
            existing.ofType("aws:guardduty/detectorFeature:DetectorFeature").map((f) => f.inputs.detectorId),
            ["offline-detector-us-east-1", "offline-detector-us-east-1"],
        );
        assert.deepStrictEqual(
            existing.ofType(REPOSITORY).map((r) => r.importId),
            ["automatrix", "relaycore", "neuroweaver"],
        );
    });

    it("a stack sharing the account uses what another stack owns: dev creates no repository and no detector", async () => {
        const dev = await plan("dev");
        assert.deepStrictEqual([dev.ofType(REPOSITORY), dev.ofType("aws:guardduty/detector:Detector")], [[], []]);
        assert.strictEqual(dev.one(SLR).importId, "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
    });

    it("bootstrap: everything but the services' workloads and secret rotation, which need images and secret values first (findings 7, 16)", async () => {
        const bootstrap = await variant("prod", (config) => (config["platform:bootstrap"] = true));
        assert.deepStrictEqual(bootstrap.ofType("platform:service:ServiceDeployment"), []);
        assert.deepStrictEqual([bootstrap.ofType("aws:secretsmanager/secretRotation:SecretRotation"), bootstrap.ofType("aws:lambda/permission:Permission")], [[], []]);
        assert.ok(bootstrap.ofType("aws:secretsmanager/secret:Secret").length > 0, "the secrets exist, waiting for their values");
        assert.strictEqual(bootstrap.ofType(REPOSITORY).length, 3, "the repositories exist, waiting for the images");
    });
});

describe("deployability: what deploys but would not work", () => {
    it("rotation waits for its schedule and may invoke its Lambda, scoped to the secret (finding 16)", async () => {
        const prod = await plan("prod");
        const rotation = prod.one("aws:secretsmanager/secretRotation:SecretRotation").inputs;
        assert.strictEqual(rotation.rotateImmediately, false);
        const permission = prod.one("aws:lambda/permission:Permission").inputs;
        assert.deepStrictEqual(
            [permission.function, permission.principal, permission.action, permission.sourceArn],
            [
                rotation.rotationLambdaArn,
                "secretsmanager.amazonaws.com",
                "lambda:InvokeFunction",
                prod.one("aws:secretsmanager/secret:Secret", "relaycore-database").inputs.arn ?? permission.sourceArn,
            ],
        );
        assert.match(permission.sourceArn, /^arn:aws:secretsmanager:us-east-1:111122223333:secret.platform-prod\/relaycore\/database/, "this secret only");
    });

    it("the alerts topic mails the configured addresses (finding 13)", async () => {
        const prod = await plan("prod");
        assert.deepStrictEqual(
            prod.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint]),
            shippedConfig("prod").observability.alertEmails.map((email) => ["email", email]),
        );
    });

    it("the data replicas let only the replication role replicate in and only the standby's roles use them (finding 18)", async () => {
        const prod = await plan("prod");
        const policy = statementsOf(prod.one("aws:s3/bucketPolicy:BucketPolicy", "recovery-automatrix-workflow-artifacts-replica").inputs.policy);
        const unless = (sid: string) => list(policy.find((s) => s.Sid === sid)!.Condition!.ArnNotEquals["aws:PrincipalArn"] as string[]);
        const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
        assert.deepStrictEqual(unless("OnlyReplicationReplicates"), [role("platform-prod-recovery-automatrix-workflow-artifacts-replication")]);
        assert.deepStrictEqual(unless("OnlyTheOwnerWrites"), [role("platform-prod-dr-automatrix")]);
        assert.deepStrictEqual(unless("OnlyOwnerAndReadersRead"), [role("platform-prod-dr-automatrix"), role("platform-prod-dr-neuroweaver")]);
    });

    it("the telemetry agent needs no instance metadata, which pods cannot reach with the nodes' hop limit of 1 (minor finding)", async () => {
        const prod = await plan("prod");
        for (const template of prod.ofType("aws:ec2/launchTemplate:LaunchTemplate")) {
            assert.strictEqual(template.inputs.metadataOptions.httpPutResponseHopLimit, 1, template.name);
        }
        const agent = prod.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.inputs.values?.mode === "daemonset" && r.inputs.chart === "opentelemetry-collector")!;
        assert.deepStrictEqual(agent.inputs.values.config.processors.resourcedetection.detectors, ["env"]);
    });

    it("GuardDuty's account-wide agent management stays off the clusters without GuardDuty (minor finding)", async () => {
        const tag = async (stack: string) => (await plan(stack)).one("eks:index:Cluster").inputs.clusterTags;
        assert.deepStrictEqual(await tag("prod"), { GuardDutyManaged: "true" });
        assert.deepStrictEqual(await tag("dev"), { GuardDutyManaged: "false" });
    });
});

describe("deployability: security of service trust (findings 17 and 19)", () => {
    it("every Pod Identity role names its cluster, namespace and service account", async () => {
        const prod = await plan("prod");
        const podRoles = prod.ofType("aws:iam/role:Role").filter((r) => String(r.inputs.assumeRolePolicy).includes("pods.eks.amazonaws.com"));
        assert.strictEqual(podRoles.length, 10);
        for (const role of podRoles) {
            const condition = statementsOf(role.inputs.assumeRolePolicy)[0].Condition!.StringEquals;
            assert.deepStrictEqual(
                Object.keys(condition).sort(),
                ["aws:RequestTag/eks-cluster-arn", "aws:RequestTag/kubernetes-namespace", "aws:RequestTag/kubernetes-service-account"],
                role.name,
            );
            assert.strictEqual(condition["aws:RequestTag/eks-cluster-arn"], "arn:aws:eks:us-east-1:111122223333:cluster/platform-prod", role.name);
        }
    });

    it("service roles carry aws:SourceAccount where the service documents it, and S3 replication and AWS Backup do not (decided in docs/aws-constraints.md)", async () => {
        const prod = await plan("prod");
        const trust = (suffix: string) => statementsOf(prod.one("aws:iam/role:Role", suffix).inputs.assumeRolePolicy)[0];
        assert.deepStrictEqual(trust("flow-logs").Condition, { StringEquals: { "aws:SourceAccount": "111122223333" } });
        assert.deepStrictEqual(trust("deploy-runner").Condition, { StringEquals: { "aws:SourceAccount": "111122223333" } });
        assert.strictEqual(trust("recovery-backups-replication").Condition, undefined);
        assert.strictEqual(trust("recovery-backup").Condition, undefined);
    });
});

describe("deployability: the deploy path reaches the private API (finding 4)", () => {
    const workflow = (file: string) => parseYaml(fs.readFileSync(path.join(PROJECT_DIR, ".github/workflows", file), "utf8")) as Record<string, any>;

    it("without a runner in its VPC, the private cluster's stack fails the pack (eks-private-api-deploy-path, mandatory in our stacks)", async () => {
        const { result, report } = await previewVariant("prod", (config) => delete config["platform:deploy"]);
        assert.strictEqual(result.code, 5, "the preview is blocked");
        assert.deepStrictEqual(
            report.violations.map((v) => [v.policy, v.enforcementLevel, v.message.split("\n")[1]]),
            [
                [
                    "eks-private-api-deploy-path",
                    "mandatory",
                    'EKS cluster "platform-prod-eks" has a private API endpoint only, and nothing in the stack runs inside its VPC: a deploy from outside (a GitHub-hosted runner) cannot reach the Kubernetes API. Run deploys on a runner in the VPC.',
                ],
            ],
        );
    });

    it("each stack creates a CodeBuild runner in its private subnets with HTTPS into the cluster's security group", async () => {
        for (const stack of ["dev", "prod", "prod-dr"]) {
            const p = await plan(stack);
            const project = p.one("aws:codebuild/project:Project").inputs;
            assert.strictEqual(project.name, `platform-${stack}-deploy`);
            assert.deepStrictEqual(project.vpcConfig.subnets, (p.report as Report).outputs!.privateSubnetIds);
            const ingress = p.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "deploy-eks-api").inputs;
            assert.deepStrictEqual([ingress.securityGroupId, ingress.fromPort, ingress.toPort], [`sg-platform-${stack}-eks-cluster`, 443, 443]);
            assert.deepStrictEqual(p.one("aws:codebuild/webhook:Webhook").inputs.filterGroups[0].filters, [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }]);
        }
    });

    it("previews and deploys run on that runner, with the Pulumi CLI pinned, OIDC instead of a token, and the organization from a variable", () => {
        const jobs = [workflow("pulumi.yml").jobs.preview, workflow("pulumi-up.yml").jobs.up];
        assert.deepStrictEqual(
            jobs.map((job) => job["runs-on"]),
            [
                "codebuild-platform-${{ matrix.stack }}-deploy-${{ github.run_id }}-${{ github.run_attempt }}",
                "codebuild-platform-${{ inputs.stack }}-deploy-${{ github.run_id }}-${{ github.run_attempt }}",
            ],
        );
        for (const job of jobs) {
            const steps = job.steps as { uses?: string; with?: Record<string, string>; env?: Record<string, string> }[];
            const pulumi = steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
            assert.strictEqual(pulumi.with!["pulumi-version"], "3.276.0");
            assert.match(pulumi.with!["stack-name"], /^\$\{\{ vars\.PULUMI_ORGANIZATION \}\}\/platform\//);
            assert.ok(steps.some((s) => s.uses?.startsWith("pulumi/auth-actions@141415910c3beb54e03b48e9057c204c97b956f2")));
            assert.ok(!JSON.stringify(steps).includes("PULUMI_ACCESS_TOKEN"), "no long-lived Pulumi token");
        }
    });
});
