import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { tryKnown } from "../lib/values";

const DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";
const BRANDING = "aws:cognito/managedLoginBranding:ManagedLoginBranding";

/** The URN of the resource a property comes from (the engine records it per property). */
function sourceOf(resource: PolicyResource, property: string, type: string): string | undefined {
    return resource.propertyDependencies?.[property]?.find((d) => d.type === type)?.urn;
}

export const cognitoManagedLoginBranding: StackValidationPolicy = {
    name: "cognito-managed-login-branding",
    description:
        "Every app client of a user pool whose domain uses managed login (version 2) has a managed login branding style; without one Cognito shows its users an error page instead of the sign-in page (Cognito developer guide, managed login).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add an aws.cognito.ManagedLoginBranding for each app client (useCognitoProvidedValues: true gives Cognito's default style), or use the classic hosted UI (managedLoginVersion: 1).",
    validateStack: (args, reportViolation) => {
        const managedPools = new Set(
            args.resources
                .filter((r) => r.type === DOMAIN && tryKnown(() => r.props.managedLoginVersion) === 2)
                .map((d) => sourceOf(d, "userPoolId", "aws:cognito/userPool:UserPool")),
        );
        const branded = new Set(args.resources.filter((r) => r.type === BRANDING).map((b) => sourceOf(b, "clientId", CLIENT)));
        for (const client of args.resources.filter((r) => r.type === CLIENT)) {
            const pool = sourceOf(client, "userPoolId", "aws:cognito/userPool:UserPool");
            if (pool && managedPools.has(pool) && !branded.has(client.urn)) {
                reportViolation(
                    `App client "${client.name}" belongs to a user pool with managed login (v2) but has no ManagedLoginBranding: its users would see "login pages unavailable". Add one for this client.`,
                    client.urn,
                );
            }
        }
    },
};
