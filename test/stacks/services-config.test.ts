import * as assert from "assert";
import { problemsOf } from "../support/config";

describe("service configuration errors", () => {
    it("an image pinned by tag only", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:services"].neuroweaver.image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/neuroweaver:0.12.3")),
            [
                'services.neuroweaver.image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/neuroweaver:0.12.3" is not pinned; use an immutable tag with a digest, e.g. repo@sha256:<64 hex>',
            ],
        );
    });

    it("limits below requests", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:services"].relaycore.resources.limits = { cpu: "250m", memory: "256Mi" })),
            [
                'services.relaycore.resources.limits.cpu: "250m" is below requests.cpu (500m); expected limits >= requests',
                'services.relaycore.resources.limits.memory: "256Mi" is below requests.memory (768Mi); expected limits >= requests',
            ],
        );
    });

    it("a call to a service the stack does not have", () => {
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:services"].automatrix.calls = ["relaycore", "billing"])),
            ['services.automatrix.calls[1]: "billing" is not a service of this stack; expected one of automatrix, relaycore, neuroweaver'],
        );
    });

    it("HPA minimum above maximum, and a critical prod service with one replica", () => {
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:services"].neuroweaver.replicas = { min: 5, max: 2 })),
            ["services.neuroweaver.replicas.min: 5 is greater than replicas.max (2); expected min <= max"],
        );
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:services"].relaycore.replicas = { min: 1, max: 4 })),
            ["services.relaycore.replicas.min: 1 is below 2 for a critical service in prod; expected at least 2 so one pod can fail"],
        );
    });

    it("a probe on a port the container does not have", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:services"].automatrix.probes.liveness = { path: "/healthz/live", port: 8081 })),
            ["services.automatrix.probes.liveness.port: 8081 is not a port of the container; expected one of 8080, 9090"],
        );
    });
    it("a Cognito callback URL that is not https", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:services"].automatrix.auth.callbackUrls = ["http://automatrix.auterity.example.com/oauth2/idpresponse"])),
            [
                'services.automatrix.auth.callbackUrls[0]: "http://automatrix.auterity.example.com/oauth2/idpresponse" is not an https URL; Cognito and the ALB accept only https callbacks',
            ],
        );
    });

    it("login on a service that is not public, or in a stack without a user pool", () => {
        assert.deepStrictEqual(
            problemsOf("dev", (v) => delete v["platform:services"].automatrix.public),
            ["services.automatrix.auth: is set, but the service is not public: login happens at its internet-facing load balancer; add public or remove auth"],
        );
        assert.deepStrictEqual(
            problemsOf("dev", (v) => delete v["platform:identity"]),
            ["services.automatrix.auth: is set, but the stack has no platform:identity (the user pool); add it or remove auth"],
        );
    });

    it("a bucket granted to a service the stack does not have", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => (v["platform:services"].automatrix.buckets[0].readers = ["neuroweaver", "billing"])),
            ['services.automatrix.buckets[0].readers[1]: "billing" is not a service of this stack; expected one of automatrix, relaycore, neuroweaver'],
        );
    });

    it("a bucket whose retention is shorter than the backup RPO", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => {
                v["platform:dr"].rpoHours = 72;
                v["platform:services"].neuroweaver.buckets[0].retentionDays = 2;
            }),
            ["services.neuroweaver.buckets[0].retentionDays: 2 is shorter than the backup RPO (dr.rpoHours 72); expected at least 3 days"],
        );
    });
});
