import { Policies } from "@pulumi/policy";
import { imagePolicies } from "./images";

/** Every policy of the pack, in the order the reference lists them. */
export const allPolicies: Policies = [...imagePolicies];
