import * as assert from "assert";
import { parseStackConfig } from "../../stacks/config";
import { problemsOf, shippedConfig } from "../support/config";

describe("stack configuration", () => {
    it("loads the three shipped stacks with their environment's settings", () => {
        const dev = shippedConfig("dev");
        assert.strictEqual(dev.environment, "dev");
        assert.strictEqual(dev.network.availabilityZones, 2);
        assert.strictEqual(dev.network.natGateways, "single");

        const prod = shippedConfig("prod");
        assert.strictEqual(prod.region, "us-east-1");
        assert.strictEqual(prod.network.availabilityZones, 3);
        assert.strictEqual(prod.network.natGateways, "onePerAz");
        assert.deepStrictEqual([prod.dr.role, prod.dr.peerRegion, prod.dr.rpoHours, prod.dr.rtoMinutes], ["primary", "us-west-2", 2, 60]);

        const dr = shippedConfig("prod-dr");
        assert.strictEqual(dr.region, "us-west-2");
        assert.strictEqual(dr.dr.role, "standby");
        assert.strictEqual(dr.dr.primaryStack, "organization/platform/prod");
    });

    it("fills environment defaults for keys a stack leaves out", () => {
        const prod = parseStackConfig({
            project: "platform",
            stack: "prod",
            values: {
                "aws:region": "us-east-1",
                "platform:environment": "prod",
                "platform:owner": "team",
                "platform:costCenter": "cc",
                "platform:observability": JSON.stringify({ alertEmails: ["oncall@example.com"] }),
                "platform:account": JSON.stringify({ id: "111122223333", autoScalingServiceLinkedRole: "create", guardDutyDetector: "create", containerRepositories: "create" }),
            },
            secretKeys: [],
        });
        assert.strictEqual(prod.bootstrap, false);
        assert.strictEqual(prod.network.availabilityZones, 3);
        assert.strictEqual(prod.network.natGateways, "onePerAz");
        assert.deepStrictEqual(prod.network.vpcEndpoints, ["ecr.api", "ecr.dkr", "s3", "sts", "secretsmanager", "logs"]);
        assert.strictEqual(prod.network.flowLogRetentionDays, 365);
    });

    describe("gives one clear line per problem", () => {
        it("an unpinned image", () => {
            const problems = problemsOf("prod", (v) => (v["platform:services"].relaycore.image = "relaycore:latest"));
            assert.deepStrictEqual(problems, ['services.relaycore.image: "relaycore:latest" is not pinned; use an immutable tag with a digest, e.g. repo@sha256:<64 hex>']);
        });

        it("a wrong type", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:network"].availabilityZones = "three")),
                ['network.availabilityZones: "three" has the wrong type; expected number'],
            );
        });

        it("an unknown key, nested or top level, naming the keys that exist", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:network"].natGateway = "single")),
                ["network.natGateway: unknown key; expected one of: cidr, availabilityZones, natGateways, vpcEndpoints, flowLogRetentionDays"],
            );
            const top = problemsOf("dev", (v) => (v["platform:netwrk"] = "{}"));
            assert.strictEqual(top.length, 1);
            assert.match(top[0], /^netwrk: unknown key; expected one of: environment, owner, costCenter, account, bootstrap, deploy, network, cluster, services/);
        });

        it("a value outside an enumeration", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:network"].natGateways = "two")),
                ['network.natGateways: "two" is not allowed; expected one of "onePerAz", "single"'],
            );
        });

        it("a malformed CIDR block", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:network"].cidr = "10.0.0.0/33")),
                ['network.cidr: "10.0.0.0/33" is not an IPv4 CIDR block; expected e.g. 10.20.0.0/16'],
            );
        });

        it("prod rules: fewer than three zones, a single NAT gateway", () => {
            assert.deepStrictEqual(
                problemsOf("prod", (v) => (v["platform:network"].availabilityZones = 1)),
                ["network.availabilityZones: 1 is too small; expected at least 3"],
            );
            assert.deepStrictEqual(
                problemsOf("prod", (v) => (v["platform:network"].natGateways = "single")),
                ['network.natGateways: "single" is not allowed in prod; expected "onePerAz" so a zone outage keeps egress'],
            );
        });

        it("a missing required key and a missing region", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => {
                    delete v["platform:owner"];
                    delete v["aws:region"];
                }),
                ["aws:region: is required; set it with `pulumi config set aws:region us-east-1`", "owner: is required (expected string)"],
            );
        });

        it("a service name that is not a Kubernetes name", () => {
            const problems = problemsOf("dev", (v) => (v["platform:services"].Relay_Core = v["platform:services"].relaycore));
            assert.deepStrictEqual(problems, [`services.Relay_Core: "Relay_Core" is not a valid Kubernetes name; expected lower-case letters, digits and '-' (at most 63)`]);
        });

        it("a standby without its primary stack", () => {
            assert.deepStrictEqual(
                problemsOf("prod-dr", (v) => delete v["platform:dr"].primaryStack),
                ["dr.primaryStack: is required for a standby stack; expected <org>/<project>/<stack> of the primary"],
            );
        });

        it("a CIDR block with host bits set, naming the network meant", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:network"].cidr = "10.0.0.1/16")),
                ['network.cidr: "10.0.0.1/16" has host bits set; expected 10.0.0.0/16'],
            );
        });

        it("a region that does not exist and a provider setting that does not exist, with the one meant", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => {
                    v["aws:region"] = "us-east-9";
                    v["aws:regoin"] = "us-east-1";
                    v["awss:profile"] = "dev";
                }),
                [
                    'aws:region: "us-east-9" is not an AWS region; did you mean us-east-1 or us-east-2?',
                    "aws:regoin: not a setting of the aws provider; did you mean aws:region?",
                    'awss:profile: unknown config namespace "awss"; did you mean aws?',
                ],
            );
        });

        it("secure values where AWS and Kubernetes store plaintext: tags and the services' environment", () => {
            assert.deepStrictEqual(
                problemsOf("dev", () => undefined, ["platform:owner", "platform:services"]),
                [
                    "owner: holds a secure value, which may not be published: it becomes a tag on every AWS resource",
                    "services: holds a secure value, which may not be published: its values become environment variables and labels; put secrets in AWS Secrets Manager and list them in the service's `secrets:`",
                ],
            );
        });

        it("a DR pair in one region: a standby in its primary's region, a primary replicating to itself", () => {
            assert.deepStrictEqual(
                problemsOf("prod-dr", (v) => (v["aws:region"] = "us-east-1")),
                [
                    "dr.peerRegion: \"us-east-1\" is the stack's own region (aws:region); the standby runs in its primary's region; expected the other region of the pair",
                    'services.automatrix.public.certificateArn: "arn:aws:acm:us-west-2:111122223333:certificate/9e4d2b7a-5c13-4f80-b6e2-71a3c9d8f045" is a certificate of us-west-2, but the load balancer is in us-east-1 and uses certificates of its own region; expected a certificate issued in us-east-1',
                ],
            );
            assert.deepStrictEqual(
                problemsOf("prod", (v) => (v["platform:dr"].peerRegion = "us-east-1")),
                ['dr.peerRegion: "us-east-1" is the stack\'s own region (aws:region); the primary replicates to its own region; expected the other region of the pair'],
            );
        });

        it("an unknown environment stops before anything else", () => {
            assert.deepStrictEqual(
                problemsOf("dev", (v) => (v["platform:environment"] = "staging")),
                ['environment: "staging" is not allowed; expected one of "dev", "prod"'],
            );
        });
    });
});
