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
});
