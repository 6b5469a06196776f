import * as assert from "assert";
import { TestResource, urnOf, violationsOf } from "../../support/policy-harness";

const details = (vs: { message: string }[]) => vs.map((v) => v.message.split("\n")[1]);
const POOL = urnOf("aws:cognito/userPool:UserPool", "users");

function pool(managedLoginVersion: number, branded: boolean): TestResource[] {
    return [
        { type: "aws:cognito/userPool:UserPool", name: "users", inputs: {} },
        {
            type: "aws:cognito/userPoolDomain:UserPoolDomain",
            name: "users",
            inputs: { domain: "auterity", userPoolId: "pool", managedLoginVersion },
            propertyDependencies: { userPoolId: [POOL] },
        },
        { type: "aws:cognito/userPoolClient:UserPoolClient", name: "automatrix", inputs: { name: "automatrix", userPoolId: "pool" }, propertyDependencies: { userPoolId: [POOL] } },
        ...(branded
            ? [
                  {
                      type: "aws:cognito/managedLoginBranding:ManagedLoginBranding",
                      name: "automatrix",
                      inputs: { userPoolId: "pool", clientId: "client", useCognitoProvidedValues: true },
                      propertyDependencies: { clientId: [urnOf("aws:cognito/userPoolClient:UserPoolClient", "automatrix")] },
                  },
              ]
            : []),
    ];
}

describe("policy cognito-managed-login-branding (stack, mandatory)", () => {
    it("fails a managed login (v2) client without a branding style (finding 12)", async () => {
        assert.deepStrictEqual(details(await violationsOf("cognito-managed-login-branding", pool(2, false))), [
            'App client "automatrix" belongs to a user pool with managed login (v2) but has no ManagedLoginBranding: its users would see "login pages unavailable". Add one for this client.',
        ]);
    });

    it("passes a branded client, and the classic hosted UI without branding", async () => {
        assert.deepStrictEqual(await violationsOf("cognito-managed-login-branding", pool(2, true)), []);
        assert.deepStrictEqual(await violationsOf("cognito-managed-login-branding", pool(1, false)), []);
    });
});
