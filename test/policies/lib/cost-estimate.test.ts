import * as assert from "assert";
import { CostResource, estimateMonthlyCost } from "../../../policies/lib/cost-estimate";

const STACK = "urn:pulumi:s::platform::pulumi:pulumi:Stack::platform-s";
const cluster = "urn:pulumi:s::platform::platform:cluster:SecureCluster::c";
const res = (type: string, name: string, props: Record<string, any>, parent = cluster, region?: string): CostResource => ({
    urn: `urn:pulumi:s::platform::${type}::${name}`,
    type,
    name,
    parent,
    props,
    region,
});

/** A small stack whose bill is easy to compute by hand. */
const SMALL: CostResource[] = [
    { urn: STACK, type: "pulumi:pulumi:Stack", name: "platform-s", props: {} },
    { urn: cluster, type: "platform:cluster:SecureCluster", name: "c", parent: STACK, props: {} },
    res("eks:index:Cluster", "eks", {}),
    // A real preview's child of the component: already priced with it.
    { ...res("aws:eks/cluster:Cluster", "eks-child", {}), parent: "urn:pulumi:s::platform::eks:index:Cluster::eks" },
    res("aws:eks/nodeGroup:NodeGroup", "spot", { instanceTypes: ["m7i.large"], capacityType: "SPOT", scalingConfig: { minSize: 2, maxSize: 4 } }),
    res("awsx:ec2:Vpc", "vpc", { natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 2 }),
    res("aws:kms/key:Key", "key", {}),
    res("aws:s3/bucket:Bucket", "logs", { bucket: "logs-1", tags: { purpose: "logs" } }),
    res("aws:iam/role:Role", "role", {}),
];

describe("cost estimate", () => {
    it("equals the hand computation for a small stack", () => {
        const estimate = estimateMonthlyCost(SMALL, "us-east-1");
        // EKS 0.10 × 730 = 73; spot m7i.large 0.0392 × 730 × 2..4 = 57.232..114.464; root volumes 20 GiB default × 0.08 × 2..4 = 3.2..6.4;
        // one NAT 0.045 × 730 + 200 GB × 0.045 = 41.85; KMS 1; S3 logs 200 GB × 0.023 = 4.6.
        assert.deepStrictEqual(
            estimate.lines.map((l) => [l.item, l.monthlyMin, l.monthlyMax]),
            [
                ["EKS control plane", 73, 73],
                ["spot nodes m7i.large", 57.23, 114.46],
                ["node root volumes (gp3)", 3.2, 6.4],
                ["NAT gateways (1)", 41.85, 41.85],
                ["KMS key", 1, 1],
                ["S3 logs bucket", 4.6, 4.6],
            ],
        );
        assert.strictEqual(estimate.totalMin, 180.88);
        assert.strictEqual(estimate.totalMax, 241.31);
        // (0.1008 - 0.0392) × 730 × 2..4
        assert.deepStrictEqual([estimate.spotSavingMin, estimate.spotSavingMax], [89.94, 179.87]);
        assert.deepStrictEqual(estimate.byComponent, { "SecureCluster c": { min: 180.88, max: 241.31 } });
        assert.deepStrictEqual(estimate.notPriced, []);
    });

    it("lists what it cannot price instead of counting it as zero", () => {
        const estimate = estimateMonthlyCost(
            [
                ...SMALL,
                res("aws:rds/instance:Instance", "db", { instanceClass: "db.r7g.large" }),
                res("aws:eks/nodeGroup:NodeGroup", "gpu", { instanceTypes: ["p5.48xlarge"], scalingConfig: { minSize: 1, maxSize: 1 } }),
            ],
            "us-east-1",
        );
        assert.deepStrictEqual(estimate.notPriced, [
            { type: "aws:rds/instance:Instance", name: "db", component: "SecureCluster c", reason: "the estimator does not price this type" },
            { type: "aws:eks/nodeGroup:NodeGroup", name: "gpu", component: "SecureCluster c", reason: "no on-demand price for p5.48xlarge in prices.json" },
        ]);
        assert.strictEqual(estimate.totalMin, 180.88, "unpriced resources add nothing silently");
    });

    it("prices the Cognito Plus tier per assumed active user and WAF account takeover prevention per login attempt", () => {
        const rule = (name: string) => ({ name });
        const estimate = estimateMonthlyCost(
            [
                res("aws:cognito/userPool:UserPool", "users", { userPoolTier: "PLUS" }),
                res("aws:cognito/userPool:UserPool", "lite", { userPoolTier: "LITE" }),
                res("aws:cognito/userPoolClient:UserPoolClient", "client", {}),
                res("aws:wafv2/webAcl:WebAcl", "acl", { rules: [rule("AWSManagedRulesCommonRuleSet"), rule("AWSManagedRulesATPRuleSet")] }),
            ],
            "us-east-1",
        );
        // 500 MAU × 0.02; ACL 5 + 2 rules × 1 + ATP 10 + 10k logins × 1/1k + 10M requests × 0.6.
        assert.deepStrictEqual(
            estimate.lines.map((l) => [l.item, l.monthlyMin, l.basis]),
            [
                ["Cognito user pool", 10, "500 MAU assumed"],
                ["Cognito user pool", 0, "500 MAU assumed"],
                ["WAF web ACL", 33, "2 rules, 10M requests, ATP on 10k logins"],
            ],
        );
        assert.deepStrictEqual(estimate.notPriced, [], "app clients cost nothing of their own");
    });

    it("prices a resource in its provider's region", () => {
        const west = estimateMonthlyCost(
            [res("aws:eks/nodeGroup:NodeGroup", "spot", { instanceTypes: ["m7i.large"], capacityType: "SPOT", scalingConfig: { minSize: 1, maxSize: 1 } }, undefined, "us-west-2")],
            "us-east-1",
        );
        assert.strictEqual(west.lines[0].monthlyMin, 29.57, "0.0405 × 730 in us-west-2");
    });

    it("prices a region it has no table for as nothing, listing every resource there with the reason, never falling back to another region's prices", () => {
        const estimate = estimateMonthlyCost(SMALL, "eu-west-1");
        assert.deepStrictEqual(estimate.lines, []);
        assert.deepStrictEqual(estimate.byService, {});
        assert.deepStrictEqual(
            estimate.notPriced.map((n) => [n.type, n.reason]),
            ["eks:index:Cluster", "aws:eks/nodeGroup:NodeGroup", "awsx:ec2:Vpc", "aws:kms/key:Key", "aws:s3/bucket:Bucket"].map((type) => [
                type,
                "no prices for eu-west-1 in prices.json",
            ]),
        );
        assert.ok(estimate.notModelled.some((item) => item.startsWith("data transfer")) && estimate.notModelled.some((item) => item.startsWith("public IPv4 addresses")));
    });
});
