import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./all";

// Constructing the pack starts the analyzer gRPC server: nothing else may import this module.
new PolicyPack("platform-guardrails", {
    description: "Guardrails for the AutoMatrix, RelayCore and NeuroWeaver platform on EKS.",
    policies: allPolicies,
});
