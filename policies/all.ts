import { Policies } from "@pulumi/policy";
import { clusterAccessPolicies } from "./cluster-access";
import { costPolicies } from "./cost";
import { dataProtectionPolicies } from "./data-protection";
import { deployabilityPolicies } from "./deployability";
import { edgePolicies } from "./edge";
import { encryptionPolicies } from "./encryption";
import { imagePolicies } from "./images";
import { networkPolicies } from "./network";
import { podSecurityPolicies } from "./pod-security";
import { quotaPolicies } from "./quotas";
import { resourcePolicies } from "./resources";
import { taggingPolicies } from "./tagging";

/** Every policy of the pack, by concern, in the order the reference lists them. */
export const allPolicies: Policies = [
    ...imagePolicies,
    ...resourcePolicies,
    ...quotaPolicies,
    ...costPolicies,
    ...encryptionPolicies,
    ...podSecurityPolicies,
    ...networkPolicies,
    ...clusterAccessPolicies,
    ...dataProtectionPolicies,
    ...taggingPolicies,
    ...edgePolicies,
    ...deployabilityPolicies,
];
