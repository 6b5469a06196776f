import * as assert from "assert";
import { IMAGES } from "../../../components/shared/charts";
import { ADDONS_KUBERNETES_MINOR } from "../../../components/secure-cluster/versions";
import * as fs from "fs";
import * as path from "path";
import { preview, previewJson, PROJECT_DIR } from "../../support/commands";
import { list, Plan, statementsOf } from "../../support/plan";
import { tempDir } from "../../support/temp";

const plan = async (stack: string) => new Plan((await previewJson(stack)).report);

describe("SecureCluster (registered inputs of the offline preview)", () => {
    it("hands the Kubernetes provider its kubeconfig as a secret, so state and previews mask the credential", async () => {
        for (const stack of ["dev", "prod"]) {
            assert.strictEqual((await plan(stack)).one("pulumi:providers:kubernetes").inputs.kubeconfig, "[secret]", stack);
        }
    });

    it("prod: EKS with every protection on", async () => {
        const prod = await plan("prod");
        const eks = prod.one("eks:index:Cluster");
        assert.strictEqual(eks.protect, true);
        const i = eks.inputs as Record<string, any>;
        assert.strictEqual(i.name, "platform-prod");
        assert.strictEqual(i.version, "1.35");
        // Cluster Autoscaler is released per Kubernetes minor: its pinned image matches the cluster's.
        assert.strictEqual(IMAGES.clusterAutoscaler.tag.replace(/^v(\d+\.\d+)\..*$/, "$1"), ADDONS_KUBERNETES_MINOR);
        assert.strictEqual(i.version, ADDONS_KUBERNETES_MINOR);
        for (const pool of prod.ofType("aws:eks/nodeGroup:NodeGroup")) {
            assert.strictEqual(pool.inputs.version, "1.35", `${pool.name} follows the control plane`);
        }
        assert.match(i.encryptionConfigKeyArn, /^arn:aws:kms:us-east-1:111122223333:key\/mock-key-platform-prod-keys-secrets$/);
        assert.strictEqual(i.endpointPrivateAccess, true);
        assert.strictEqual(i.endpointPublicAccess, false);
        assert.deepStrictEqual(i.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.strictEqual(i.authenticationMode, "API");
        assert.deepStrictEqual(
            Object.values(i.accessEntries).map((e: any) => e.principalArn),
            ["arn:aws:iam::111122223333:role/platform-admins"],
        );
        assert.strictEqual(i.createOidcProvider, true);
        assert.strictEqual(i.skipDefaultNodeGroup, true);
        assert.strictEqual(i.useDefaultVpcCni, false);
        assert.strictEqual(i.vpcCniOptions.enableNetworkPolicy, true);
        assert.strictEqual(i.deletionProtection, true);
        const controlPlaneLogs = prod.one("aws:cloudwatch/logGroup:LogGroup", "eks-control-plane");
        assert.deepStrictEqual(controlPlaneLogs.inputs.name, "/aws/eks/platform-prod/cluster");
        assert.strictEqual(controlPlaneLogs.inputs.retentionInDays, 365);
        assert.match(String(controlPlaneLogs.inputs.kmsKeyId), /keys-logs$/);
        assert.strictEqual(prod.one("aws:eks/addon:Addon", "pod-identity-agent").inputs.addonName, "eks-pod-identity-agent");
    });

    it("prod: three zones with a NAT gateway each, tagged subnets, encrypted flow logs and the endpoints nodes use", async () => {
        const prod = await plan("prod");
        const vpc = prod.one("awsx:ec2:Vpc").inputs as Record<string, any>;
        assert.strictEqual(vpc.numberOfAvailabilityZones, 3);
        assert.deepStrictEqual(vpc.natGateways, { strategy: "OnePerAz" });
        assert.deepStrictEqual(
            vpc.subnetSpecs.map((s: any) => [s.type, s.tags["kubernetes.io/role/internal-elb"] ?? s.tags["kubernetes.io/role/elb"]]),
            [
                ["Private", "1"],
                ["Public", "1"],
            ],
        );
        assert.deepStrictEqual(vpc.vpcEndpointSpecs, [{ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }]);
        const endpoints = prod
            .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
            .map((e) => e.inputs.serviceName)
            .sort();
        assert.deepStrictEqual(
            endpoints,
            ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"].map((s) => `com.amazonaws.us-east-1.${s}`),
        );
        assert.strictEqual(prod.one("aws:ec2/flowLog:FlowLog").inputs.trafficType, "ALL");
        assert.match(String(prod.one("aws:cloudwatch/logGroup:LogGroup", "net-flow-logs").inputs.kmsKeyId), /keys-logs$/);
    });

    it("prod: rotating CMKs with aliases, protected", async () => {
        const prod = await plan("prod");
        const keys = prod.under(prod.one("platform:kms:PlatformKeys"));
        assert.ok(keys.length > 0);
        assert.deepStrictEqual(
            keys
                .filter((k) => k.type === "aws:kms/key:Key")
                .map((k) => k.name)
                .sort(),
            ["platform-prod-keys-logs", "platform-prod-keys-secrets", "platform-prod-keys-storage"],
        );
        for (const key of keys.filter((k) => k.type === "aws:kms/key:Key")) {
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.strictEqual(key.protect, true);
            for (const statement of statementsOf(key.inputs.policy)) {
                assert.ok(!list(statement.Action).includes("kms:*"), `${key.name}: ${statement.Sid} grants kms:*`);
            }
        }
        assert.deepStrictEqual(
            keys
                .filter((k) => k.type === "aws:kms/alias:Alias")
                .map((a) => a.inputs.name)
                .sort(),
            ["alias/platform-prod-logs", "alias/platform-prod-secrets", "alias/platform-prod-storage"],
        );
        const logsKey = statementsOf(prod.one("aws:kms/key:Key", "keys-logs").inputs.policy);
        assert.deepStrictEqual(logsKey.find((s) => s.Sid === "CloudWatchLogs")!.Condition, {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:*" },
        });
    });

    it("prod: an on-demand tainted system pool and a spot pool over several types, with IMDSv2 and encrypted gp3", async () => {
        const prod = await plan("prod");
        const system = prod.one("aws:eks/nodeGroup:NodeGroup", "-system").inputs as Record<string, any>;
        const spot = prod.one("aws:eks/nodeGroup:NodeGroup", "-spot").inputs as Record<string, any>;
        assert.strictEqual(system.capacityType, "ON_DEMAND");
        assert.deepStrictEqual(system.taints, [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        assert.deepStrictEqual(system.scalingConfig, { minSize: 3, maxSize: 6, desiredSize: 3 });
        assert.strictEqual(spot.capacityType, "SPOT");
        assert.ok(spot.instanceTypes.length >= 3, "spot needs several instance types");
        assert.deepStrictEqual(spot.labels, { "platform.io/pool": "spot" });
        assert.deepStrictEqual(spot.taints, [{ key: "platform.io/spot", value: "true", effect: "NO_SCHEDULE" }]);
        for (const template of prod.ofType("aws:ec2/launchTemplate:LaunchTemplate")) {
            const t = template.inputs as Record<string, any>;
            assert.deepStrictEqual(t.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
            assert.deepStrictEqual(
                { ...t.blockDeviceMappings[0].ebs, kmsKeyId: undefined },
                { volumeType: "gp3", volumeSize: 50, encrypted: "true", kmsKeyId: undefined, deleteOnTermination: "true" },
            );
            assert.match(t.blockDeviceMappings[0].ebs.kmsKeyId, /keys-storage$/);
            assert.deepStrictEqual(
                t.tagSpecifications.map((s: any) => s.resourceType),
                ["instance", "volume", "network-interface"],
            );
            assert.strictEqual(t.tagSpecifications[1].tags["cost-center"], "cc-platform-prod");
        }
    });

    it("prod: WAF with the managed rule groups, a rate rule, account takeover prevention and encrypted logging; GuardDuty EKS protection", async () => {
        const prod = await plan("prod");
        const acl = prod.one("aws:wafv2/webAcl:WebAcl").inputs as Record<string, any>;
        assert.strictEqual(acl.scope, "REGIONAL");
        assert.deepStrictEqual(
            acl.rules.map((r: any) => r.name),
            ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet", "rate-limit-per-ip"],
        );
        assert.strictEqual(acl.rules[4].statement.rateBasedStatement.limit, 2000);
        const wafLogs = prod.one("aws:cloudwatch/logGroup:LogGroup", "waf-logs").inputs as Record<string, any>;
        assert.match(wafLogs.name, /^aws-waf-logs-/);
        assert.match(wafLogs.kmsKeyId, /keys-logs$/);
        assert.ok(prod.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"));
        const features = prod
            .ofType("aws:guardduty/detectorFeature:DetectorFeature")
            .map((f) => f.inputs.name)
            .sort();
        assert.deepStrictEqual(features, ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING"]);
        assert.strictEqual((await previewJson("prod")).report.outputs!.webAclArn, "arn:aws:wafv2:us-east-1:111122223333:web-acl/platform-prod-waf");
    });

    it("prod: service secrets in Secrets Manager with the CMK, a DR replica and rotation; no value anywhere", async () => {
        const prod = await plan("prod");
        const secret = prod.one("aws:secretsmanager/secret:Secret", "relaycore-database").inputs as Record<string, any>;
        assert.strictEqual(secret.name, "platform-prod/relaycore/database");
        assert.match(secret.kmsKeyId, /keys-secrets$/);
        assert.deepStrictEqual(
            secret.replicas.map((r: any) => r.region),
            ["us-west-2"],
        );
        const rotation = prod.one("aws:secretsmanager/secretRotation:SecretRotation").inputs as Record<string, any>;
        assert.deepStrictEqual(rotation.rotationRules, { automaticallyAfterDays: 30 });
        assert.deepStrictEqual(prod.ofType("aws:secretsmanager/secretVersion:SecretVersion"), [], "values never pass through state");
    });

    it("gives each add-on a Pod Identity role of its own, scoped to its actions and resources", async () => {
        const prod = await plan("prod");
        const associations = prod
            .under(prod.one("platform:cluster:ClusterAddons"))
            .filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")
            .map((a) => `${a.inputs.namespace}/${a.inputs.serviceAccount}`)
            .sort();
        // The EBS CSI driver's association is the add-on's own (a second one for the same service account is refused).
        assert.deepStrictEqual(associations, ["kube-system/aws-load-balancer-controller", "kube-system/cluster-autoscaler", "platform-system/external-secrets"]);
        assert.deepStrictEqual(
            prod.one("aws:eks/addon:Addon", "ebs-csi").inputs.podIdentityAssociations.map((a: { serviceAccount: string }) => a.serviceAccount),
            ["ebs-csi-controller-sa"],
        );
        const expectedServices: Record<string, string[]> = {
            "cluster-autoscaler": ["autoscaling", "ec2", "eks"],
            "aws-load-balancer-controller": ["iam", "ec2", "elasticloadbalancing", "cognito-idp", "acm", "wafv2", "shield"],
            "ebs-csi": ["kms"],
            "external-secrets": ["secretsmanager", "kms"],
        };
        for (const policy of prod.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.includes("-addons-"))) {
            const addon = Object.keys(expectedServices).find((a) => policy.name.endsWith(a))!;
            for (const statement of statementsOf(policy.inputs.policy)) {
                for (const action of list(statement.Action)) {
                    assert.ok(action !== "*" && !action.endsWith(":*"), `${policy.name}: ${action}`);
                    assert.ok(expectedServices[addon].includes(action.split(":")[0]), `${policy.name} grants ${action}`);
                }
            }
        }
        const eso = statementsOf(prod.one("aws:iam/rolePolicy:RolePolicy", "addons-external-secrets").inputs.policy);
        assert.deepStrictEqual(eso[0].Resource, "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform-prod/*");
        assert.deepStrictEqual(eso[1].Condition, { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } });
        const autoscaler = statementsOf(prod.one("aws:iam/rolePolicy:RolePolicy", "addons-cluster-autoscaler").inputs.policy);
        assert.deepStrictEqual(autoscaler[1].Condition, { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/platform-prod": "owned" } });
    });

    it("installs External Secrets with a ClusterSecretStore on external-secrets.io/v1 and an encrypted default gp3 class", async () => {
        const prod = await plan("prod");
        const store = prod.one("kubernetes:external-secrets.io/v1:ClusterSecretStore").inputs as Record<string, any>;
        assert.deepStrictEqual(store.spec.provider, { aws: { service: "SecretsManager", region: "us-east-1" } });
        const storageClass = prod.one("kubernetes:storage.k8s.io/v1:StorageClass").inputs as Record<string, any>;
        assert.strictEqual(storageClass.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
        assert.deepStrictEqual(
            { ...storageClass.parameters, kmsKeyId: undefined },
            { type: "gp3", encrypted: "true", kmsKeyId: undefined, "csi.storage.k8s.io/fstype": "ext4", tagSpecification_1: "backup=true" },
        );
    });

    it("dev differs from prod only where its config says so", async () => {
        const [dev, prod] = [await plan("dev"), await plan("prod")];
        const eks = (p: Plan) => p.one("eks:index:Cluster");
        assert.strictEqual(eks(dev).protect, false);
        assert.strictEqual(eks(dev).inputs.deletionProtection, false);
        const sameSecurity = ["endpointPrivateAccess", "endpointPublicAccess", "enabledClusterLogTypes", "authenticationMode", "vpcCniOptions", "skipDefaultNodeGroup", "version"];
        for (const field of sameSecurity) {
            assert.deepStrictEqual(eks(dev).inputs[field], eks(prod).inputs[field], field);
        }
        assert.ok(eks(dev).inputs.encryptionConfigKeyArn);
        const vpc = dev.one("awsx:ec2:Vpc").inputs as Record<string, any>;
        assert.strictEqual(vpc.numberOfAvailabilityZones, 2);
        assert.deepStrictEqual(vpc.natGateways, { strategy: "Single" });
        assert.deepStrictEqual(dev.ofType("aws:ec2/vpcEndpoint:VpcEndpoint"), [], "dev asks only for the S3 gateway endpoint");
        assert.deepStrictEqual(dev.ofType("aws:guardduty/detectorFeature:DetectorFeature"), []);
        assert.strictEqual(dev.one("aws:cloudwatch/logGroup:LogGroup", "eks-control-plane").inputs.retentionInDays, 30);
        assert.deepStrictEqual(
            dev.one("aws:ec2/launchTemplate:LaunchTemplate", "-spot").inputs.metadataOptions,
            prod.one("aws:ec2/launchTemplate:LaunchTemplate", "-spot").inputs.metadataOptions,
        );
    });
});

describe("SecureCluster on an existing dev cluster", () => {
    const withExisting = (existing: string) => {
        const base = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
        const file = path.join(tempDir(), "Pulumi.dev.yaml");
        fs.writeFileSync(file, base.replace("  platform:cluster:\n", `  platform:cluster:\n    existing:\n${existing}\n`));
        return file;
    };

    it("puts the Kubernetes parts on the given cluster and creates no EKS, VPC or node pools", async () => {
        const result = await preview(["--stack", "dev", "--json", "--config-file", withExisting("      kubeconfig:\n        secure: v1:AAAABBBB")]);
        assert.strictEqual(result.code, 0, result.stderr);
        const dev = new Plan(JSON.parse(result.stdout));
        for (const type of ["eks:index:Cluster", "awsx:ec2:Vpc", "aws:eks/nodeGroup:NodeGroup", "aws:eks/podIdentityAssociation:PodIdentityAssociation"]) {
            assert.deepStrictEqual(dev.ofType(type), [], type);
        }
        assert.deepStrictEqual(dev.one("pulumi:providers:kubernetes").inputs.kubeconfig, "[secret]");
        assert.deepStrictEqual(
            dev.one("kubernetes:external-secrets.io/v1:ClusterSecretStore").inputs.spec.provider.aws.auth.secretRef.accessKeyIDSecretRef.name,
            "aws-credentials",
        );
        assert.strictEqual(dev.ofType("kubernetes:apps/v1:Deployment").length, 3);
        assert.ok(dev.ofType("kubernetes:apps/v1:Deployment").every((d) => d.inputs.spec.template.spec.affinity === undefined));
        assert.strictEqual(dev.ofType("aws:kms/key:Key").length, 3);
        assert.strictEqual(dev.report.outputs!.vpcId, null);
    });

    it("refuses a kubeconfig in plaintext config", async () => {
        const result = await preview(["--stack", "dev", "--config-file", withExisting("      kubeconfig: apiVersion-v1-plaintext")]);
        assert.strictEqual(result.code, 2);
        assert.match(result.stderr, /cluster\.existing\.kubeconfig: is set in plaintext; set it with `pulumi config set --secret --path cluster\.existing\.kubeconfig <value>`/);
    });
});
