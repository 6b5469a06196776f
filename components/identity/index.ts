import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AppClientSpec {
    /** Where Cognito returns after login (https only). */
    callbackUrls: string[];
    logoutUrls: string[];
    /** OAuth scopes the client may ask for. */
    scopes: string[];
}

export interface IdentityArgs {
    /** Region of the user pool (its issuer URL names it). */
    region: string;
    /** `required`: TOTP for every user; `optional`: users may enrol. */
    mfa: "required" | "optional";
    /** Threat protection (Plus tier): `enforced` blocks risky sign-ins; `audit` reports them. */
    threatProtection: "enforced" | "audit";
    /** Hosted UI domain prefix: `<prefix>.auth.<region>.amazoncognito.com`. */
    domainPrefix: string;
    /** Minimum password length (uppercase, lowercase, digits and symbols are always required). */
    passwordMinimumLength: number;
    /** Only administrators create users. Default: true. */
    adminCreateUserOnly?: boolean;
    /** App clients of the services that log users in (through the ALB), by service. */
    clients: Record<string, AppClientSpec>;
    /** Deletion protection and `protect` (prod). Default: true. */
    protect?: boolean;
    /** Provider of the user pool's region. */
    provider: aws.Provider;
}

/** What a service's ALB needs for `auth-type: cognito`, and what the service reads (none of it secret). */
export interface CognitoLogin {
    userPoolArn: pulumi.Output<string>;
    userPoolId: pulumi.Output<string>;
    issuerUrl: pulumi.Output<string>;
    clientId: pulumi.Output<string>;
    domain: string;
    /** OAuth scopes the ALB asks for: the client's. */
    scopes: string[];
}

/**
 * The platform's Cognito user pool: MFA with TOTP, a strong password policy, threat protection,
 * recovery by verified e-mail only, deletion protection, a hosted-UI domain, and one app client per
 * service that logs users in (authorization code flow, https callbacks). Client secrets stay
 * secret outputs of the clients; the ALB reads them from Cognito itself.
 */
export class Identity extends pulumi.ComponentResource {
    readonly userPool: aws.cognito.UserPool;
    readonly issuerUrl: pulumi.Output<string>;
    readonly logins: Record<string, CognitoLogin>;

    constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:identity:Identity", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const protect = args.protect ?? true;
        this.userPool = new aws.cognito.UserPool(
            name,
            {
                name,
                // Threat protection needs the Plus feature plan.
                userPoolTier: "PLUS",
                userPoolAddOns: { advancedSecurityMode: args.threatProtection === "enforced" ? "ENFORCED" : "AUDIT" },
                mfaConfiguration: args.mfa === "required" ? "ON" : "OPTIONAL",
                softwareTokenMfaConfiguration: { enabled: true },
                passwordPolicy: {
                    minimumLength: args.passwordMinimumLength,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 3,
                    passwordHistorySize: 12,
                },
                usernameAttributes: ["email"],
                autoVerifiedAttributes: ["email"],
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                adminCreateUserConfig: { allowAdminCreateUserOnly: args.adminCreateUserOnly ?? true },
                deletionProtection: protect ? "ACTIVE" : "INACTIVE",
            },
            { ...childOpts, protect },
        );
        this.issuerUrl = pulumi.interpolate`https://cognito-idp.${args.region}.amazonaws.com/${this.userPool.id}`;
        new aws.cognito.UserPoolDomain(name, { domain: args.domainPrefix, userPoolId: this.userPool.id, managedLoginVersion: 2 }, childOpts);

        this.logins = {};
        for (const [service, client] of Object.entries(args.clients)) {
            const appClient = new aws.cognito.UserPoolClient(
                `${name}-${service}`,
                {
                    name: service,
                    userPoolId: this.userPool.id,
                    // The ALB is a confidential client: Cognito generates the secret and the ALB reads it itself.
                    generateSecret: true,
                    allowedOauthFlowsUserPoolClient: true,
                    allowedOauthFlows: ["code"],
                    allowedOauthScopes: client.scopes,
                    callbackUrls: client.callbackUrls,
                    logoutUrls: client.logoutUrls,
                    supportedIdentityProviders: ["COGNITO"],
                    preventUserExistenceErrors: "ENABLED",
                    enableTokenRevocation: true,
                    accessTokenValidity: 60,
                    idTokenValidity: 60,
                    refreshTokenValidity: 12,
                    tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "hours" },
                },
                childOpts,
            );
            // Managed login v2 shows "login pages unavailable" to a client without a branding style
            // (Cognito developer guide, managed login branding); Cognito's default style is enough.
            new aws.cognito.ManagedLoginBranding(`${name}-${service}`, { userPoolId: this.userPool.id, clientId: appClient.id, useCognitoProvidedValues: true }, childOpts);
            this.logins[service] = {
                userPoolArn: this.userPool.arn,
                userPoolId: this.userPool.id,
                issuerUrl: this.issuerUrl,
                clientId: appClient.id,
                domain: args.domainPrefix,
                scopes: client.scopes,
            };
        }
        this.registerOutputs({ userPoolId: this.userPool.id, issuerUrl: this.issuerUrl });
    }
}
