import { Policy } from "@pulumi/policy";
import { alertTopicSubscribed } from "./alerts";
import { cognitoManagedLoginBranding } from "./cognito";
import { eksPrivateApiDeployPath } from "./deploy-path";
import { iamManagedPolicyArn, kmsKeyPolicyPrincipalsExist } from "./iam";
import { albHealthCheckRanges } from "./load-balancer";
import { awsResourceNames } from "./names";
import { podIdentityAssociationUnique, podIdentityTrustScoped } from "./pod-identity";
import { ecrCreationTemplateRole, s3ReplicationObjectLock } from "./replication";

/**
 * Deployability: what AWS and the controllers would refuse at `pulumi up`, or accept and then
 * never do, although a preview under mocks passes. Each rule carries the constraint's source.
 */
export const deployabilityPolicies: Policy[] = [
    awsResourceNames,
    iamManagedPolicyArn,
    kmsKeyPolicyPrincipalsExist,
    podIdentityAssociationUnique,
    podIdentityTrustScoped,
    s3ReplicationObjectLock,
    ecrCreationTemplateRole,
    albHealthCheckRanges,
    cognitoManagedLoginBranding,
    alertTopicSubscribed,
    eksPrivateApiDeployPath,
];
