import * as assert from "assert";
import { problemsOf, shippedConfig } from "../support/config";

describe("identity configuration", () => {
    it("ships prod with required MFA and enforced threat protection, dev with optional MFA in audit mode", () => {
        const pick = (stack: string) => {
            const identity = shippedConfig(stack).identity!;
            return [identity.mfa, identity.threatProtection, identity.passwordMinimumLength];
        };
        assert.deepStrictEqual(pick("prod"), ["required", "enforced", 14]);
        assert.deepStrictEqual(pick("dev"), ["optional", "audit", 12]);
    });

    it("prod refuses optional MFA, audit-only threat protection and short passwords", () => {
        assert.deepStrictEqual(
            problemsOf("prod", (v) => Object.assign(v["platform:identity"], { mfa: "optional", threatProtection: "audit", passwordMinimumLength: 8 })),
            [
                "identity.passwordMinimumLength: 8 is too small; expected at least 14",
                'identity.mfa: "optional" is not allowed in prod; expected "required"',
                'identity.threatProtection: "audit" is not allowed in prod; expected "enforced"',
            ],
        );
    });

    it("a hosted-UI domain prefix Cognito would reject", () => {
        assert.deepStrictEqual(
            problemsOf("dev", (v) => (v["platform:identity"].domainPrefix = "Auterity_Dev")),
            ["identity.domainPrefix: \"Auterity_Dev\" is not a Cognito domain prefix; expected lower-case letters, digits and '-'"],
        );
    });
});
