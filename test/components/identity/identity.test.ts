import * as assert from "assert";
import { previewJson } from "../../support/commands";
import { Plan } from "../../support/plan";

const plan = async (stack: string) => new Plan((await previewJson(stack)).report);
const USER_POOL = "aws:cognito/userPool:UserPool";

/** Leaf paths where two input objects differ, e.g. `passwordPolicy.minimumLength`. */
function differences(a: unknown, b: unknown, at = ""): string[] {
    if (typeof a === "object" && a !== null && typeof b === "object" && b !== null && !Array.isArray(a)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at ? `${at}.${key}` : key));
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

describe("Identity", () => {
    it("prod: a protected Plus-tier user pool with required TOTP MFA, enforced threat protection and a strong password policy", async () => {
        const pool = (await plan("prod")).one(USER_POOL);
        assert.strictEqual(pool.protect, true);
        const p = pool.inputs;
        assert.strictEqual(p.name, "platform-prod-users");
        assert.strictEqual(p.mfaConfiguration, "ON");
        assert.deepStrictEqual(p.softwareTokenMfaConfiguration, { enabled: true });
        assert.strictEqual(p.userPoolTier, "PLUS");
        assert.deepStrictEqual(p.userPoolAddOns, { advancedSecurityMode: "ENFORCED" });
        assert.strictEqual(p.deletionProtection, "ACTIVE");
        assert.deepStrictEqual(p.passwordPolicy, {
            minimumLength: 14,
            requireLowercase: true,
            requireUppercase: true,
            requireNumbers: true,
            requireSymbols: true,
            temporaryPasswordValidityDays: 3,
            passwordHistorySize: 12,
        });
        assert.deepStrictEqual(p.accountRecoverySetting, { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
        assert.deepStrictEqual([p.usernameAttributes, p.autoVerifiedAttributes], [["email"], ["email"]]);
        assert.deepStrictEqual(p.adminCreateUserConfig, { allowAdminCreateUserOnly: true });
    });

    it("dev differs from prod only where its config says: optional MFA, audit mode, 12 characters, no deletion protection", async () => {
        const [dev, prod] = [(await plan("dev")).one(USER_POOL), (await plan("prod")).one(USER_POOL)];
        assert.deepStrictEqual(differences(prod.inputs, dev.inputs).sort(), [
            "deletionProtection",
            "mfaConfiguration",
            "name",
            "passwordPolicy.minimumLength",
            "userPoolAddOns.advancedSecurityMode",
        ]);
        assert.deepStrictEqual(
            [dev.inputs.mfaConfiguration, dev.inputs.userPoolAddOns.advancedSecurityMode, dev.inputs.passwordPolicy.minimumLength, dev.inputs.deletionProtection, dev.protect],
            ["OPTIONAL", "AUDIT", 12, "INACTIVE", false],
        );
    });

    it("has a hosted-UI domain and an authorization-code client per service that logs users in, with https callbacks from config", async () => {
        const prod = await plan("prod");
        assert.deepStrictEqual(prod.one("aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain, "auterity-prod");
        const clients = prod.ofType("aws:cognito/userPoolClient:UserPoolClient");
        assert.deepStrictEqual(
            clients.map((c) => c.inputs.name),
            ["automatrix"],
        );
        const client = clients[0].inputs;
        assert.deepStrictEqual([client.allowedOauthFlows, client.allowedOauthScopes, client.supportedIdentityProviders], [["code"], ["openid", "email"], ["COGNITO"]]);
        assert.deepStrictEqual(client.callbackUrls, ["https://automatrix.auterity.example.com/oauth2/idpresponse"]);
        assert.deepStrictEqual(client.logoutUrls, ["https://automatrix.auterity.example.com/"]);
        assert.deepStrictEqual([client.generateSecret, client.preventUserExistenceErrors, client.enableTokenRevocation], [true, "ENABLED", true]);
    });

    it("exports the pool ID, issuer URL and client IDs, never a client secret", async () => {
        const { report, result } = await previewJson("prod");
        const identity = report.outputs!.identity as { userPoolId: string; issuerUrl: string; clientIds: Record<string, string> };
        assert.deepStrictEqual(Object.keys(identity).sort(), ["clientIds", "issuerUrl", "userPoolId"]);
        assert.strictEqual(identity.issuerUrl, `https://cognito-idp.us-east-1.amazonaws.com/${identity.userPoolId}`);
        assert.deepStrictEqual(Object.keys(identity.clientIds), ["automatrix"]);
        assert.doesNotMatch(result.stdout, /clientSecret|offline-placeholder-secret/, "the mock's client secret appears nowhere in the preview");
    });
});
