/**
 * The resource model shared by the offline preview (from a mocked program run) and the stack-export
 * check. Property bags stay in Pulumi's wire format (the JavaScript form of the protobuf Struct the
 * engine exchanges: secrets and resource references as signature objects, unknowns as sentinels),
 * so they go to the policy pack exactly as the engine would send them.
 */
// The wire format's signatures and unknown sentinel, from the SDK module that defines them (loading
// the whole SDK takes a third of a second, which `check` does not otherwise need).
export { specialResourceSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };
export type WireObject = { [key: string]: WireValue };

export interface ResourceRecord {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    id?: string;
    /** The `import` option: the ID of an existing resource the stack adopts instead of creating. */
    importId?: string;
    /** URN of the parent resource, if any. */
    parent?: string;
    /** Provider reference `<provider urn>::<provider id>`, as in the engine's requests. */
    provider?: string;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs: string[];
    aliases: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: WireObject;
    outputs: WireObject;
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export interface Violation {
    policyPack: string;
    policy: string;
    enforcementLevel: "mandatory" | "advisory";
    urn: string | null;
    message: string;
}

/** A change a `remediate` policy made to a resource's inputs before it was analyzed. */
export interface Remediation {
    policyPack: string;
    policy: string;
    urn: string;
    message: string;
}

/** What people need once per violated policy: what it wants and how to fix it. */
export interface PolicyGuidance {
    description: string;
    remediation: string;
}

export interface PolicyRun {
    violations: Violation[];
    remediations: Remediation[];
    /** Guidance of every policy of the pack, by name. */
    guidance: Record<string, PolicyGuidance>;
}
